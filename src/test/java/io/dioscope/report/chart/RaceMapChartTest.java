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
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The race map draws each window and each conflicting access where the trace puts them. */
class RaceMapChartTest {
    static final String OVERLAP = "corpus/ext4-dio-overlap.trace.gz";
    /** The committed reference image of the race map of {@link #OVERLAP}; see {@link #raceMapMatchesItsReferenceImage}. */
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
        JFreeChart chart = RaceMapChart.zoomChart(new ChartData(c.db.connection()), c.id("corpus/xfs-mmap-overlap.trace.gz"),
                "7:0", 131, windowId, pos, endPos, begin, end, "zoom");
        XYPlot plot = chart.getXYPlot();
        XYIntervalSeriesCollection windows = (XYIntervalSeriesCollection) plot.getDataset(0);
        int mine = series(windows, "this window");
        assertEquals(1, windows.getItemCount(mine));
        assertEquals(0.0, windows.getStartXValue(mine, 0), 1e-9);
        assertEquals((end - begin) / 1e3, windows.getEndXValue(mine, 0), 1e-9, "microseconds");
        assertEquals(pos, windows.getStartYValue(mine, 0), 0);
        assertEquals(endPos, windows.getEndYValue(mine, 0), 0);
        // fitted: the window's time and bytes with a margin of a tenth and a twentieth
        assertEquals(-(end - begin) / 10 / 1e3, plot.getDomainAxis().getLowerBound(), 1e-3);
        assertEquals(pos - Math.max((endPos - pos) / 20, 256), plot.getRangeAxis().getLowerBound(), 0);
        XYDataset points = plot.getDataset(1);
        int faults = series(points, AccessKind.MMAP_FAULT.label);
        List<double[]> expected = new ArrayList<>();
        for (List<String> r : rows) expected.add(new double[] {(Long.parseLong(r.get(5)) - begin) / 1e3, Long.parseLong(r.get(6))});
        int found = 0;
        for (double[] e : expected) {
            for (int i = 0; i < points.getItemCount(faults); i++) {
                if (Math.abs(points.getXValue(faults, i) - e[0]) < 1e-9 && points.getYValue(faults, i) == e[1]) {
                    found++;
                    break;
                }
            }
        }
        assertEquals(expected.size(), found, "every fault of the window is drawn at its time and offset");

        ChartRenderingInfo info = new ChartRenderingInfo();
        BufferedImage img = chart.createBufferedImage(RaceMapChart.WIDTH, 420, info);
        Rectangle2D area = info.getPlotInfo().getDataArea();
        // every marker, nudged as its kind is, lies wholly inside the plot (none cut at 0x0 or at the edges)
        for (int s = 0; s < points.getSeriesCount(); s++) {
            AccessKind kind = kindOf(points.getSeriesKey(s).toString());
            for (int i = 0; i < points.getItemCount(s); i++) {
                double px = plot.getDomainAxis().valueToJava2D(points.getXValue(s, i), area, plot.getDomainAxisEdge());
                double py = plot.getRangeAxis().valueToJava2D(points.getYValue(s, i), area, plot.getRangeAxisEdge());
                Rectangle2D bounds = kind.shape.getBounds2D();
                Rectangle2D marker = new Rectangle2D.Double(px + bounds.getX(), py + bounds.getY(), bounds.getWidth(),
                        bounds.getHeight());
                assertTrue(area.contains(marker), kind.label + " at " + points.getXValue(s, i) + " us, offset "
                        + points.getYValue(s, i) + ": " + marker + " outside " + area);
            }
        }
        // and on the image: the fault's colour at its nudged pixel, the window's tint inside its rectangle
        double[] f = expected.get(expected.size() / 2);
        int px = (int) plot.getDomainAxis().valueToJava2D(f[0], area, plot.getDomainAxisEdge()) + AccessKind.MMAP_FAULT.dx;
        int py = (int) plot.getRangeAxis().valueToJava2D(f[1], area, plot.getRangeAxisEdge()) + AccessKind.MMAP_FAULT.dy;
        assertTrue(near(img, px, py, AccessKind.MMAP_FAULT.color, 2), "the fault's marker is drawn at the fault");
        int insideX = (int) plot.getDomainAxis().valueToJava2D((end - begin) / 1e3 * 0.02, area, plot.getDomainAxisEdge());
        int insideY = (int) plot.getRangeAxis().valueToJava2D(endPos - 100, area, plot.getRangeAxisEdge());
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

    @Test
    void lanesNeverHoldTwoWindowsInFlightTogetherOverTheSameBytes() throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        ChartData data = new ChartData(c.db.connection());
        for (String trace : List.of(AnalyzedCorpus.FIO, OVERLAP)) {
            List<ChartData.WindowBox> windows = data.windows(c.id(trace), "7:0", fileOf(c, trace), null, null);
            int[] lane = Lanes.assign(windows);
            int lanes = 0;
            for (int l : lane) lanes = Math.max(lanes, l + 1);
            assertTrue(lanes > 1, trace + ": some windows overlap, so there is more than one lane");
            for (int l = 0; l < lanes; l++) {
                List<ChartData.WindowBox> in = new ArrayList<>();
                for (int i = 0; i < windows.size(); i++) if (lane[i] == l) in.add(windows.get(i));
                in.sort(Comparator.comparingLong(ChartData.WindowBox::beginTs));
                List<ChartData.WindowBox> flying = new ArrayList<>();
                for (ChartData.WindowBox w : in) {
                    flying.removeIf(o -> o.endTs() < w.beginTs());
                    for (ChartData.WindowBox o : flying) {
                        boolean time = o.beginTs() <= w.endTs() && w.beginTs() <= o.endTs();
                        boolean bytes = o.pos() < w.endPos() && w.pos() < o.endPos();
                        assertFalse(time && bytes, trace + ": windows " + o.windowId() + " and " + w.windowId()
                                + " overlap in lane " + l);
                    }
                    flying.add(w);
                }
            }
        }
    }

    @Test
    void theFioMapIsADensityWithEveryRacedWindowOnTop() throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        int fio = c.id(AnalyzedCorpus.FIO);
        RaceMapChart.Overview o = RaceMapChart.overviewChart(new ChartData(c.db.connection()), fio, "7:0", 131, "fio");
        assertTrue(o.density());
        long withFindings = c.scalar("SELECT count(DISTINCT window_id) FROM findings JOIN dio_windows USING (window_id) "
                + "WHERE trace_id = %d", fio);
        CombinedDomainXYPlot plot = (CombinedDomainXYPlot) o.chart().getPlot();
        assertEquals(o.lanes(), plot.getSubplots().size());
        int drawn = 0;
        for (XYPlot lane : plot.getSubplots()) drawn += lane.getDataset(1).getItemCount(0);
        assertEquals(withFindings, drawn, "every window with a finding is drawn, in its lane");
        String subtitle = ((TextTitle) o.chart().getSubtitle(1)).getText();
        assertTrue(subtitle.contains("windows without a finding as a density"), subtitle);
        assertTrue(plot.getSubplots().get(0).getDomainMarkers(org.jfree.chart.ui.Layer.BACKGROUND).size() == 1,
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
        RaceMapChart.Overview o = RaceMapChart.overviewChart(new ChartData(c.db.connection()), c.id(OVERLAP), "7:0",
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
