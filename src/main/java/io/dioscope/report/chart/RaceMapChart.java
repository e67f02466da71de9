package io.dioscope.report.chart;

import io.dioscope.report.Numbers;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;

/**
 * The race map: time across, file offset up. Each direct-I/O window is a rectangle from its begin to
 * its completion over the bytes it writes (or reads); each access to the file a marker coloured by
 * kind. A marker inside a rectangle is a race.
 */
public final class RaceMapChart {
    static final int MAX_WINDOWS = 3000;
    static final int MAX_MARKERS = 6000;
    public static final int WIDTH = 1100;
    public static final int HEIGHT = 460;

    /** Time axis: trace-clock seconds (overviews) or ms after a window's begin (zooms). */
    record Clock(long originNs, double nsPerUnit, String label, String format) {
        double x(long ns) {
            return (ns - originNs) / nsPerUnit;
        }
    }

    private RaceMapChart() {}

    /** Every window and every conflicting access of one file. */
    public static ChartFile overview(ChartData data, int trace, String dev, long ino, String title, ChartWriter out, String name)
            throws Exception {
        return out.write(overviewChart(data, trace, dev, ino, title), name, WIDTH, HEIGHT, ChartWriter.Format.PNG_AND_SVG,
                "Race map of " + dev + " inode " + ino + ": direct-I/O windows as rectangles, conflicting accesses as markers");
    }

    static JFreeChart overviewChart(ChartData data, int trace, String dev, long ino, String title) throws Exception {
        List<ChartData.WindowBox> every = data.windows(trace, dev, ino, null, null);
        // the time axis spans the windows with findings: one stray window at the end of a trace would
        // otherwise squeeze every race into a sliver of the chart
        long from = every.stream().filter(ChartData.WindowBox::found).mapToLong(ChartData.WindowBox::beginTs).min()
                .orElse(Long.MIN_VALUE);
        long to = every.stream().filter(ChartData.WindowBox::found).mapToLong(ChartData.WindowBox::endTs).max()
                .orElse(Long.MAX_VALUE);
        long pad = from == Long.MIN_VALUE ? 0 : Math.max((to - from) / 20, 1000);
        long t0 = from == Long.MIN_VALUE ? Long.MIN_VALUE : from - pad;
        long t1 = to == Long.MAX_VALUE ? Long.MAX_VALUE : to + pad;
        List<ChartData.WindowBox> all = every.stream().filter(b -> b.endTs() >= t0 && b.beginTs() <= t1).toList();
        List<ChartData.Access> conflicts = new java.util.ArrayList<>(data.conflicts(trace, dev, ino).stream()
                .filter(a -> a.kind() != AccessKind.CACHE_REMOVE && a.ts() >= t0 && a.ts() <= t1).toList());
        conflicts.addAll(data.overlappingBegins(trace, dev, ino, t0, t1));
        List<ChartData.WindowBox> boxes = Sampling.thin(all, MAX_WINDOWS, ChartData.WindowBox::found);
        List<ChartData.Access> markers = Sampling.thin(conflicts, MAX_MARKERS, a -> a.kind() == AccessKind.SPACE_OP);
        List<String> notes = new java.util.ArrayList<>();
        if (all.size() < every.size()) {
            notes.add("From the first to the last window with a finding (" + Numbers.grouped(all.size()) + " of "
                    + Numbers.grouped(every.size()) + " windows)");
        }
        if (boxes.size() < all.size() || markers.size() < conflicts.size()) {
            long found = all.stream().filter(ChartData.WindowBox::found).count();
            notes.add("sampled to stay readable: " + Numbers.grouped(boxes.size()) + " of " + Numbers.grouped(all.size())
                    + " windows (all " + Numbers.grouped(found) + " with findings), " + Numbers.grouped(markers.size())
                    + " of " + Numbers.grouped(conflicts.size()) + " conflicting accesses");
        }
        String note = notes.isEmpty() ? null : String.join("; ", notes);
        Clock clock = new Clock(0, 1e9, "time (s, trace clock)", "0.000###");
        JFreeChart chart = build(title, boxes, markers, clock, note, null);
        long[] lossy = data.lossySpan(trace);
        if (lossy[1] > lossy[0]) {
            // where some CPU's events are missing, pairings and accesses are incomplete: say so on the chart
            org.jfree.chart.plot.IntervalMarker m = new org.jfree.chart.plot.IntervalMarker(clock.x(lossy[0]),
                    clock.x(lossy[1]), new java.awt.Color(0, 0, 0, 18));
            m.setLabel("trace incomplete here");
            m.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_LEFT);
            m.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.TOP_LEFT);
            chart.getXYPlot().addDomainMarker(m, org.jfree.chart.ui.Layer.BACKGROUND);
        }
        return chart;
    }

    /** One window and everything that touched its file around it. */
    public static ChartFile zoom(ChartData data, int trace, String dev, long ino, long windowId, long pos, long endPos,
            long beginTs, long endTs, String title, ChartWriter out, String name) throws Exception {
        return out.write(zoomChart(data, trace, dev, ino, windowId, pos, endPos, beginTs, endTs, title), name,
                WIDTH, HEIGHT - 40, ChartWriter.Format.SVG, "Zoom on the window: its rectangle, the other windows and every access around it");
    }

    static JFreeChart zoomChart(ChartData data, int trace, String dev, long ino, long windowId, long pos, long endPos,
            long beginTs, long endTs, String title) throws Exception {
        long span = Math.max(endTs - beginTs, 1000);
        long t0 = beginTs - span / 4;
        long t1 = endTs + span / 4;
        long margin = Math.max((endPos - pos) / 4, 4096);
        long p0 = Math.max(0, pos - margin);
        long p1 = endPos + margin;
        List<ChartData.WindowBox> boxes = data.windows(trace, dev, ino, t0, t1).stream()
                .filter(b -> b.pos() < p1 && b.endPos() > p0).toList();
        List<ChartData.Access> all = new java.util.ArrayList<>(data.accesses(trace, dev, ino, t0, t1).stream()
                .filter(a -> a.kind() != AccessKind.CACHE_REMOVE && a.pos() < p1 && a.pos() + a.len() > p0).toList());
        all.addAll(data.overlappingBegins(trace, dev, ino, t0, t1).stream().filter(a -> a.pos() < p1 && a.pos() + a.len() > p0).toList());
        List<ChartData.Access> markers = Sampling.thin(all, MAX_MARKERS, a -> a.ts() > beginTs && a.ts() < endTs);
        String note = markers.size() < all.size() ? "Sampled: " + Numbers.grouped(markers.size()) + " of "
                + Numbers.grouped(all.size()) + " accesses (all inside the window kept)" : null;
        Clock clock = new Clock(beginTs, 1e6, "ms after this direct I/O began", "0.###");
        JFreeChart chart = build(title, boxes, markers, clock, note, windowId);
        XYPlot plot = chart.getXYPlot();
        plot.getDomainAxis().setRange(clock.x(t0), clock.x(t1));
        plot.getRangeAxis().setRange(p0, p1);
        return chart;
    }

    private static JFreeChart build(String title, List<ChartData.WindowBox> boxes, List<ChartData.Access> markers,
            Clock clock, String note, Long highlight) {
        XYIntervalSeries writes = new XYIntervalSeries("direct write window");
        XYIntervalSeries reads = new XYIntervalSeries("direct read window");
        XYIntervalSeries found = new XYIntervalSeries(highlight == null ? "window with a finding" : "this window");
        for (ChartData.WindowBox b : boxes) {
            boolean mark = highlight == null ? b.found() : b.windowId() == highlight;
            XYIntervalSeries s = mark ? found : "read".equals(b.direction()) ? reads : writes;
            double x0 = clock.x(b.beginTs());
            double x1 = clock.x(b.endTs());
            s.add(x0, x0, x1, b.pos(), b.pos(), b.endPos());
        }
        // only series with something in them, so the legend lists what is drawn
        XYIntervalSeriesCollection windows = new XYIntervalSeriesCollection();
        XYBarRenderer boxRenderer = new XYBarRenderer();
        boxRenderer.setUseYInterval(true);
        boxRenderer.setBarPainter(new StandardXYBarPainter());
        boxRenderer.setShadowVisible(false);
        boxRenderer.setDrawBarOutline(true);
        Object[][] styles = {{writes, ChartStyle.WRITE_FILL, ChartStyle.WRITE_EDGE}, {reads, ChartStyle.READ_FILL,
            ChartStyle.READ_EDGE}, {found, ChartStyle.FOUND_FILL, ChartStyle.FOUND_EDGE}};
        for (Object[] st : styles) {
            XYIntervalSeries series = (XYIntervalSeries) st[0];
            if (series.getItemCount() == 0) continue;
            int index = windows.getSeriesCount();
            windows.addSeries(series);
            boxRenderer.setSeriesPaint(index, (java.awt.Paint) st[1]);
            boxRenderer.setSeriesOutlinePaint(index, (java.awt.Paint) st[2]);
            if (series == found) boxRenderer.setSeriesOutlineStroke(index, ChartStyle.stroke(1.6f));
        }

        AccessMarkers points = new AccessMarkers(markers, a -> clock.x(a.ts()), ChartData.Access::pos);

        NumberAxis time = new NumberAxis(clock.label());
        time.setNumberFormatOverride(new DecimalFormat(clock.format()));
        time.setAutoRangeIncludesZero(false);
        NumberAxis offset = ChartStyle.offsetAxis("file offset");
        XYPlot plot = new XYPlot(windows, time, offset, boxRenderer);
        plot.setDataset(1, points.points);
        plot.setRenderer(1, points.renderer);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        JFreeChart chart = new JFreeChart(title, ChartStyle.TITLE, plot, true);
        ChartStyle.apply(chart);
        ChartStyle.note(chart, note);
        return chart;
    }
}
