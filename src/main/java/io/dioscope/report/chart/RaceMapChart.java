package io.dioscope.report.chart;

import io.dioscope.report.Numbers;
import java.awt.Color;
import java.awt.Paint;
import java.awt.geom.Rectangle2D;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;

/**
 * The race map: time across, file offset up. Each direct-I/O window is a rectangle from its begin to
 * its completion over the bytes it writes (or reads); each access to the file inside a window a marker
 * of its kind, in that window. A marker inside a rectangle is a race.
 *
 * <p>The map of a whole file lays windows out in lanes ({@link Lanes}), one strip each with its own
 * offset axis, so windows in flight together over the same bytes never cover each other. Past
 * {@link #DENSITY_FROM} windows the ones without a finding become a density (darker: more windows),
 * and the ones with a finding are drawn on top, never smaller than a few pixels, so they can be found
 * without zooming. Markers of a kind that fall on the same few pixels of one window are one marker
 * labelled with their count.
 */
public final class RaceMapChart {
    static final int DENSITY_FROM = 2000;
    static final int MAX_LANES = 8;
    static final int MAX_MARKERS = 6000;
    /** The smallest a window with a finding is drawn, in pixels either way. */
    static final int MIN_FOUND_PX = 5;
    /** Markers of one kind closer than this, in pixels, in one window, are drawn as one with a count. */
    static final int MERGE_PX = 5;
    public static final int WIDTH = 1100;
    public static final int HEIGHT = 460;
    /** Room the title, notes, time axis and legend take, around the lanes. */
    private static final int FRAME = 170;
    /** Pixels of a plot that are not its data area, roughly: the axis on the left, the margins. */
    private static final int AXIS_PX = 110;

    /** Time axis: trace-clock seconds (overviews) or microseconds after a window's begin (zooms). */
    record Clock(long originNs, double nsPerUnit, String label, String format) {
        double x(long ns) {
            return (ns - originNs) / nsPerUnit;
        }
    }

    /** A file's race map and the size to draw it at. */
    record Overview(JFreeChart chart, int height, int lanes, boolean density) {}

    private RaceMapChart() {}

    /** Every window and every conflicting access of one file. */
    public static ChartFile overview(ChartData data, int trace, String dev, long ino, String title, ChartWriter out,
            String name) throws Exception {
        Overview o = overviewChart(data, trace, dev, ino, title);
        // an SVG of a density says no more than its PNG; one of a few hundred windows can be zoomed into
        return out.write(o.chart(), name, WIDTH, o.height(), o.density() ? ChartWriter.Format.PNG
                : ChartWriter.Format.PNG_AND_SVG, "Race map of " + dev + " inode " + ino
                + ": direct-I/O windows as rectangles in lanes, conflicting accesses as markers inside them");
    }

    /** The height of a map of {@code lanes} lanes. */
    static int height(int lanes) {
        return FRAME + Math.max(HEIGHT - FRAME, 110 * lanes);
    }

    static Overview overviewChart(ChartData data, int trace, String dev, long ino, String title) throws Exception {
        List<ChartData.WindowBox> every = data.windows(trace, dev, ino, null, null);
        // the time axis spans the windows with findings: one stray window at the end of a trace would
        // otherwise squeeze every race into a sliver of the chart
        long from = every.stream().filter(ChartData.WindowBox::found).mapToLong(ChartData.WindowBox::beginTs).min()
                .orElse(every.isEmpty() ? 0 : every.get(0).beginTs());
        long to = every.stream().filter(ChartData.WindowBox::found).mapToLong(ChartData.WindowBox::endTs).max()
                .orElse(every.stream().mapToLong(ChartData.WindowBox::endTs).max().orElse(1));
        long pad = Math.max((to - from) / 40, 1000);
        long t0 = from - pad;
        long t1 = to + pad;
        List<ChartData.WindowBox> all = every.stream().filter(b -> b.endTs() >= t0 && b.beginTs() <= t1).toList();
        int[] laneOf = Lanes.assign(all);
        int needed = 1;
        for (int l : laneOf) needed = Math.max(needed, l + 1);
        int lanes = Math.min(needed, MAX_LANES);
        Map<Long, ChartData.WindowBox> byId = new HashMap<>();
        Map<Long, Integer> laneById = new HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            byId.put(all.get(i).windowId(), all.get(i));
            laneById.put(all.get(i).windowId(), Math.min(laneOf[i], lanes - 1));
        }
        long lo = all.stream().mapToLong(ChartData.WindowBox::pos).min().orElse(0);
        long hi = all.stream().mapToLong(ChartData.WindowBox::endPos).max().orElse(4096);
        long margin = Math.max((hi - lo) / 25, 256);
        double p0 = lo - margin;
        double p1 = hi + margin;
        int height = height(lanes);
        Clock clock = new Clock(0, 1e9, "time (s, trace clock)", "0.000###");
        double xPerPx = (clock.x(t1) - clock.x(t0)) / (WIDTH - AXIS_PX);
        double yPerPx = (p1 - p0) / ((height - FRAME) / (double) lanes - 8);
        boolean density = all.size() > DENSITY_FROM;

        List<ChartData.Mark> marks = data.marks(trace, dev, ino).stream()
                .filter(m -> laneById.containsKey(m.windowId()) && m.access().kind() != AccessKind.CACHE_REMOVE
                        && m.access().ts() >= t0 && m.access().ts() <= t1).toList();

        NumberAxis time = new NumberAxis(clock.label());
        time.setNumberFormatOverride(new DecimalFormat(clock.format()));
        time.setAutoRangeIncludesZero(false);
        time.setRange(clock.x(t0), clock.x(t1));
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(time);
        plot.setGap(6);
        long[] lossy = data.lossySpan(trace);
        int markersDrawn = 0;
        for (int lane = 0; lane < lanes; lane++) {
            List<ChartData.WindowBox> mine = new ArrayList<>();
            for (ChartData.WindowBox b : all) if (laneById.get(b.windowId()) == lane) mine.add(b);
            List<AccessMarkers.Point> points = merged(marks, lane, laneById, byId, clock, xPerPx, yPerPx);
            markersDrawn += points.size();
            XYPlot sub = lanePlot(mine, points, clock, density, xPerPx, yPerPx, lanes == 1 ? "file offset"
                    : "lane " + (lane + 1) + ": offset", p0, p1);
            if (lossy[1] > lossy[0]) {
                // where some CPU's events are missing, pairings and accesses are incomplete: say so on the chart
                IntervalMarker m = new IntervalMarker(clock.x(lossy[0]), clock.x(lossy[1]), new Color(0, 0, 0, 18));
                if (lane == 0) {
                    m.setLabel("trace incomplete here");
                    m.setLabelAnchor(RectangleAnchor.TOP_LEFT);
                    m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
                }
                sub.addDomainMarker(m, Layer.BACKGROUND);
            }
            plot.add(sub, 1);
        }
        plot.setFixedLegendItems(legend(all, marks, density));
        JFreeChart chart = new JFreeChart(title, ChartStyle.TITLE, plot, true);
        ChartStyle.apply(chart);
        List<String> notes = new ArrayList<>();
        long found = all.stream().filter(ChartData.WindowBox::found).count();
        notes.add(Numbers.grouped(all.size()) + (all.size() < every.size() ? " of " + Numbers.grouped(every.size())
                + " windows (from the first to the last with a finding)" : " windows") + ", " + Numbers.grouped(found)
                + " with a finding (red)");
        if (needed > 1) {
            notes.add(lanes + " lanes: windows in flight together over the same bytes go to different lanes"
                    + (needed > lanes ? " (" + (needed - MAX_LANES) + " more lanes' windows drawn in the last)" : ""));
        }
        if (density) notes.add("windows without a finding as a density (darker: more windows)");
        if (markersDrawn < marks.size()) {
            notes.add(Numbers.grouped(marks.size()) + " conflicting accesses as " + Numbers.grouped(markersDrawn)
                    + " markers (a number: accesses of that kind on the same spot of one window)");
        }
        ChartStyle.note(chart, String.join("; ", notes));
        return new Overview(chart, height, lanes, density);
    }

    /** One lane: its windows (or their density), its windows with findings on top, their markers. */
    private static XYPlot lanePlot(List<ChartData.WindowBox> windows, List<AccessMarkers.Point> points, Clock clock,
            boolean density, double xPerPx, double yPerPx, String label, double p0, double p1) {
        NumberAxis offset = ChartStyle.offsetAxis(label);
        offset.setRange(p0, p1);
        XYPlot sub = new XYPlot();
        sub.setRangeAxis(offset);
        List<ChartData.WindowBox> plain = windows.stream().filter(b -> !b.found()).toList();
        if (density) {
            Density d = Density.of(plain, clock, xPerPx * 4, yPerPx * 4);
            sub.setDataset(0, d.dataset());
            sub.setRenderer(0, d.renderer());
        } else {
            XYIntervalSeries writes = new XYIntervalSeries("direct write window");
            XYIntervalSeries reads = new XYIntervalSeries("direct read window");
            for (ChartData.WindowBox b : plain) box("read".equals(b.direction()) ? reads : writes, b, clock, 0, 0);
            sub.setDataset(0, boxes(new XYIntervalSeries[] {writes, reads}));
            sub.setRenderer(0, boxRenderer(new Paint[] {ChartStyle.WRITE_FILL, ChartStyle.READ_FILL},
                    new Paint[] {ChartStyle.WRITE_EDGE, ChartStyle.READ_EDGE}, 1f));
        }
        XYIntervalSeries found = new XYIntervalSeries("window with a finding");
        for (ChartData.WindowBox b : windows) {
            if (b.found()) box(found, b, clock, MIN_FOUND_PX * xPerPx, MIN_FOUND_PX * yPerPx);
        }
        sub.setDataset(1, boxes(new XYIntervalSeries[] {found}));
        // over a density the windows with a finding are filled solid, to be found at a glance
        sub.setRenderer(1, boxRenderer(new Paint[] {density ? ChartStyle.FOUND_SOLID : ChartStyle.FOUND_FILL},
                new Paint[] {ChartStyle.FOUND_EDGE}, 1.6f));
        AccessMarkers markers = new AccessMarkers(points);
        sub.setDataset(2, markers.points);
        sub.setRenderer(2, markers.renderer);
        sub.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        sub.setBackgroundPaint(Color.WHITE);
        sub.setDomainGridlinePaint(ChartStyle.GRID);
        sub.setRangeGridlinePaint(ChartStyle.GRID);
        sub.setOutlinePaint(Color.GRAY);
        return sub;
    }

    /**
     * The marks of one lane as markers, each inside its window (an access to a large folio is drawn at
     * the window's first byte it touches), those of a kind on the same few pixels of a window as one.
     */
    static List<AccessMarkers.Point> merged(List<ChartData.Mark> marks, int lane, Map<Long, Integer> laneById,
            Map<Long, ChartData.WindowBox> byId, Clock clock, double xPerPx, double yPerPx) {
        Map<List<Object>, double[]> cells = new LinkedHashMap<>();
        Map<List<Object>, AccessKind> kinds = new HashMap<>();
        for (ChartData.Mark m : marks) {
            if (laneById.get(m.windowId()) != lane) continue;
            ChartData.WindowBox w = byId.get(m.windowId());
            double x = clock.x(m.access().ts());
            double y = Math.min(Math.max(m.access().pos(), w.pos()), w.endPos() - 1);
            List<Object> key = List.of(m.windowId(), m.access().kind(), (long) Math.floor(x / (xPerPx * MERGE_PX)),
                    (long) Math.floor(y / (yPerPx * MERGE_PX)));
            double[] cell = cells.get(key);
            if (cell == null) {
                cells.put(key, new double[] {x, y, 1});
                kinds.put(key, m.access().kind());
            } else {
                cell[2]++;
            }
        }
        List<AccessMarkers.Point> out = new ArrayList<>();
        for (Map.Entry<List<Object>, double[]> e : cells.entrySet()) {
            double[] c = e.getValue();
            out.add(new AccessMarkers.Point(kinds.get(e.getKey()), c[0], c[1], (int) c[2]));
        }
        return out;
    }

    private static void box(XYIntervalSeries s, ChartData.WindowBox b, Clock clock, double minWidth, double minHeight) {
        double x0 = clock.x(b.beginTs());
        double x1 = clock.x(b.endTs());
        double y0 = b.pos();
        double y1 = b.endPos();
        if (x1 - x0 < minWidth) {
            double c = (x0 + x1) / 2;
            x0 = c - minWidth / 2;
            x1 = c + minWidth / 2;
        }
        if (y1 - y0 < minHeight) {
            double c = (y0 + y1) / 2;
            y0 = c - minHeight / 2;
            y1 = c + minHeight / 2;
        }
        s.add(x0, x0, x1, y0, y0, y1);
    }

    static XYIntervalSeriesCollection boxes(XYIntervalSeries[] series) {
        XYIntervalSeriesCollection c = new XYIntervalSeriesCollection();
        for (XYIntervalSeries s : series) c.addSeries(s);
        return c;
    }

    static XYBarRenderer boxRenderer(Paint[] fill, Paint[] edge, float stroke) {
        XYBarRenderer r = new XYBarRenderer();
        r.setUseYInterval(true);
        r.setBarPainter(new StandardXYBarPainter());
        r.setShadowVisible(false);
        r.setDrawBarOutline(true);
        for (int i = 0; i < fill.length; i++) {
            r.setSeriesPaint(i, fill[i]);
            r.setSeriesOutlinePaint(i, edge[i]);
            r.setSeriesOutlineStroke(i, ChartStyle.stroke(stroke));
        }
        return r;
    }

    /** What the map draws, each with its colour and shape: window kinds present, then marker kinds present. */
    private static LegendItemCollection legend(List<ChartData.WindowBox> all, List<ChartData.Mark> marks, boolean density) {
        LegendItemCollection items = new LegendItemCollection();
        Rectangle2D box = new Rectangle2D.Double(-6, -5, 12, 10);
        if (density) {
            items.add(new LegendItem("windows without a finding (darker: more)", null, null, null, box, Density.DARK,
                    ChartStyle.stroke(1f), Density.DARK));
        } else {
            if (all.stream().anyMatch(b -> !b.found() && !"read".equals(b.direction()))) {
                items.add(new LegendItem("direct write window", null, null, null, box, ChartStyle.WRITE_FILL,
                        ChartStyle.stroke(1f), ChartStyle.WRITE_EDGE));
            }
            if (all.stream().anyMatch(b -> !b.found() && "read".equals(b.direction()))) {
                items.add(new LegendItem("direct read window", null, null, null, box, ChartStyle.READ_FILL,
                        ChartStyle.stroke(1f), ChartStyle.READ_EDGE));
            }
        }
        items.add(new LegendItem("window with a finding", null, null, null, box,
                density ? ChartStyle.FOUND_SOLID : ChartStyle.FOUND_FILL,
                ChartStyle.stroke(1.6f), ChartStyle.FOUND_EDGE));
        for (AccessKind k : AccessKind.values()) {
            if (marks.stream().anyMatch(m -> m.access().kind() == k)) {
                items.add(new LegendItem(k.label, null, null, null, k.legendShape, k.color));
            }
        }
        return items;
    }

    private record Cell(long column, long row) {}

    /** Windows as a grid of cells shaded by how many windows cover each. */
    private record Density(DefaultXYZDataset dataset, XYBlockRenderer renderer) {
        /** Grey, so that red windows and coloured markers stand out on it. */
        static final Color DARK = new Color(0x505050);

        static Density of(List<ChartData.WindowBox> windows, Clock clock, double cellX, double cellY) {
            Map<Cell, double[]> cells = new HashMap<>();
            for (ChartData.WindowBox b : windows) {
                long c0 = (long) Math.floor(clock.x(b.beginTs()) / cellX);
                long c1 = (long) Math.floor(clock.x(b.endTs()) / cellX);
                long r0 = (long) Math.floor(b.pos() / cellY);
                long r1 = (long) Math.floor((b.endPos() - 1) / cellY);
                for (long c = c0; c <= c1; c++) {
                    for (long r = r0; r <= r1; r++) cells.computeIfAbsent(new Cell(c, r), k -> new double[1])[0]++;
                }
            }
            double max = 1;
            for (double[] v : cells.values()) max = Math.max(max, v[0]);
            double[][] xyz = new double[3][cells.size()];
            int i = 0;
            for (Map.Entry<Cell, double[]> e : cells.entrySet()) {
                xyz[0][i] = e.getKey().column() * cellX;
                xyz[1][i] = e.getKey().row() * cellY;
                xyz[2][i] = e.getValue()[0];
                i++;
            }
            DefaultXYZDataset d = new DefaultXYZDataset();
            d.addSeries("windows", xyz);
            XYBlockRenderer r = new XYBlockRenderer();
            r.setBlockWidth(cellX);
            r.setBlockHeight(cellY);
            r.setBlockAnchor(RectangleAnchor.BOTTOM_LEFT);
            double top = max;
            r.setPaintScale(new PaintScale() {
                @Override
                public double getLowerBound() {
                    return 0;
                }

                @Override
                public double getUpperBound() {
                    return top;
                }

                @Override
                public Paint getPaint(double value) {
                    // a log scale: one window must show, and a hundred must not wash out ten
                    double f = 0.12 + 0.45 * Math.log1p(value) / Math.log1p(top);
                    return new Color(DARK.getRed(), DARK.getGreen(), DARK.getBlue(), (int) Math.round(255 * Math.min(1, f)));
                }
            });
            return new Density(d, r);
        }
    }

    /** One window and everything that touched its bytes around it. */
    public static ChartFile zoom(ChartData data, int trace, String dev, long ino, long windowId, long pos, long endPos,
            long beginTs, long endTs, String title, ChartWriter out, String name) throws Exception {
        return out.write(zoomChart(data, trace, dev, ino, windowId, pos, endPos, beginTs, endTs, title), name,
                WIDTH, HEIGHT - 40, ChartWriter.Format.SVG,
                "Zoom on the window: its rectangle, the other windows and every access around it");
    }

    /**
     * The time and bytes of the window with a small margin. An access to bytes of the window is drawn
     * at the first of them it touches (a large folio starts below the window), so every marker is inside
     * the plot.
     */
    static JFreeChart zoomChart(ChartData data, int trace, String dev, long ino, long windowId, long pos, long endPos,
            long beginTs, long endTs, String title) throws Exception {
        long span = Math.max(endTs - beginTs, 1000);
        long t0 = beginTs - span / 10;
        long t1 = endTs + span / 10;
        long margin = Math.max((endPos - pos) / 20, 256);
        long p0 = pos - margin;
        long p1 = endPos + margin;
        List<ChartData.WindowBox> boxes = data.windows(trace, dev, ino, t0, t1).stream()
                .filter(b -> b.pos() < p1 && b.endPos() > p0).toList();
        List<ChartData.Access> all = new ArrayList<>(data.accesses(trace, dev, ino, t0, t1).stream()
                .filter(a -> a.kind() != AccessKind.CACHE_REMOVE && a.pos() < endPos && a.pos() + a.len() > pos).toList());
        all.addAll(data.overlappingBegins(trace, dev, ino, t0, t1).stream()
                .filter(a -> a.pos() < endPos && a.pos() + a.len() > pos).toList());
        List<ChartData.Access> markers = Sampling.thin(all, MAX_MARKERS, a -> a.ts() > beginTs && a.ts() < endTs);
        String note = markers.size() < all.size() ? "Sampled: " + Numbers.grouped(markers.size()) + " of "
                + Numbers.grouped(all.size()) + " accesses (all inside the window kept)" : null;
        Clock clock = new Clock(beginTs, 1e3, "\u00b5s after this direct I/O began", "#,##0.#");

        XYIntervalSeries writes = new XYIntervalSeries("direct write window");
        XYIntervalSeries reads = new XYIntervalSeries("direct read window");
        XYIntervalSeries mine = new XYIntervalSeries("this window");
        for (ChartData.WindowBox b : boxes) {
            box(b.windowId() == windowId ? mine : "read".equals(b.direction()) ? reads : writes, b, clock, 0, 0);
        }
        // only series with something in them, so the legend lists what is drawn
        List<XYIntervalSeries> drawn = new ArrayList<>();
        List<Paint> fills = new ArrayList<>();
        List<Paint> edges = new ArrayList<>();
        Object[][] styles = {{writes, ChartStyle.WRITE_FILL, ChartStyle.WRITE_EDGE}, {reads, ChartStyle.READ_FILL,
            ChartStyle.READ_EDGE}, {mine, ChartStyle.FOUND_FILL, ChartStyle.FOUND_EDGE}};
        for (Object[] st : styles) {
            if (((XYIntervalSeries) st[0]).getItemCount() == 0) continue;
            drawn.add((XYIntervalSeries) st[0]);
            fills.add((Paint) st[1]);
            edges.add((Paint) st[2]);
        }
        XYBarRenderer boxRenderer = boxRenderer(fills.toArray(new Paint[0]), edges.toArray(new Paint[0]), 1f);
        boxRenderer.setSeriesOutlineStroke(drawn.indexOf(mine), ChartStyle.stroke(1.6f));
        AccessMarkers points = new AccessMarkers(markers, a -> clock.x(a.ts()), a -> Math.max(a.pos(), pos));

        NumberAxis time = new NumberAxis(clock.label());
        time.setNumberFormatOverride(new DecimalFormat(clock.format()));
        time.setRange(clock.x(t0), clock.x(t1));
        NumberAxis offset = ChartStyle.offsetAxis("file offset");
        offset.setRange(p0, p1);
        XYPlot plot = new XYPlot(boxes(drawn.toArray(new XYIntervalSeries[0])), time, offset, boxRenderer);
        plot.setDataset(1, points.points);
        plot.setRenderer(1, points.renderer);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        JFreeChart chart = new JFreeChart(title, ChartStyle.TITLE, plot, true);
        ChartStyle.apply(chart);
        ChartStyle.note(chart, note);
        return chart;
    }
}
