package io.dioscope.report.chart;

import io.dioscope.report.Numbers;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Paint;
import java.awt.geom.Rectangle2D;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.annotations.XYDataImageAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;

/**
 * The race map: time across, file offset up. Each direct-I/O window is a rectangle from its begin to
 * its completion over the bytes it writes (or reads); each access to the file inside a window a marker
 * of its kind, in that window. A marker inside a rectangle is a race.
 *
 * <p>The offsets are cut into bands, and inside each band the windows are laid out in lanes
 * ({@link BandLayout}), so windows in flight together over the same bytes never cover each other and
 * each marker is drawn inside its own window's rectangle. Past {@link #DENSITY_FROM} windows the ones
 * without a finding become a density (darker: more windows), and the ones with a finding are drawn
 * on top, never smaller than a few pixels, so they can be found without zooming. Markers of a kind
 * that fall on the same few pixels of one window are one marker labelled with their count.
 */
public final class RaceMapChart {
    static final int DENSITY_FROM = 2000;
    /** Lanes of one band, at most: the windows of more are drawn in the last (and a note says so). */
    static final int MAX_LANES = 8;
    /** Bands of a file's map, at most (bands are a power of two of bytes, no smaller than a typical window). */
    static final int MAX_BANDS = 16;
    static final int MAX_MARKERS = 6000;
    /** The smallest a window with a finding is drawn, in pixels either way. */
    static final int MIN_FOUND_PX = 5;
    /** Markers of one kind closer than this, in pixels, in one window, are drawn as one with a count. */
    static final int MERGE_PX = 5;
    /**
     * Markers a file's map draws, at most: past them, the cells in which a window's markers of a kind are
     * merged are doubled until they fit, and the markers lose their counts (the captured read-vs-mmap race:
     * 38,145 accesses in 1,222 windows were 27,608 markers over each other, a wall of shapes and numbers
     * that took half a second to draw).
     */
    static final int MAX_MAP_MARKERS = 4000;
    public static final int WIDTH = 1100;
    public static final int HEIGHT = 460;
    /** Room the title, notes, time axis and legend take, around the plot. */
    private static final int FRAME = 170;
    /** The plot's height when its lanes are few. */
    private static final int PLOT_PX = HEIGHT - FRAME;
    /** A lane's height in pixels: a band's lanes share the plot, within these. */
    private static final int MIN_LANE_PX = 22;
    private static final int MAX_LANE_PX = 110;
    /** Room above the top lane and below the bottom one, for markers nudged off their point. */
    private static final int EDGE_PX = 14;
    /** Pixels of a plot that are not its data area, roughly: the axis on the left, the margins. */
    private static final int AXIS_PX = 110;
    private static final Color BAND_SHADE = new Color(0xf3f3f3);
    private static final Color BAND_LINE = new Color(0x9a9a9a);

    /** Time axis: trace-clock seconds (overviews) or microseconds after a window's begin (zooms). */
    record Clock(long originNs, double nsPerUnit, String label, String format) {
        double x(long ns) {
            return (ns - originNs) / nsPerUnit;
        }
    }

    /** A race map, the size to draw it at, where its windows went and how big they are drawn. */
    record RaceMap(JFreeChart chart, int height, BandLayout layout, BandLayout.Sizes sizes, boolean density, int shapes) {}

    private RaceMapChart() {}

    /** Every window and every conflicting access of one file. */
    public static ChartFile overview(ChartData data, int trace, String dev, long ino, String title, ChartWriter out,
            String name) throws Exception {
        RaceMap o = overviewChart(data, trace, dev, ino, title);
        // an SVG of a density says no more than its PNG; one of a few hundred windows can be zoomed into
        return out.write(o.chart(), name, WIDTH, o.height(), o.density() ? ChartWriter.Format.PNG
                : ChartWriter.Format.zoomableIfFew(o.shapes()), "Race map of " + dev + " inode " + ino
                + ": direct-I/O windows as rectangles in lanes of offset bands, conflicting accesses as markers inside them");
    }

    static RaceMap overviewChart(ChartData data, int trace, String dev, long ino, String title) throws Exception {
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
        Clock clock = new Clock(0, 1e9, "time (s, trace clock)", ChartStyle.SECONDS);
        double xPerPx = (clock.x(t1) - clock.x(t0)) / (WIDTH - AXIS_PX);
        long bandBytes = bandBytes(all);
        Set<Long> used = new HashSet<>();
        for (ChartData.WindowBox w : all) {
            for (long b = Math.floorDiv(w.pos(), bandBytes); b * bandBytes < w.endPos(); b++) used.add(b);
        }
        Map<Long, ChartData.WindowBox> byId = new HashMap<>();
        for (ChartData.WindowBox w : all) byId.put(w.windowId(), w);
        List<ChartData.Mark> marks = data.marks(trace, dev, ino).stream()
                .filter(m -> byId.containsKey(m.windowId()) && m.kind() != AccessKind.CACHE_REMOVE
                        && m.ts() >= t0 && m.ts() <= t1).toList();
        // drawn at least MIN_FOUND_PX either way: a window with a finding, and one with markers (which
        // must not land in another's rectangle)
        Set<Long> marked = new HashSet<>();
        long previous = Long.MIN_VALUE;
        for (ChartData.Mark m : marks) {
            // a window's marks come one after another, mostly: each id boxed once per run of them
            if (m.windowId() != previous) marked.add(m.windowId());
            previous = m.windowId();
        }
        java.util.function.Predicate<ChartData.WindowBox> enlarged = w -> w.found() || marked.contains(w.windowId());
        // the lanes are laid out for the smallest lanes the map may get; fewer lanes are then made taller,
        // which only shrinks (in lanes) what a window is enlarged to
        double lanePx = Math.max(MIN_LANE_PX, Math.min(MAX_LANE_PX, PLOT_PX / (double) Math.max(1, used.size())));
        BandLayout layout = BandLayout.of(all, bandBytes, new BandLayout.Sizes(clock, MIN_FOUND_PX * xPerPx,
                MIN_FOUND_PX / lanePx, enlarged), MAX_LANES, null);
        lanePx = Math.max(lanePx, Math.min(MAX_LANE_PX, PLOT_PX / (double) Math.max(1, layout.lanes)));
        int height = FRAME + (int) Math.ceil(Math.max(1, layout.lanes) * lanePx) + 2 * EDGE_PX;
        BandLayout.Sizes sizes = new BandLayout.Sizes(clock, MIN_FOUND_PX * xPerPx, MIN_FOUND_PX / lanePx, enlarged);
        boolean density = all.size() > DENSITY_FROM;
        Merged merged = merged(marks, layout, byId, clock, xPerPx, 1 / lanePx, MAX_MAP_MARKERS);
        List<AccessMarkers.Point> points = merged.points();
        int mergePx = merged.cellPx();

        XYPlot plot = plot(clock, t0, t1, layout, lanePx, layout.bands.size() > 1 ? "file offset, in bands; lanes inside each"
                : layout.lanes > 1 ? "file offset, in lanes" : "file offset");
        List<BandLayout.Piece> plain = layout.pieces.stream().filter(p -> !p.window().found()).toList();
        XYIntervalSeries writes = new XYIntervalSeries("direct write window");
        XYIntervalSeries reads = new XYIntervalSeries("direct read window");
        XYBarRenderer plainRenderer = boxRenderer(new Paint[] {ChartStyle.WRITE_FILL, ChartStyle.READ_FILL},
                new Paint[] {ChartStyle.WRITE_EDGE, ChartStyle.READ_EDGE}, 1f);
        if (density) {
            XYDataImageAnnotation d = WindowDensity.of(plain, clock, xPerPx * 4, Math.max(1, (int) Math.round(lanePx / 4)));
            if (d != null) plainRenderer.addAnnotation(d, Layer.BACKGROUND);
        } else {
            for (BandLayout.Piece p : plain) box(p.window().read() ? reads : writes, p, sizes);
        }
        plot.setDataset(0, boxes(new XYIntervalSeries[] {writes, reads}));
        plot.setRenderer(0, plainRenderer);
        XYBarRenderer foundRenderer = boxRenderer(new Paint[] {density ? ChartStyle.FOUND_SOLID : ChartStyle.FOUND_FILL},
                new Paint[] {ChartStyle.FOUND_EDGE}, 1.6f);
        XYIntervalSeries found = new XYIntervalSeries("window with a finding");
        for (BandLayout.Piece p : layout.pieces) if (p.window().found()) box(found, p, sizes);
        plot.setDataset(1, boxes(new XYIntervalSeries[] {found}));
        // over a density the windows with a finding are filled solid, to be found at a glance
        plot.setRenderer(1, foundRenderer);
        AccessMarkers markers = new AccessMarkers(points, mergePx == MERGE_PX);
        plot.setDataset(2, markers.points);
        plot.setRenderer(2, markers.renderer);
        long[] lossy = data.lossySpan(trace);
        if (lossy[1] > lossy[0]) {
            // where some CPU's events are missing, pairings and accesses are incomplete: say so on the chart
            IntervalMarker m = new IntervalMarker(clock.x(lossy[0]), clock.x(lossy[1]), new Color(0, 0, 0, 18));
            m.setLabel("trace incomplete here");
            m.setLabelAnchor(RectangleAnchor.TOP_LEFT);
            m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            plot.addDomainMarker(m, Layer.BACKGROUND);
        }
        plot.setFixedLegendItems(legend(all, marks, density));
        JFreeChart chart = new JFreeChart(title, ChartStyle.TITLE, plot, true);
        ChartStyle.apply(chart);
        plot.setRangeGridlinesVisible(false);
        List<String> notes = new ArrayList<>();
        long withFinding = all.stream().filter(ChartData.WindowBox::found).count();
        notes.add(Numbers.grouped(all.size()) + (all.size() < every.size() ? " of " + Numbers.grouped(every.size())
                + " windows (from the first to the last with a finding)" : " windows") + ", " + Numbers.grouped(withFinding)
                + " with a finding (red)");
        notes.add(lanesNote(layout));
        if (density) notes.add("windows without a finding as a density (darker: more windows)");
        if (mergePx > MERGE_PX) {
            notes.add(Numbers.grouped(marks.size()) + " conflicting accesses as " + Numbers.grouped(points.size())
                    + " markers (one per kind within " + mergePx + " pixels of one window)");
        } else if (points.size() < marks.size()) {
            notes.add(Numbers.grouped(marks.size()) + " conflicting accesses as " + Numbers.grouped(points.size())
                    + " markers (a number: accesses of that kind on the same spot of one window)");
        }
        ChartStyle.note(chart, String.join("; ", notes));
        return new RaceMap(chart, height, layout, sizes, density, layout.pieces.size() + points.size());
    }

    /**
     * Bands a power of two of bytes: at most {@link #MAX_BANDS} over the windows' bytes, and never smaller
     * than a typical window (the median), which would cut most windows in pieces.
     */
    static long bandBytes(List<ChartData.WindowBox> windows) {
        if (windows.isEmpty()) return 4096;
        long lo = windows.stream().mapToLong(ChartData.WindowBox::pos).min().getAsLong();
        long hi = windows.stream().mapToLong(ChartData.WindowBox::endPos).max().getAsLong();
        long[] lengths = windows.stream().mapToLong(w -> w.endPos() - w.pos()).sorted().toArray();
        long typical = lengths[lengths.length / 2];
        return Math.max(4096, Math.max(powerOfTwoAtLeast((hi - lo + MAX_BANDS - 1) / MAX_BANDS), powerOfTwoAtLeast(typical)));
    }

    private static long powerOfTwoAtLeast(long n) {
        return n <= 1 ? 1 : Long.highestOneBit(n - 1) << 1;
    }

    private static String lanesNote(BandLayout layout) {
        String bands = layout.bands.size() == 1 ? "" : Numbers.grouped(layout.bands.size()) + " bands of "
                + Numbers.hex(layout.bands.get(0).to() - layout.bands.get(0).from()) + " bytes (shaded in turn); ";
        if (layout.needed <= 1) return bands + "no two windows in flight together over the same bytes";
        return bands + "windows in flight together over the same bytes go to lanes of their own"
                + (layout.bands.size() > 1 ? " inside their band" : "")
                + (layout.needed > MAX_LANES ? " (past " + MAX_LANES + " lanes, the rest drawn in the last)" : "");
    }

    /**
     * The plot of a layout: time across, the bands' lanes up (the bands shaded in turn, their lanes
     * parted by a line), room above and below for markers.
     */
    private static XYPlot plot(Clock clock, long t0, long t1, BandLayout layout, double lanePx, String label) {
        NumberAxis time = new NumberAxis(clock.label());
        time.setNumberFormatOverride(new DecimalFormat(clock.format()));
        time.setAutoRangeIncludesZero(false);
        // room either side for a marker at the very first or last instant, nudged off its point
        double room = EDGE_PX * (clock.x(t1) - clock.x(t0)) / (WIDTH - AXIS_PX);
        time.setRange(clock.x(t0) - room, clock.x(t1) + room);
        BandAxis offset = new BandAxis(label, layout.bands);
        double edge = EDGE_PX / lanePx;
        offset.setRange(-edge, Math.max(1, layout.lanes) + edge);
        XYPlot plot = new XYPlot();
        plot.setDomainAxis(time);
        plot.setRangeAxis(offset);
        int i = 0;
        for (BandLayout.Band b : layout.bands) {
            if (i++ % 2 == 1) plot.addRangeMarker(new IntervalMarker(b.y0(), b.y0() + b.lanes(), BAND_SHADE), Layer.BACKGROUND);
            if (b.y0() > 0) plot.addRangeMarker(new ValueMarker(b.y0(), BAND_LINE, new BasicStroke(1f)), Layer.BACKGROUND);
            for (int l = 1; l < b.lanes(); l++) {
                plot.addRangeMarker(new ValueMarker(b.y0() + l, ChartStyle.GRID, new BasicStroke(1f, BasicStroke.CAP_BUTT,
                        BasicStroke.JOIN_MITER, 1f, new float[] {4f, 3f}, 0f)), Layer.BACKGROUND);
            }
        }
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        return plot;
    }

    /** Markers, and the side of the square cells in which a window's markers of a kind were merged. */
    record Merged(List<AccessMarkers.Point> points, int cellPx) {}

    /**
     * A window's markers of a kind in one cell, by the cell's column and row (pixels over the cell's side).
     * Not a record: a record's hashCode and equals go through method handles, which made the tens of
     * thousands of lookups of a large map several times slower before the JIT inlined them.
     */
    private static final class Cell {
        final long windowId;
        final AccessKind kind;
        final long column;
        final long row;
        private final int hash;

        Cell(long windowId, AccessKind kind, long column, long row) {
            this.windowId = windowId;
            this.kind = kind;
            this.column = column;
            this.row = row;
            long h = ((windowId * 31 + kind.ordinal()) * 1_000_003L + column) * 1_000_003L + row;
            this.hash = Long.hashCode(h ^ (h >>> 29));
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Cell c && c.windowId == windowId && c.kind == kind && c.column == column && c.row == row;
        }
    }

    /**
     * The marks as markers, each inside its window (an access to a large folio is drawn at the window's
     * first byte it touches), those of a kind in the same cell of a window as one, where the first of them
     * is: cells of {@link #MERGE_PX} pixels, doubled until there are at most {@code max} markers. A cell
     * twice as wide holds exactly four of the narrower ones, so each doubling merges the cells it has.
     */
    static Merged merged(List<ChartData.Mark> marks, BandLayout layout, Map<Long, ChartData.WindowBox> byId, Clock clock,
            double xPerPx, double yPerPx, int max) {
        // per cell: where its first mark is drawn, and how many it holds
        Map<Cell, double[]> cells = new LinkedHashMap<>();
        // a window's marks come one after another, mostly: its box looked up once for them
        ChartData.WindowBox w = null;
        for (ChartData.Mark m : marks) {
            if (w == null || w.windowId() != m.windowId()) w = byId.get(m.windowId());
            add(cells, m, w, layout, clock, xPerPx * MERGE_PX, yPerPx * MERGE_PX);
        }
        int cellPx = MERGE_PX;
        while (cells.size() > max && cellPx < WIDTH) {
            Map<Cell, double[]> wider = new LinkedHashMap<>();
            for (Map.Entry<Cell, double[]> e : cells.entrySet()) widen(wider, e.getKey(), e.getValue());
            cells = wider;
            cellPx *= 2;
        }
        List<AccessMarkers.Point> out = new ArrayList<>();
        for (Map.Entry<Cell, double[]> e : cells.entrySet()) {
            double[] c = e.getValue();
            out.add(new AccessMarkers.Point(e.getKey().kind, c[0], c[1], (int) c[2]));
        }
        return new Merged(out, cellPx);
    }

    // The bodies of merged()'s loops, as methods of their own: merged() runs once per map, and its loops,
    // tens of thousands of turns long, ran interpreted (the JIT replaces a running loop only after 60,000
    // turns); a method called that often is compiled after a few hundred calls.

    /** Counts mark {@code m} of window {@code w} in its cell of {@code cellWidth} by {@code cellHeight}. */
    private static void add(Map<Cell, double[]> cells, ChartData.Mark m, ChartData.WindowBox w, BandLayout layout, Clock clock,
            double cellWidth, double cellHeight) {
        double x = clock.x(m.ts());
        double y = layout.y(w, m.pos());
        Cell key = new Cell(m.windowId(), m.kind(), (long) Math.floor(x / cellWidth), (long) Math.floor(y / cellHeight));
        double[] cell = cells.get(key);
        if (cell == null) {
            cells.put(key, new double[] {x, y, 1});
        } else {
            cell[2]++;
        }
    }

    /** Counts cell {@code c} (its first mark and count in {@code value}) in the cell twice its side that holds it. */
    private static void widen(Map<Cell, double[]> wider, Cell c, double[] value) {
        Cell key = new Cell(c.windowId, c.kind, Math.floorDiv(c.column, 2), Math.floorDiv(c.row, 2));
        double[] cell = wider.get(key);
        if (cell == null) {
            wider.put(key, value);
        } else {
            cell[2] += value[2];
        }
    }

    /** A piece of a window as drawn ({@link BandLayout.Sizes}). */
    private static void box(XYIntervalSeries s, BandLayout.Piece p, BandLayout.Sizes sizes) {
        double[] x = sizes.x(p.window());
        double[] y = sizes.y(p);
        s.add(x[0], x[0], x[1], y[0], y[0], y[1]);
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
            items.add(new LegendItem("windows without a finding (darker: more)", null, null, null, box, WindowDensity.DARK,
                    ChartStyle.stroke(1f), WindowDensity.DARK));
        } else {
            if (all.stream().anyMatch(b -> !b.found() && !b.read())) {
                items.add(new LegendItem("direct write window", null, null, null, box, ChartStyle.WRITE_FILL,
                        ChartStyle.stroke(1f), ChartStyle.WRITE_EDGE));
            }
            if (all.stream().anyMatch(b -> !b.found() && b.read())) {
                items.add(new LegendItem("direct read window", null, null, null, box, ChartStyle.READ_FILL,
                        ChartStyle.stroke(1f), ChartStyle.READ_EDGE));
            }
        }
        items.add(new LegendItem("window with a finding", null, null, null, box,
                density ? ChartStyle.FOUND_SOLID : ChartStyle.FOUND_FILL,
                ChartStyle.stroke(1.6f), ChartStyle.FOUND_EDGE));
        java.util.EnumSet<AccessKind> drawn = java.util.EnumSet.noneOf(AccessKind.class);
        for (ChartData.Mark m : marks) drawn.add(m.kind());
        for (AccessKind k : drawn) items.add(new LegendItem(k.label, null, null, null, k.legendShape, k.color));
        return items;
    }

    /** One window and everything that touched its bytes around it. */
    public static ChartFile zoom(ChartData data, int trace, String dev, long ino, long windowId, long pos, long endPos,
            long beginTs, long endTs, String title, ChartWriter out, String name) throws Exception {
        RaceMap z = zoomChart(data, trace, dev, ino, windowId, pos, endPos, beginTs, endTs, title);
        return out.write(z.chart(), name, WIDTH, z.height(), ChartWriter.Format.vectorIfFew(z.shapes()),
                "Zoom on the window: its rectangle, the other windows in lanes and every access around it");
    }

    /**
     * The time and bytes of the window with a small margin, the window in the first lane and the other
     * windows there in lanes of their own where they would cover it or each other. An access is drawn
     * in the window it falls in (this one first), else in this window's lane; an access to bytes of the
     * window at the first of them it touches (a large folio starts below the window), so every marker
     * is inside the plot.
     */
    static RaceMap zoomChart(ChartData data, int trace, String dev, long ino, long windowId, long pos, long endPos,
            long beginTs, long endTs, String title) throws Exception {
        long span = Math.max(endTs - beginTs, 1000);
        long t0 = beginTs - span / 10;
        long t1 = endTs + span / 10;
        long margin = Math.max((endPos - pos) / 20, 256);
        long p0 = pos - margin;
        long p1 = endPos + margin;
        List<ChartData.WindowBox> boxes = new ArrayList<>(data.windows(trace, dev, ino, t0, t1).stream()
                .filter(b -> b.pos() < p1 && b.endPos() > p0).toList());
        ChartData.WindowBox window = boxes.stream().filter(b -> b.windowId() == windowId).findFirst().orElse(null);
        if (window == null) {
            // a window the map does not draw (one that submitted nothing) is still what this chart is about
            window = new ChartData.WindowBox(windowId, false, pos, endPos, beginTs, endTs, true);
            boxes.add(window);
        }
        ChartData.WindowBox self = window;
        List<ChartData.Access> all = new ArrayList<>(data.accesses(trace, dev, ino, t0, t1).stream()
                .filter(a -> a.kind() != AccessKind.CACHE_REMOVE && a.pos() < endPos && a.pos() + a.len() > pos).toList());
        all.addAll(data.overlappingBegins(trace, dev, ino, t0, t1).stream()
                .filter(a -> a.pos() < endPos && a.pos() + a.len() > pos).toList());
        List<ChartData.Access> markers = Sampling.thin(all, MAX_MARKERS, a -> a.ts() > beginTs && a.ts() < endTs);
        String note = markers.size() < all.size() ? "Sampled: " + Numbers.grouped(markers.size()) + " of "
                + Numbers.grouped(all.size()) + " accesses (all inside the window kept)" : null;
        Clock clock = new Clock(beginTs, 1e3, "\u00b5s after this direct I/O began", "#,##0.#");
        BandLayout layout = BandLayout.of(boxes, p0, p1, new BandLayout.Sizes(clock, 0, 0, w -> false), MAX_LANES, windowId);
        int lanes = Math.max(1, layout.lanes);
        double lanePx = Math.max(90, (HEIGHT - 40 - FRAME) / (double) lanes);
        int height = FRAME + (int) Math.ceil(lanes * lanePx) + 2 * EDGE_PX;
        BandLayout.Sizes sizes = new BandLayout.Sizes(clock, 0, 0, w -> false);

        XYIntervalSeries writes = new XYIntervalSeries("direct write window");
        XYIntervalSeries reads = new XYIntervalSeries("direct read window");
        XYIntervalSeries mine = new XYIntervalSeries("this window");
        for (BandLayout.Piece p : layout.pieces) {
            ChartData.WindowBox b = p.window();
            box(b.windowId() == windowId ? mine : b.read() ? reads : writes, p, sizes);
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
        if (drawn.contains(mine)) boxRenderer.setSeriesOutlineStroke(drawn.indexOf(mine), ChartStyle.stroke(1.6f));
        AccessMarkers points = new AccessMarkers(markers, a -> clock.x(a.ts()),
                a -> layout.y(owner(a, self, layout), Math.max(a.pos(), pos)));

        XYPlot plot = plot(clock, t0, t1, layout, lanePx, layout.lanes > 1 ? "file offset, in lanes" : "file offset");
        plot.setDataset(0, boxes(drawn.toArray(new XYIntervalSeries[0])));
        plot.setRenderer(0, boxRenderer);
        plot.setDataset(1, points.points);
        plot.setRenderer(1, points.renderer);
        JFreeChart chart = new JFreeChart(title, ChartStyle.TITLE, plot, true);
        ChartStyle.apply(chart);
        plot.setRangeGridlinesVisible(false);
        if (layout.lanes > 1) {
            String lanesNote = "windows in flight together over the same bytes in lanes of their own, this one in the first";
            note = note == null ? lanesNote : note + "; " + lanesNote;
        }
        ChartStyle.note(chart, note);
        return new RaceMap(chart, height, layout, sizes, false, layout.pieces.size() + markers.size());
    }

    /**
     * The window an access is drawn in: this one when it falls inside it, else another in flight then
     * over its bytes, else this one (an access before or after it, drawn in its lane).
     */
    private static ChartData.WindowBox owner(ChartData.Access a, ChartData.WindowBox window, BandLayout layout) {
        if (a.ts() > window.beginTs() && a.ts() < window.endTs()) return window;
        for (BandLayout.Piece p : layout.pieces) {
            ChartData.WindowBox w = p.window();
            if (a.ts() > w.beginTs() && a.ts() < w.endTs() && a.pos() < w.endPos() && a.pos() + a.len() > w.pos()) return w;
        }
        return window;
    }
}
