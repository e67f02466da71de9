package io.dioscope.report.chart;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dioscope.AnalyzedCorpus;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Markers stamped into a PNG ({@link MarkerRenderer}) look like the shapes JFreeChart draws for them, where
 * it draws them; an SVG gets the shapes themselves. On the zoom of the captured read-vs-mmap race's most
 * raced window: thousands of markers of three kinds over each other.
 */
class MarkerRendererTest {
    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    private static JFreeChart zoomOfTheMostRacedWindow() throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        int trace = c.id(RaceMapChartTest.READ_VS_MMAP);
        List<String> w = c.rows("SELECT window_id, pos, end_pos, begin_ts, end_ts FROM dio_windows JOIN (SELECT window_id, "
                + "count(*) AS n FROM window_conflicts WHERE in_range GROUP BY window_id) USING (window_id) "
                + "WHERE trace_id = %d ORDER BY n DESC, window_id LIMIT 1", trace).get(0);
        return RaceMapChart.zoomChart(new ChartData(c.db.connection()), trace, "7:0", 131, Long.parseLong(w.get(0)),
                Long.parseLong(w.get(1)), Long.parseLong(w.get(2)), Long.parseLong(w.get(3)), Long.parseLong(w.get(4)),
                "zoom").chart();
    }

    /** The index of the plot's marker renderer; it is swapped for a shape-drawing copy by {@link #drawingShapes}. */
    private static int markers(XYPlot plot) {
        for (int i = 0; i < plot.getRendererCount(); i++) if (plot.getRenderer(i) instanceof MarkerRenderer) return i;
        throw new AssertionError("no MarkerRenderer in the plot");
    }

    /** A plain XYLineAndShapeRenderer set up as {@link AccessMarkers} sets up its renderer, its shapes moved {@code dx} pixels. */
    private static XYLineAndShapeRenderer drawingShapes(XYItemRenderer renderer, int series, double dx) {
        XYLineAndShapeRenderer stamps = (XYLineAndShapeRenderer) renderer;
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        for (int s = 0; s < series; s++) {
            r.setSeriesPaint(s, stamps.getSeriesPaint(s));
            r.setSeriesShape(s, AffineTransform.getTranslateInstance(dx, 0).createTransformedShape(stamps.getSeriesShape(s)));
            r.setLegendShape(s, stamps.getLegendShape(s));
        }
        r.setDefaultItemLabelGenerator(stamps.getDefaultItemLabelGenerator());
        r.setDefaultItemLabelFont(stamps.getDefaultItemLabelFont());
        r.setDefaultItemLabelsVisible(stamps.getDefaultItemLabelsVisible());
        return r;
    }

    private static BufferedImage png(JFreeChart chart) {
        return ChartWriter.png(chart, RaceMapChart.WIDTH, 420);
    }

    /** Per channel: the largest difference, and the sum of differences over the sum of ink (255 - value) in {@code a}. */
    private static double[] difference(BufferedImage a, BufferedImage b) {
        long sum = 0;
        long ink = 0;
        int max = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    int d = Math.abs(((p >> shift) & 0xff) - ((q >> shift) & 0xff));
                    max = Math.max(max, d);
                    sum += d;
                    ink += 255 - ((p >> shift) & 0xff);
                }
            }
        }
        return new double[] {max, sum / (double) ink};
    }

    @Test
    void stampedMarkersLookLikeTheShapesTheyStandForWhereTheShapesWouldBe() throws Exception {
        JFreeChart chart = zoomOfTheMostRacedWindow();
        XYPlot plot = chart.getXYPlot();
        int i = markers(plot);
        int count = 0;
        for (int s = 0; s < plot.getDataset(i).getSeriesCount(); s++) count += plot.getDataset(i).getItemCount(s);
        assertTrue(count > 1000, count + " markers");
        BufferedImage stamped = png(chart);
        XYItemRenderer stamps = plot.getRenderer(i);
        plot.setRenderer(i, drawingShapes(stamps, plot.getDataset(i).getSeriesCount(), 0));
        BufferedImage shapes = png(chart);
        double[] d = difference(shapes, stamped);
        // an eighth of a pixel off at most, and markers composed in another order where they overlap: edges differ a little
        assertTrue(d[0] <= 96, "a channel differs by " + d[0]);
        assertTrue(d[1] < 0.03, "differences are " + d[1] + " of the ink");

        // markers a pixel off differ far more: what the comparison above would catch
        plot.setRenderer(i, drawingShapes(stamps, plot.getDataset(i).getSeriesCount(), 1));
        double[] shifted = difference(shapes, png(chart));
        assertTrue(shifted[1] > 3 * d[1], "a pixel off: " + shifted[1] + " of the ink, stamped: " + d[1]);
    }

    private static String withoutIds(String svg) {
        return svg.replaceAll("_[0-9]+clip-", "clip-");
    }

    @Test
    void anSvgGetsTheShapesThemselves() throws Exception {
        JFreeChart chart = zoomOfTheMostRacedWindow();
        XYPlot plot = chart.getXYPlot();
        int i = markers(plot);
        String stamped = ChartWriter.svg(chart, RaceMapChart.WIDTH, 420);
        plot.setRenderer(i, drawingShapes(plot.getRenderer(i), plot.getDataset(i).getSeriesCount(), 0));
        String shapes = ChartWriter.svg(chart, RaceMapChart.WIDTH, 420);
        // each document names its clip paths with a number of its own
        assertTrue(withoutIds(shapes).equals(withoutIds(stamped)), "the SVGs differ");
        assertTrue(shapes.length() > 100_000, shapes.length() + " characters: a marker is a shape");
    }
}
