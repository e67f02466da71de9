package io.dioscope.report.chart;

import io.dioscope.report.Numbers;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** How many pages of the raced range were in the page cache over time (from the add/delete events). */
public final class OccupancyChart {
    private OccupancyChart() {}

    /** {@code pageSize}: the trace's, in bytes (dio_windows.page_size). */
    public static ChartFile write(ChartData data, int trace, String dev, long ino, long pos, long endPos, long pageSize,
            long beginTs, long endTs, String title, ChartWriter out, String name) throws Exception {
        long span = Math.max(endTs - beginTs, 1000);
        long t0 = beginTs - 2 * span;
        long t1 = endTs + 2 * span;
        List<ChartData.Residency> folios = data.residency(trace, dev, ino, pos, endPos, t0, t1);
        // pages of [pos, endPos) that enter (+) and leave (-) the cache, by time
        TreeMap<Long, Long> delta = new TreeMap<>();
        long atStart = 0;
        for (ChartData.Residency r : folios) {
            long pages = (Math.min(r.endPos(), endPos) - Math.max(r.pos(), pos) + pageSize - 1) / pageSize;
            if (r.addedTs() == null || r.addedTs() <= t0) atStart += pages;
            else delta.merge(r.addedTs(), pages, Long::sum);
            if (r.removedTs() != null && r.removedTs() <= t1) delta.merge(r.removedTs(), -pages, Long::sum);
        }
        XYSeries present = new XYSeries("pages cached of " + Numbers.hex(pos) + "-" + Numbers.hex(endPos), false, true);
        long n = atStart;
        present.add(ChartStyle.sinceBegin(t0, beginTs), n);
        for (var e : delta.entrySet()) {
            if (e.getKey() < t0) continue;
            n += e.getValue();
            present.add(ChartStyle.sinceBegin(e.getKey(), beginTs), n);
        }
        present.add(ChartStyle.sinceBegin(t1, beginTs), n);
        NumberAxis time = ChartStyle.sinceBeginAxis();
        NumberAxis pages = new NumberAxis("pages in the cache");
        pages.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        pages.setUpperBound(Math.max(1, (endPos - pos) / pageSize) * 1.1);
        XYStepRenderer renderer = new XYStepRenderer();
        renderer.setSeriesPaint(0, AccessKind.CACHE_FILL.color);
        renderer.setSeriesStroke(0, ChartStyle.stroke(2f));
        XYPlot plot = new XYPlot(new XYSeriesCollection(present), time, pages, renderer);
        plot.addDomainMarker(new IntervalMarker(0, ChartStyle.sinceBegin(endTs, beginTs), new Color(44, 160, 44, 40)), Layer.BACKGROUND);
        JFreeChart chart = new JFreeChart(title, ChartStyle.TITLE, plot, true);
        ChartStyle.apply(chart);
        // a step: two segments per point
        return out.write(chart, name, RaceMapChart.WIDTH, 300, ChartWriter.Format.vectorIfFew(2 * present.getItemCount()),
                "Page-cache occupancy of the raced range around the window");
    }
}
