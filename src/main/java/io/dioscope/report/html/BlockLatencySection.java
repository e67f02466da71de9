package io.dioscope.report.html;

import io.dioscope.report.Numbers;
import io.dioscope.report.chart.ChartFile;
import io.dioscope.report.chart.ChartWriter;
import io.dioscope.report.chart.DeviceLatencyChart;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.nodes.Element;

/**
 * The device's side of the traces that have block events: btt's latency table (blk_latency: Q2G,
 * G2I, I2D, Q2D, D2C, Q2C per device) and a chart of each request's device time. Nothing when no
 * trace has block events.
 */
final class BlockLatencySection {
    private BlockLatencySection() {}

    static void write(Element body, Connection c, ChartWriter img) throws Exception {
        List<String[]> rows = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT trace_id, dev, phase, n, min_ns, round(avg_ns)::BIGINT, max_ns FROM blk_latency "
                        + "ORDER BY trace_id, dev, rowid")) {
            while (rs.next()) {
                rows.add(new String[] {Integer.toString(rs.getInt(1)), rs.getString(2), rs.getString(3),
                        Numbers.grouped(rs.getLong(4)), Numbers.duration(rs.getLong(5)), Numbers.duration(rs.getLong(6)),
                        Numbers.duration(rs.getLong(7))});
            }
        }
        if (rows.isEmpty()) return;
        Element s = body.appendElement("section").attr("id", "device");
        s.appendElement("h2").text("Device latency");
        s.appendElement("p").text("Each bio followed through the block layer as btt follows it: Q2G until a request "
                + "was allocated for it, G2I until that request entered the I/O scheduler, I2D until it was issued to "
                + "the driver, Q2D from queueing to issue, D2C the device's own time (each request once), Q2C the "
                + "bio's whole life. blk_requests holds every bio, blk_queue_depth the device's queue depth over time.");
        Element t = s.appendElement("table");
        Page.headerRow(t, "trace", "device", "phase", "n", "min", "avg", "max");
        String last = null;
        List<String[]> devices = new ArrayList<>();
        for (String[] r : rows) {
            Element tr = Page.row(t, r);
            for (int i = 3; i < 7; i++) tr.child(i).addClass("num");
            String key = r[0] + " " + r[1];
            if (!key.equals(last)) devices.add(new String[] {r[0], r[1]});
            last = key;
        }
        for (String[] d : devices) {
            ChartFile chart = DeviceLatencyChart.write(c, Integer.parseInt(d[0]), d[1],
                    "Device time per request: trace " + d[0] + ", device " + d[1], img,
                    "device-latency-" + d[0] + "-" + d[1].replace(':', '-'));
            Page.figure(s, chart, "D2C of each request of trace " + d[0] + " on " + d[1]
                    + ", coloured by what blk_requests says it was for (io_class).");
        }
    }
}
