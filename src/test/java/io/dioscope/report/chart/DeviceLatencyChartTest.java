package io.dioscope.report.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dioscope.AnalyzedCorpus;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogTick;
import org.jfree.chart.axis.Tick;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.RectangleEdge;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The device-latency chart of every device of the corpus traces that has completed requests, drawn at the
 * report's size: no two ticks of an axis carry the same label (the time axis of a trace of a few
 * milliseconds read 0, 0.001, 0.001, 0.002 when one format served every tick size).
 */
class DeviceLatencyChartTest {
    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void noTwoTicksOfAnAxisReadTheSame() throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        List<List<String>> devices = c.rows("SELECT DISTINCT trace_id, dev FROM blk_requests WHERE d2c IS NOT NULL "
                + "ORDER BY ALL");
        assertFalse(devices.isEmpty(), "the corpus has traces with block requests");
        int short_ = 0;
        for (List<String> d : devices) {
            List<DeviceLatencyChart.Request> requests = DeviceLatencyChart.requests(c.db.connection(),
                    Integer.parseInt(d.get(0)), d.get(1));
            String what = "trace " + d.get(0) + ", device " + d.get(1);
            checkTicks(requests, what);
            // the corpus's block traces run for 50 ms and more: their first 3 ms are the chart of a shorter capture
            long t0 = requests.get(0).issueTs();
            List<DeviceLatencyChart.Request> first = requests.stream().filter(r -> r.issueTs() - t0 < 3_000_000).toList();
            if (first.size() >= 2 && first.get(first.size() - 1).issueTs() > t0) {
                checkTicks(first, what + ", its first 3 ms");
                short_++;
            }
        }
        assertTrue(short_ > 0, "a device with requests within 3 ms of its first: where one format for every tick size "
                + "labelled the time axis 0, 0.001, 0.001, 0.002");
    }

    private static void checkTicks(List<DeviceLatencyChart.Request> requests, String what) {
        JFreeChart chart = DeviceLatencyChart.chart(requests, "t");
        BufferedImage image = new BufferedImage(RaceMapChart.WIDTH, DeviceLatencyChart.HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g2 = image.createGraphics();
        ChartRenderingInfo info = new ChartRenderingInfo();
        chart.draw(g2, new Rectangle2D.Double(0, 0, image.getWidth(), image.getHeight()), info);
        Rectangle2D area = info.getPlotInfo().getDataArea();
        XYPlot plot = chart.getXYPlot();
        String of = what + " (" + requests.size() + " requests)";
        assertDistinct(labels(plot.getDomainAxis(), g2, area, RectangleEdge.BOTTOM), of + ", time axis");
        assertDistinct(labels(plot.getRangeAxis(), g2, area, RectangleEdge.LEFT), of + ", D2C axis");
        g2.dispose();
    }

    private static List<String> labels(ValueAxis axis, Graphics2D g2, Rectangle2D area, RectangleEdge edge) {
        List<String> out = new ArrayList<>();
        for (Object t : axis.refreshTicks(g2, new AxisState(), area, edge)) {
            // a log axis's ticks carry their text as an attributed string (for exponents), the others' as text
            String text = t instanceof LogTick log && log.getAttributedLabel() != null
                    ? text(log.getAttributedLabel()) : ((Tick) t).getText();
            if (text != null && !text.isEmpty()) out.add(text);
        }
        return out;
    }

    private static String text(java.text.AttributedString s) {
        StringBuilder out = new StringBuilder();
        java.text.AttributedCharacterIterator it = s.getIterator();
        for (char ch = it.first(); ch != java.text.CharacterIterator.DONE; ch = it.next()) out.append(ch);
        return out.toString();
    }

    private static void assertDistinct(List<String> labels, String what) {
        assertTrue(labels.size() >= 2, what + ": " + labels);
        assertEquals(labels.size(), new HashSet<>(labels).size(), what + ": " + labels);
    }
}
