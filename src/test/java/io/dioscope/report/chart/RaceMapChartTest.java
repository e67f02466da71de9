package io.dioscope.report.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dioscope.AnalyzedCorpus;
import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The race map draws each window and each conflicting access where the trace puts them. */
class RaceMapChartTest {
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
    void zoomDrawsTheWindowAndItsFaultsWhereTheyHappened() throws Exception {
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
        assertEquals((end - begin) / 1e6, windows.getEndXValue(mine, 0), 1e-9);
        assertEquals(pos, windows.getStartYValue(mine, 0), 0);
        assertEquals(endPos, windows.getEndYValue(mine, 0), 0);
        XYDataset points = plot.getDataset(1);
        int faults = series(points, AccessKind.MMAP_FAULT.label);
        List<double[]> expected = new ArrayList<>();
        for (List<String> r : rows) expected.add(new double[] {(Long.parseLong(r.get(5)) - begin) / 1e6, Long.parseLong(r.get(6))});
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

        // and on the image: the marker colour at a fault's pixel, the window's tint inside its rectangle
        ChartRenderingInfo info = new ChartRenderingInfo();
        BufferedImage img = chart.createBufferedImage(RaceMapChart.WIDTH, 420, info);
        Rectangle2D area = info.getPlotInfo().getDataArea();
        double[] f = expected.get(expected.size() / 2);
        int px = (int) plot.getDomainAxis().valueToJava2D(f[0], area, plot.getDomainAxisEdge());
        int py = (int) plot.getRangeAxis().valueToJava2D(f[1], area, plot.getRangeAxisEdge());
        assertTrue(near(img, px, py, AccessKind.MMAP_FAULT.color, 3) || near(img, px, py, AccessKind.MMAP_STORE.color, 3)
                || near(img, px, py, AccessKind.PAGE_DIRTIED.color, 3), "a marker is drawn at the fault");
        int insideX = (int) plot.getDomainAxis().valueToJava2D((end - begin) / 1e6 * 0.02, area, plot.getDomainAxisEdge());
        int insideY = (int) plot.getRangeAxis().valueToJava2D(endPos - 100, area, plot.getRangeAxisEdge());
        Color tint = new Color(img.getRGB(insideX + 2, insideY + 3));
        assertTrue(tint.getRed() > tint.getGreen() && tint.getRed() > tint.getBlue(), "the window is tinted red: " + tint);
    }

    @Test
    void overviewOfAHalfMillionEventTraceIsSampledAndSaysSo() throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        int fio = c.id(AnalyzedCorpus.FIO);
        JFreeChart chart = RaceMapChart.overviewChart(new ChartData(c.db.connection()), fio, "7:0", 131, "fio");
        XYIntervalSeriesCollection windows = (XYIntervalSeriesCollection) chart.getXYPlot().getDataset(0);
        int drawn = 0;
        for (int s = 0; s < windows.getSeriesCount(); s++) drawn += windows.getItemCount(s);
        long total = c.scalar("SELECT count(*) FROM dio_windows WHERE trace_id = %d", fio);
        long withFindings = c.scalar("SELECT count(DISTINCT window_id) FROM findings JOIN dio_windows USING (window_id) "
                + "WHERE trace_id = %d", fio);
        assertTrue(total > 10 * RaceMapChart.MAX_WINDOWS);
        assertTrue(drawn <= RaceMapChart.MAX_WINDOWS + withFindings, "drawn " + drawn);
        assertEquals(withFindings, windows.getItemCount(series(windows, "window with a finding")),
                "every window with a finding is drawn");
        String subtitle = ((TextTitle) chart.getSubtitle(1)).getText();
        assertTrue(subtitle.contains("sampled to stay readable"), subtitle);
        assertTrue(chart.getXYPlot().getDomainMarkers(org.jfree.chart.ui.Layer.BACKGROUND).size() == 1,
                "the span where the trace lost events is shaded");
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
