package io.dioscope.report.chart;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The device's time for each request of one device over the trace (btt's D2C: from its issue to the
 * driver to its completion), one point per request, a series per io_class of blk_requests: where the
 * direct writes' device time stands against the page cache's reads and writeback.
 */
public final class DeviceLatencyChart {
    /** Points drawn at most: beyond that an even stride of them, said in the chart's note. */
    static final int MAX_POINTS = 20_000;
    static final int HEIGHT = 320;

    private DeviceLatencyChart() {}

    record Request(long issueTs, long d2c, String ioClass) {}

    static List<Request> requests(Connection c, int trace, String dev) throws SQLException {
        List<Request> out = new ArrayList<>();
        // each request once (bios merged into one share its D and C), with the class of its first bio
        try (PreparedStatement ps = c.prepareStatement("SELECT d_ts, d2c, arg_min(io_class, q_line) FROM blk_requests "
                + "WHERE trace_id = ? AND dev = ? AND d2c IS NOT NULL GROUP BY d_line, d_ts, d2c ORDER BY d_ts")) {
            ps.setInt(1, trace);
            ps.setString(2, dev);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new Request(rs.getLong(1), rs.getLong(2), rs.getString(3)));
            }
        }
        return out;
    }

    /** Null when the device has no completed request. */
    public static ChartFile write(Connection c, int trace, String dev, String title, ChartWriter writer, String name)
            throws Exception {
        List<Request> all = requests(c, trace, dev);
        if (all.isEmpty()) return null;
        // thousands of points: a PNG (ChartWriter.Format)
        return writer.write(chart(all, title), name, RaceMapChart.WIDTH, HEIGHT, ChartWriter.Format.PNG,
                "Device time (D2C) of each request over the trace, by what the request was for");
    }

    /** The chart of the requests {@code all} (at least one), in issue order. */
    static JFreeChart chart(List<Request> all, String title) {
        List<Request> shown = Sampling.thin(all, MAX_POINTS, r -> false);
        long t0 = all.get(0).issueTs();
        Map<String, XYSeries> byClass = new LinkedHashMap<>();
        for (Request r : shown) {
            byClass.computeIfAbsent(r.ioClass(), k -> new XYSeries(k, false, true))
                    .add((r.issueTs() - t0) / 1e9, Math.max(r.d2c(), 1) / 1e3);
        }
        XYSeriesCollection series = new XYSeriesCollection();
        byClass.values().forEach(series::addSeries);
        // each tick size's own format (JFreeChart's standard units): one format for all of them, "0.###", labelled
        // the ticks of a trace of a few milliseconds 0, 0.001, 0.001, 0.002, ...
        NumberAxis time = new NumberAxis("s after the first issue");
        LogAxis d2c = new LogAxis("D2C (µs, log scale)");
        // down to the 1 ns a request of no measurable device time is drawn at: "0.#" read 0, 0 for 0.001 and 0.01
        d2c.setNumberFormatOverride(new DecimalFormat("0.###"));
        // stamped into the PNG: thousands of the same dot
        XYLineAndShapeRenderer renderer = new MarkerRenderer();
        for (int i = 0; i < series.getSeriesCount(); i++) renderer.setSeriesShape(i, new java.awt.geom.Ellipse2D.Double(-2, -2, 4, 4));
        XYPlot plot = new XYPlot(series, time, d2c, renderer);
        JFreeChart chart = new JFreeChart(title, ChartStyle.TITLE, plot, true);
        ChartStyle.apply(chart);
        if (shown.size() < all.size()) {
            ChartStyle.note(chart, shown.size() + " of " + all.size() + " requests drawn (an even stride)");
        }
        return chart;
    }
}
