package io.dioscope.report.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dioscope.AnalyzedCorpus;
import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The race map draws each window and each conflicting access where the trace puts them. */
class RaceMapChartTest {
    static final String OVERLAP = "corpus/ext4-dio-overlap.trace.gz";
    /** The committed reference image of the race map of {@link #OVERLAP}; see {@link #raceMapMatchesItsReferenceImage}. */
    /** Direct reads raced by mmap stores, captured: 1,222 windows with findings, 38,145 conflicting accesses. */
    static final String READ_VS_MMAP = "captured/xfs-dio-read-vs-mmap-race.trace.gz";
    static final Path REFERENCE = Path.of("src/test/resources/reference/race-map-ext4-dio-overlap.png");

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    /** The finding window of xfs-mmap-overlap with the most mmap faults, and those faults. */
    private static List<List<String>> faultsOfTheWorstMmapWindow(AnalyzedCorpus c) throws Exception {
        int id = c.id("corpus/xfs-mmap-overlap.trace.gz");
        return c.rows("WITH w AS (SELECT window_id FROM findings JOIN dio_windows USING (window_id) WHERE trace_id = %d "
                + "AND rule = 'mmap-fault-during-dio-write' ORDER BY len(conflict_lines) DESC LIMIT 1) "
                + "SELECT d.window_id, d.pos, d.end_pos, d.begin_ts, d.end_ts, c.ts, c.pos FROM w "
                + "JOIN dio_windows d USING (window_id) JOIN window_conflicts c USING (window_id) "
                + "WHERE c.kind = 'mmap-fault' AND c.in_range ORDER BY c.line", id);
    }

    @Test
    void zoomDrawsTheWindowAndItsFaultsWhereTheyHappenedInsideThePlot() throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        List<List<String>> rows = faultsOfTheWorstMmapWindow(c);
        assertTrue(rows.size() > 10);
        List<String> w = rows.get(0);
        long windowId = Long.parseLong(w.get(0));
        long pos = Long.parseLong(w.get(1));
        long endPos = Long.parseLong(w.get(2));
        long begin = Long.parseLong(w.get(3));
        long end = Long.parseLong(w.get(4));
        RaceMapChart.RaceMap zoom = RaceMapChart.zoomChart(new ChartData(c.db.connection()),
                c.id("corpus/xfs-mmap-overlap.trace.gz"), "7:0", 131, windowId, pos, endPos, begin, end, "zoom");
        JFreeChart chart = zoom.chart();
        XYPlot plot = chart.getXYPlot();
        XYIntervalSeriesCollection windows = (XYIntervalSeriesCollection) plot.getDataset(0);
        int mine = series(windows, "this window");
        assertEquals(1, windows.getItemCount(mine));
        assertEquals(0.0, windows.getStartXValue(mine, 0), 1e-9);
        assertEquals((end - begin) / 1e3, windows.getEndXValue(mine, 0), 1e-9, "microseconds");
        // fitted: the window's time and bytes with a margin of a tenth and a twentieth (and in time a few
        // pixels more for a marker at either end), the window in the first lane
        double margin10 = -(end - begin) / 10 / 1e3;
        double lower = plot.getDomainAxis().getLowerBound();
        assertTrue(lower < margin10 && lower > margin10 - (end - begin) * 1.2 / 1e3 * 0.02, "from " + lower);
        BandLayout.Band band = zoom.layout().bands.get(0);
        long margin = Math.max((endPos - pos) / 20, 256);
        assertEquals(List.of(pos - margin, endPos + margin), List.of(band.from(), band.to()));
        double y0 = windows.getStartYValue(mine, 0);
        double y1 = windows.getEndYValue(mine, 0);
        assertTrue(y0 >= 0 && y1 <= 1, "in the first lane: " + y0 + " to " + y1);
        assertEquals((1 - 2 * BandLayout.MARGIN) * (endPos - pos) / (double) (band.to() - band.from()), y1 - y0, 1e-9,
                "as tall as its bytes are in the band");
        XYDataset points = plot.getDataset(1);
        int faults = series(points, AccessKind.MMAP_FAULT.label);
        List<double[]> expected = new ArrayList<>();
        for (List<String> r : rows) {
            // inside the window's rectangle, as far up it as the fault's offset is into the window's bytes
            double share = (Long.parseLong(r.get(6)) - pos) / (double) (endPos - pos);
            expected.add(new double[] {(Long.parseLong(r.get(5)) - begin) / 1e3, y0 + share * (y1 - y0)});
        }
        int found = 0;
        for (double[] e : expected) {
            for (int i = 0; i < points.getItemCount(faults); i++) {
                if (Math.abs(points.getXValue(faults, i) - e[0]) < 1e-9 && Math.abs(points.getYValue(faults, i) - e[1]) < 1e-9) {
                    found++;
                    break;
                }
            }
        }
        assertEquals(expected.size(), found, "every fault of the window is drawn at its time and offset");

        ChartRenderingInfo info = new ChartRenderingInfo();
        BufferedImage img = chart.createBufferedImage(RaceMapChart.WIDTH, zoom.height(), info);
        Rectangle2D area = info.getPlotInfo().getDataArea();
        assertMarkersInside(plot, 1, area, "zoom");
        // and on the image: the fault's colour at its nudged pixel, the window's tint inside its rectangle
        double[] f = expected.get(expected.size() / 2);
        int px = (int) plot.getDomainAxis().valueToJava2D(f[0], area, plot.getDomainAxisEdge()) + AccessKind.MMAP_FAULT.dx;
        int py = (int) plot.getRangeAxis().valueToJava2D(f[1], area, plot.getRangeAxisEdge()) + AccessKind.MMAP_FAULT.dy;
        assertTrue(near(img, px, py, AccessKind.MMAP_FAULT.color, 2), "the fault's marker is drawn at the fault");
        int insideX = (int) plot.getDomainAxis().valueToJava2D((end - begin) / 1e3 * 0.02, area, plot.getDomainAxisEdge());
        int insideY = (int) plot.getRangeAxis().valueToJava2D(y1 - (y1 - y0) * 0.01, area, plot.getRangeAxisEdge());
        Color tint = new Color(img.getRGB(insideX + 2, insideY + 3));
        assertTrue(tint.getRed() > tint.getGreen() && tint.getRed() > tint.getBlue(), "the window is tinted red: " + tint);
    }

    @Test
    void noAccessKindIsDrawnRedOrLikeAnother() {
        for (AccessKind a : AccessKind.values()) {
            if (a == AccessKind.THIS_WINDOW) continue; // the timeline's mark of the window itself, which is red
            assertFalse(a.color.getRed() > 150 && a.color.getGreen() < 80 && a.color.getBlue() < 80, a + " is red");
            for (AccessKind b : AccessKind.values()) {
                if (a.ordinal() < b.ordinal()) {
                    assertFalse(a.color.equals(b.color), a + " and " + b + " share a colour");
                    assertFalse(sameOutline(a, b), a + " and " + b + " share a shape");
                }
            }
        }
    }

    /**
     * The race maps of real traces (one with overlapping direct writes, the fio trace's 40,747 windows,
     * the sample): no window's rectangle covers another's, each lane of a band holds windows that are
     * not in flight together over the same bytes, every marker is inside the plot and inside the
     * rectangle of the window it belongs to, and no other window's.
     */
    @Test
    void raceMapRectanglesNeverCoverEachOtherAndMarkersStayInTheirWindowsInsideThePlot() throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        ChartData data = new ChartData(c.db.connection());
        for (String trace : List.of(OVERLAP, AnalyzedCorpus.FIO, "corpus/xfs-mmap-overlap.trace.gz")) {
            RaceMapChart.RaceMap map = RaceMapChart.overviewChart(data, c.id(trace), "7:0", fileOf(c, trace), trace);
            XYPlot plot = map.chart().getXYPlot();
            ChartRenderingInfo info = new ChartRenderingInfo();
            map.chart().createBufferedImage(RaceMapChart.WIDTH, map.height(), info);
            Rectangle2D area = info.getPlotInfo().getDataArea();
            List<Rectangle2D> drawn = new ArrayList<>();
            for (int d = 0; d < 2; d++) {
                if (plot.getDataset(d) instanceof XYIntervalSeriesCollection boxes) drawn.addAll(pixels(plot, boxes, area));
            }
            assertTrue(drawn.size() >= c.scalar("SELECT count(DISTINCT window_id) FROM findings JOIN dio_windows "
                    + "USING (window_id) WHERE trace_id = %d", c.id(trace)), trace + ": every window with a finding drawn");
            assertNoneCovers(drawn, trace);
            // windows in flight together over the same bytes: never in one lane of a band
            List<BandLayout.Piece> pieces = map.layout().pieces;
            for (int i = 0; i < pieces.size(); i++) {
                for (int j = i + 1; j < pieces.size(); j++) {
                    BandLayout.Piece a = pieces.get(i);
                    BandLayout.Piece b = pieces.get(j);
                    if (a.band() != b.band() || a.lane() != b.lane() || a.window().beginTs() > b.window().endTs()
                            || b.window().beginTs() > a.window().endTs()) {
                        continue;
                    }
                    assertFalse(a.window().pos() < b.window().endPos() && b.window().pos() < a.window().endPos(),
                            trace + ": windows " + a.window().windowId() + " and " + b.window().windowId() + " share a lane");
                }
            }
            assertTrue(map.layout().lanes > map.layout().bands.size() || trace.contains("mmap"),
                    trace + ": some windows overlap, so some band has more than one lane");
            assertMarkersInside(plot, 2, area, trace);
            assertMarkersInTheirWindow(map, plot.getDataset(2), trace);
        }
    }

    /** The zooms of real findings: no window covers another, every marker inside the plot. */
    @Test
    void zoomsLayConcurrentWindowsInLanes() throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        ChartData data = new ChartData(c.db.connection());
        int lanes = 0;
        for (String trace : List.of(OVERLAP, AnalyzedCorpus.FIO)) {
            for (List<String> w : c.rows("SELECT DISTINCT w.window_id, w.ino, w.pos, w.end_pos, w.begin_ts, w.end_ts "
                    + "FROM findings JOIN dio_windows w USING (window_id) WHERE trace_id = %d ORDER BY w.window_id LIMIT 40",
                    c.id(trace))) {
                long id = Long.parseLong(w.get(0));
                RaceMapChart.RaceMap zoom = RaceMapChart.zoomChart(data, c.id(trace), "7:0", Long.parseLong(w.get(1)), id,
                        Long.parseLong(w.get(2)), Long.parseLong(w.get(3)), Long.parseLong(w.get(4)), Long.parseLong(w.get(5)),
                        "zoom");
                XYPlot plot = zoom.chart().getXYPlot();
                ChartRenderingInfo info = new ChartRenderingInfo();
                zoom.chart().createBufferedImage(RaceMapChart.WIDTH, zoom.height(), info);
                Rectangle2D area = info.getPlotInfo().getDataArea();
                assertNoneCovers(pixels(plot, (XYIntervalSeriesCollection) plot.getDataset(0), area), trace + " window " + id);
                assertMarkersInside(plot, 1, area, trace + " window " + id);
                assertEquals(0, zoom.layout().piece(id, Long.parseLong(w.get(2))).lane(), "the window in the first lane");
                lanes = Math.max(lanes, zoom.layout().lanes);
            }
        }
        assertTrue(lanes > 1, "overlapping direct writes: some zoom has more than one lane");
    }

    /** The rectangles of a dataset of windows, in pixels. */
    private static List<Rectangle2D> pixels(XYPlot plot, XYIntervalSeriesCollection boxes, Rectangle2D area) {
        List<Rectangle2D> out = new ArrayList<>();
        for (int s = 0; s < boxes.getSeriesCount(); s++) {
            for (int i = 0; i < boxes.getItemCount(s); i++) {
                double x0 = plot.getDomainAxis().valueToJava2D(boxes.getStartXValue(s, i), area, plot.getDomainAxisEdge());
                double x1 = plot.getDomainAxis().valueToJava2D(boxes.getEndXValue(s, i), area, plot.getDomainAxisEdge());
                double y0 = plot.getRangeAxis().valueToJava2D(boxes.getStartYValue(s, i), area, plot.getRangeAxisEdge());
                double y1 = plot.getRangeAxis().valueToJava2D(boxes.getEndYValue(s, i), area, plot.getRangeAxisEdge());
                out.add(new Rectangle2D.Double(Math.min(x0, x1), Math.min(y0, y1), Math.abs(x1 - x0), Math.abs(y1 - y0)));
            }
        }
        return out;
    }

    private static void assertNoneCovers(List<Rectangle2D> rects, String what) {
        rects.sort(Comparator.comparingDouble(Rectangle2D::getMinX));
        for (int i = 0; i < rects.size(); i++) {
            Rectangle2D a = rects.get(i);
            for (int j = i + 1; j < rects.size() && rects.get(j).getMinX() < a.getMaxX(); j++) {
                Rectangle2D cut = a.createIntersection(rects.get(j));
                assertFalse(cut.getWidth() > 1e-6 && cut.getHeight() > 1e-6, what + ": " + a + " and " + rects.get(j)
                        + " cover each other");
            }
        }
    }

    /** Every marker of dataset {@code d}, nudged as its kind is, lies wholly inside the plot. */
    private static void assertMarkersInside(XYPlot plot, int d, Rectangle2D area, String what) {
        XYDataset points = plot.getDataset(d);
        for (int s = 0; s < points.getSeriesCount(); s++) {
            AccessKind kind = kindOf(points.getSeriesKey(s).toString());
            for (int i = 0; i < points.getItemCount(s); i++) {
                double px = plot.getDomainAxis().valueToJava2D(points.getXValue(s, i), area, plot.getDomainAxisEdge());
                double py = plot.getRangeAxis().valueToJava2D(points.getYValue(s, i), area, plot.getRangeAxisEdge());
                Rectangle2D bounds = kind.shape.getBounds2D();
                Rectangle2D marker = new Rectangle2D.Double(px + bounds.getX(), py + bounds.getY(), bounds.getWidth(),
                        bounds.getHeight());
                assertTrue(area.contains(marker), what + ": " + kind.label + " at " + points.getXValue(s, i) + ", "
                        + points.getYValue(s, i) + ": " + marker + " outside " + area);
            }
        }
    }

    /**
     * Every marker of a map is inside the window it belongs to (its time, its bytes, its lane), and inside
     * no rectangle of another window drawn enlarged (those with a finding or markers of their own).
     */
    private static void assertMarkersInTheirWindow(RaceMapChart.RaceMap map, XYDataset points, String what) {
        for (int s = 0; s < points.getSeriesCount(); s++) {
            for (int i = 0; i < points.getItemCount(s); i++) {
                double x = points.getXValue(s, i);
                double y = points.getYValue(s, i);
                Set<Long> in = new HashSet<>();
                Set<Long> drawnIn = new HashSet<>();
                for (BandLayout.Piece p : map.layout().pieces) {
                    ChartData.WindowBox w = p.window();
                    // a window's time closed (an overlapping write's marker is its own begin), its bytes half-open
                    if (x >= w.beginTs() / 1e9 && x <= w.endTs() / 1e9 && y >= p.y0() && y < p.y1()) in.add(w.windowId());
                    double[] dx = map.sizes().x(w);
                    double[] dy = map.sizes().y(p);
                    if (map.sizes().enlarged().test(w) && x >= dx[0] && x <= dx[1] && y >= dy[0] && y <= dy[1]) {
                        drawnIn.add(w.windowId());
                    }
                }
                assertEquals(1, in.size(), what + ": the marker at " + x + ", " + y + " is in windows " + in);
                assertTrue(in.containsAll(drawnIn), what + ": the marker of window " + in + " is drawn in windows " + drawnIn);
            }
        }
    }

    /**
     * A map of tens of thousands of accesses draws at most {@link RaceMapChart#MAX_MAP_MARKERS} markers: a
     * window's markers of a kind merged over wider cells, without counts, and the note says how.
     */
    @Test
    void aMapOfTensOfThousandsOfAccessesMergesThemIntoFewerMarkersAndSaysSo() throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        ChartData data = new ChartData(c.db.connection());
        RaceMapChart.RaceMap map = RaceMapChart.overviewChart(data, c.id(READ_VS_MMAP), "7:0", 131, "read vs mmap");
        XYDataset points = map.chart().getXYPlot().getDataset(2);
        int markers = 0;
        for (int s = 0; s < points.getSeriesCount(); s++) markers += points.getItemCount(s);
        assertEquals(3912, markers);
        assertTrue(markers <= RaceMapChart.MAX_MAP_MARKERS);
        String notes = map.chart().getSubtitles().stream().filter(t -> t instanceof TextTitle)
                .map(t -> ((TextTitle) t).getText()).reduce("", String::concat);
        assertTrue(notes.contains("38,145 conflicting accesses as 3,912 markers (one per kind within 160 pixels of one window)"),
                notes);
        XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) map.chart().getXYPlot().getRenderer(2);
        assertFalse(renderer.getDefaultItemLabelsVisible(), "no counts on markers merged this far");
        ChartRenderingInfo info = new ChartRenderingInfo();
        map.chart().createBufferedImage(RaceMapChart.WIDTH, map.height(), info);
        assertMarkersInside(map.chart().getXYPlot(), 2, info.getPlotInfo().getDataArea(), READ_VS_MMAP);
    }

    @Test
    void theFioMapIsADensityWithEveryRacedWindowOnTop() throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        int fio = c.id(AnalyzedCorpus.FIO);
        RaceMapChart.RaceMap o = RaceMapChart.overviewChart(new ChartData(c.db.connection()), fio, "7:0", 131, "fio");
        assertTrue(o.density());
        Set<Long> withFindings = new HashSet<>();
        for (List<String> r : c.rows("SELECT DISTINCT window_id FROM findings JOIN dio_windows USING (window_id) "
                + "WHERE trace_id = %d", fio)) {
            withFindings.add(Long.parseLong(r.get(0)));
        }
        XYPlot plot = o.chart().getXYPlot();
        Set<Long> drawn = new HashSet<>();
        for (BandLayout.Piece p : o.layout().pieces) if (p.window().found()) drawn.add(p.window().windowId());
        assertEquals(withFindings, drawn, "every window with a finding is laid out");
        assertEquals(o.layout().pieces.stream().filter(p -> p.window().found()).count(), plot.getDataset(1).getItemCount(0),
                "and drawn on top of the density, each piece of it");
        // 64 MiB of file: 16 bands of 4 MiB, the windows of 64 KiB never cut
        assertEquals(16, o.layout().bands.size());
        assertEquals(4L << 20, o.layout().bands.get(0).to() - o.layout().bands.get(0).from());
        assertEquals(o.layout().pieces.size(), o.layout().pieces.stream().map(p -> p.window().windowId()).distinct().count());
        String subtitle = ((TextTitle) o.chart().getSubtitle(1)).getText();
        assertTrue(subtitle.contains("windows without a finding as a density"), subtitle);
        assertTrue(subtitle.contains("16 bands of 0x400000 bytes"), subtitle);
        assertEquals(1, plot.getDomainMarkers(org.jfree.chart.ui.Layer.BACKGROUND).size(),
                "the span where the trace lost events is shaded");
    }

    /**
     * The race map of a corpus trace against a committed PNG. JFreeChart draws the same picture from the
     * same data, but text is drawn with the machine's fonts: a pixel counts as different when a channel
     * differs by more than 64, and up to 3% may (the text is about that much of the image; a lane, a
     * window or a marker layout that moved changes far more). After a deliberate change, regenerate it
     * with {@code mvn -q test -Dtest=RaceMapChartTest -Ddioscope.reference.update=true} and look at it.
     */
    @Test
    void raceMapMatchesItsReferenceImage() throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        RaceMapChart.RaceMap o = RaceMapChart.overviewChart(new ChartData(c.db.connection()), c.id(OVERLAP), "7:0",
                fileOf(c, OVERLAP), "ext4-dio-overlap: 7:0 inode 12");
        BufferedImage image = new BufferedImage(RaceMapChart.WIDTH, o.height(), BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        o.chart().draw(g, new Rectangle2D.Double(0, 0, image.getWidth(), image.getHeight()));
        g.dispose();
        if (Boolean.getBoolean("dioscope.reference.update")) {
            Files.createDirectories(REFERENCE.getParent());
            try (var out = Files.newOutputStream(REFERENCE)) {
                ChartWriter.writePng(image, out);
            }
        }
        BufferedImage reference = ImageIO.read(REFERENCE.toFile());
        assertEquals(reference.getWidth(), image.getWidth());
        assertEquals(reference.getHeight(), image.getHeight());
        long differ = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int a = image.getRGB(x, y);
                int b = reference.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    if (Math.abs(((a >> shift) & 0xff) - ((b >> shift) & 0xff)) > 64) {
                        differ++;
                        break;
                    }
                }
            }
        }
        double share = differ / (double) (image.getWidth() * image.getHeight());
        assertTrue(share < 0.03, String.format("%.2f%% of the pixels differ from %s", share * 100, REFERENCE));
    }

    private static long fileOf(AnalyzedCorpus c, String trace) throws Exception {
        return c.scalar("SELECT ino FROM findings JOIN dio_windows USING (window_id) WHERE trace_id = %d "
                + "GROUP BY ino ORDER BY count(*) DESC LIMIT 1", c.id(trace));
    }

    private static boolean sameOutline(AccessKind a, AccessKind b) {
        java.awt.geom.Area x = new java.awt.geom.Area(a.legendShape);
        x.exclusiveOr(new java.awt.geom.Area(b.legendShape));
        return x.isEmpty();
    }

    private static AccessKind kindOf(String label) {
        for (AccessKind k : AccessKind.values()) if (k.label.equals(label)) return k;
        throw new AssertionError("no kind " + label);
    }

    private static int series(XYDataset d, String key) {
        for (int s = 0; s < d.getSeriesCount(); s++) if (d.getSeriesKey(s).equals(key)) return s;
        throw new AssertionError("no series " + key);
    }

    private static boolean near(BufferedImage img, int x, int y, Color c, int radius) {
        for (int dx = -radius; dx <= radius; dx++) {
            for (int dy = -radius; dy <= radius; dy++) {
                Color p = new Color(img.getRGB(x + dx, y + dy));
                if (Math.abs(p.getRed() - c.getRed()) < 40 && Math.abs(p.getGreen() - c.getGreen()) < 40
                        && Math.abs(p.getBlue() - c.getBlue()) < 40) {
                    return true;
                }
            }
        }
        return false;
    }
}
