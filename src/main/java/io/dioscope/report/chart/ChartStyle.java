package io.dioscope.report.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.TickUnits;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.TextTitle;

/** The look every chart shares: white background, light grid, readable fonts, hex offsets. */
final class ChartStyle {
    static final Color GRID = new Color(0xdddddd);
    static final BasicStroke GRIDLINE = new BasicStroke(0.5f);
    static final Color WRITE_FILL = new Color(44, 160, 44, 60);
    static final Color WRITE_EDGE = new Color(0x2ca02c);
    static final Color READ_FILL = new Color(31, 119, 180, 50);
    static final Color READ_EDGE = new Color(0x1f77b4);
    static final Color FOUND_EDGE = new Color(0xd62728);
    static final Color FOUND_FILL = new Color(214, 39, 40, 45);
    static final Color FOUND_SOLID = new Color(214, 39, 40, 170);
    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    /** Tick labels of a time axis in the trace clock's seconds: milliseconds always, microseconds when the ticks need them. */
    static final String SECONDS = "0.000###";
    static final Font NOTE = new Font(Font.SANS_SERIF, Font.ITALIC, 11);
    static final Font COUNT = new Font(Font.SANS_SERIF, Font.PLAIN, 9);

    private ChartStyle() {}

    static void apply(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        if (chart.getTitle() != null) chart.getTitle().setFont(TITLE);
        if (chart.getPlot() instanceof XYPlot plot) {
            plot.setBackgroundPaint(Color.WHITE);
            plot.setDomainGridlinePaint(GRID);
            plot.setRangeGridlinePaint(GRID);
            // solid: JFreeChart's default gridlines are dashed, each dash an anti-aliased shape of its own, which
            // was a tenth of drawing a report's charts
            plot.setDomainGridlineStroke(GRIDLINE);
            plot.setRangeGridlineStroke(GRIDLINE);
            plot.setOutlinePaint(Color.GRAY);
        }
    }

    /** A note under the title: what was sampled or aggregated, so the chart never overstates. */
    static void note(JFreeChart chart, String text) {
        if (text == null || text.isEmpty()) return;
        TextTitle t = new TextTitle(text, NOTE);
        t.setPaint(new Color(0x444444));
        chart.addSubtitle(t);
    }

    /** An axis of file offsets in hex, ticking at powers of two of at least a page. */
    static NumberAxis offsetAxis(String label) {
        NumberAxis axis = new NumberAxis(label);
        TickUnits units = new TickUnits();
        HexOffsetFormat hex = new HexOffsetFormat();
        for (long u = 512; u > 0 && u < (1L << 52); u <<= 1) units.add(new NumberTickUnit(u, hex));
        axis.setStandardTickUnits(units);
        axis.setAutoRangeIncludesZero(false);
        return axis;
    }

    /**
     * The time axis of a finding's charts: microseconds after its window began. Direct I/O takes tens
     * to hundreds of microseconds; in milliseconds every tick would be 0.0-something.
     */
    static NumberAxis sinceBeginAxis() {
        NumberAxis axis = new NumberAxis("\u00b5s after this direct I/O began");
        axis.setNumberFormatOverride(new java.text.DecimalFormat("#,##0.#"));
        axis.setAutoRangeIncludesZero(false);
        return axis;
    }

    /** Nanoseconds from {@code beginTs} to {@code ts}, in the unit of {@link #sinceBeginAxis}. */
    static double sinceBegin(long ts, long beginTs) {
        return (ts - beginTs) / 1e3;
    }

    static BasicStroke stroke(float width) {
        return new BasicStroke(width);
    }
}
