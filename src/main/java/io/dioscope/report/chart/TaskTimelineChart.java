package io.dioscope.report.chart;

import io.dioscope.report.Numbers;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.Layer;

/**
 * Who did what around one window: a row per task (the submitter, the completer, every task that
 * touched the file), its events in time order, the window shaded.
 */
public final class TaskTimelineChart {
    static final int MAX_TASKS = 12;
    static final int MAX_MARKERS = 5000;

    private TaskTimelineChart() {}

    /** The time a window's timeline spans, [t0, t1]: the window and a quarter of its length either side. */
    public static long[] range(long beginTs, long endTs) {
        long span = Math.max(endTs - beginTs, 1000);
        return new long[] {beginTs - span / 4, endTs + span / 4};
    }

    public static ChartFile write(ChartData data, int trace, String dev, long ino, long beginTs, long endTs,
            int submitPid, Integer completePid, List<Integer> otherPids, long beginLine, Long completeLine, String title,
            ChartWriter out, String name) throws Exception {
        long[] range = range(beginTs, endTs);
        long t0 = range[0];
        long t1 = range[1];
        List<Integer> pids = new ArrayList<>();
        pids.add(submitPid);
        if (completePid != null && completePid != submitPid) pids.add(completePid);
        for (int p : otherPids) if (!pids.contains(p) && pids.size() < MAX_TASKS) pids.add(p);
        List<ChartData.Access> all = new ArrayList<>();
        for (ChartData.Access a : data.taskEvents(trace, dev, ino, pids, t0, t1)) {
            // this window's own begin and completion, told apart from the task's other direct I/O
            boolean mine = a.kind() == AccessKind.DIRECT_IO
                    && (a.line() == beginLine || (completeLine != null && a.line() == completeLine));
            all.add(mine ? new ChartData.Access(a.line(), a.ts(), a.pid(), a.comm(), AccessKind.THIS_WINDOW, a.pos(),
                    a.len()) : a);
        }
        Map<Integer, String> rows = new LinkedHashMap<>();
        for (int p : pids) rows.put(p, null);
        for (ChartData.Access a : all) if (rows.get(a.pid()) == null) rows.put(a.pid(), a.comm() + " (" + a.pid() + ")");
        rows.replaceAll((p, label) -> label != null ? label : "pid " + p);
        List<Integer> order = new ArrayList<>(rows.keySet());
        List<ChartData.Access> markers = Sampling.thin(all, MAX_MARKERS, a -> a.kind() == AccessKind.DIRECT_IO || a.kind() == AccessKind.THIS_WINDOW);

        AccessMarkers points = new AccessMarkers(markers, a -> ChartStyle.sinceBegin(a.ts(), beginTs),
                a -> order.indexOf(a.pid()));
        NumberAxis time = ChartStyle.sinceBeginAxis();
        time.setRange(ChartStyle.sinceBegin(t0, beginTs), ChartStyle.sinceBegin(t1, beginTs));
        SymbolAxis tasks = new SymbolAxis("task", rows.values().toArray(new String[0]));
        tasks.setGridBandsVisible(true);
        tasks.setGridBandPaint(new Color(0xf4f4f4));
        XYPlot plot = new XYPlot(points.points, time, tasks, points.renderer);
        IntervalMarker window = new IntervalMarker(0, ChartStyle.sinceBegin(endTs, beginTs), new Color(44, 160, 44, 40));
        window.setLabel("in flight");
        plot.addDomainMarker(window, Layer.BACKGROUND);
        JFreeChart chart = new JFreeChart(title, ChartStyle.TITLE, plot, true);
        ChartStyle.apply(chart);
        if (markers.size() < all.size()) {
            ChartStyle.note(chart, "Sampled: " + Numbers.grouped(markers.size()) + " of " + Numbers.grouped(all.size())
                    + " events (every direct-I/O event kept)");
        }
        int height = 150 + 34 * rows.size();
        return out.write(chart, name, RaceMapChart.WIDTH, height, ChartWriter.Format.vectorIfFew(markers.size()),
                "Task timeline: one row per task, its events around the window");
    }
}
