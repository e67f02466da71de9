package io.dioscope.report.html;

import io.dioscope.report.ConflictEvent;
import io.dioscope.report.Finding;
import io.dioscope.report.chart.BlockRequestsChart;
import io.dioscope.report.chart.ChartData;
import io.dioscope.report.chart.ChartFile;
import io.dioscope.report.chart.ChartWriter;
import io.dioscope.report.chart.OccupancyChart;
import io.dioscope.report.chart.RaceMapChart;
import io.dioscope.report.chart.TaskTimelineChart;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The charts of a finding's window. Several rules often find the same window (a fault, the page it
 * dirtied, the stale page it left: three findings, one window), and a window's zoom and page-cache
 * occupancy are the same for all of them: each is drawn once and every section of the window shows
 * it. The task timeline is shared by the findings whose conflicting tasks are the same.
 */
final class WindowCharts {
    /**
     * The charts of a finding's section: the window's zoom, task timeline and page-cache occupancy (none for
     * a window of the block layer alone, {@code blockOnly}), and the block requests the finding names (null
     * when it names none).
     */
    record Charts(ChartFile zoom, ChartFile tasks, ChartFile occupancy, ChartFile blockRequests, boolean blockOnly) {}

    /**
     * A window and the tasks its timeline draws. Not a record: a record's hashCode is linked through method
     * handles the first time it runs, 7 ms of a chart thread's time (profiled).
     */
    private static final class TasksKey {
        private final long windowId;
        private final List<Integer> pids;

        TasksKey(long windowId, List<Integer> pids) {
            this.windowId = windowId;
            this.pids = pids;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TasksKey k && k.windowId == windowId && k.pids.equals(pids);
        }

        @Override
        public int hashCode() {
            return 31 * Long.hashCode(windowId) + pids.hashCode();
        }
    }

    private final ChartData data;
    private final ChartWriter img;
    private final Map<Long, ChartFile> zooms = new HashMap<>();
    private final Map<Long, ChartFile> occupancies = new HashMap<>();
    private final Map<TasksKey, ChartFile> timelines = new HashMap<>();
    private final Map<Long, Integer> timelinesOfWindow = new HashMap<>();

    WindowCharts(ChartData data, ChartWriter img) {
        this.data = data;
        this.img = img;
    }

    /**
     * The charts of {@code findings}, in their order: their data read and their drawing scheduled while the
     * caller builds the rest of the page, on one thread per core (each on a connection of its own, sharing
     * the files' windows through {@code shared}). Each window's findings go to the same thread, in order, so
     * that its charts are drawn once and named as one thread would name them (on the fio trace, the ten
     * charted windows' queries alone took 0.45 s).
     */
    static CompletableFuture<List<Charts>> ahead(Connections connections, ChartData.Shared shared, List<Finding> findings,
            ChartWriter img) {
        if (findings.isEmpty()) return CompletableFuture.completedFuture(List.of());
        Map<Long, Integer> threadOfWindow = new HashMap<>();
        int threads = Runtime.getRuntime().availableProcessors();
        for (Finding f : findings) threadOfWindow.putIfAbsent(f.windowId(), threadOfWindow.size() % threads);
        List<CompletableFuture<Map<Integer, Charts>>> parts = new ArrayList<>();
        for (int t = 0; t < Math.min(threads, threadOfWindow.size()); t++) {
            int thread = t;
            parts.add(OwnConnection.start(connections, shared, "dioscope-finding-charts-" + t, data -> {
                WindowCharts windows = new WindowCharts(data, img);
                windows.keepDirectIo(findings, f -> threadOfWindow.get(f.windowId()) == thread);
                Map<Integer, Charts> mine = new HashMap<>();
                for (int i = 0; i < findings.size(); i++) {
                    if (threadOfWindow.get(findings.get(i).windowId()) == thread) mine.put(i, windows.of(findings.get(i)));
                }
                return mine;
            }));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(v -> {
            Map<Integer, Charts> all = new HashMap<>();
            for (CompletableFuture<Map<Integer, Charts>> p : parts) all.putAll(p.join());
            List<Charts> out = new ArrayList<>();
            for (int i = 0; i < findings.size(); i++) out.add(all.get(i));
            return out;
        });
    }

    /** Reads, in one scan per trace, the direct I/O the task timelines of the windows of {@code findings} draw. */
    private void keepDirectIo(List<Finding> findings, java.util.function.Predicate<Finding> mine) throws Exception {
        Map<Integer, List<long[]>> spans = new HashMap<>();
        java.util.Set<Long> windows = new java.util.HashSet<>();
        for (Finding f : findings) {
            if (!mine.test(f) || f.blockLayerOnly() || !windows.add(f.windowId())) continue;
            spans.computeIfAbsent(f.traceId(), k -> new ArrayList<>()).add(TaskTimelineChart.range(f.beginTs(), f.endTs()));
        }
        for (Map.Entry<Integer, List<long[]>> e : spans.entrySet()) data.keepDirectIo(e.getKey(), e.getValue());
    }

    Charts of(Finding f) throws Exception {
        String base = "window-" + f.windowId();
        String what = "Window " + f.windowId() + ": ";
        // the block requests are the finding's own (its conflicting lines), not the window's
        List<Long> lines = f.conflicts().stream().map(ConflictEvent::line).toList();
        ChartFile blocks = BlockRequestsChart.write(data, f.traceId(), f.windowId(), lines, f.beginTs(),
                "Finding #" + f.id() + ": block requests of its sectors", img, "finding-" + f.id() + "-block-requests");
        if (f.blockLayerOnly()) return new Charts(null, null, null, blocks, true);
        ChartFile zoom = zooms.get(f.windowId());
        if (zoom == null) {
            // the zoom's accesses are read with the timeline's, which spans a little more time
            long[] timeline = TaskTimelineChart.range(f.beginTs(), f.endTs());
            data.keepAccesses(f.traceId(), f.dev(), f.ino(), timeline[0], timeline[1]);
            zoom = RaceMapChart.zoom(data, f.traceId(), f.dev(), f.ino(), f.windowId(), f.pos(), f.pos() + f.len(),
                    f.beginTs(), f.endTs(), what + "the window and what touched its range", img, base + "-race-map");
            zooms.put(f.windowId(), zoom);
        }
        List<Integer> others = new ArrayList<>();
        for (ConflictEvent c : f.conflicts()) if (!others.contains(c.pid())) others.add(c.pid());
        TasksKey key = new TasksKey(f.windowId(), others);
        ChartFile tasks = timelines.get(key);
        if (tasks == null) {
            int n = timelinesOfWindow.merge(f.windowId(), 1, Integer::sum);
            tasks = TaskTimelineChart.write(data, f.traceId(), f.dev(), f.ino(), f.beginTs(), f.endTs(), f.submitPid(),
                    f.completePid(), others, f.beginLine(), f.completeLine(), what + "tasks around the window", img,
                    base + "-tasks" + (n > 1 ? "-" + n : ""));
            timelines.put(key, tasks);
        }
        ChartFile occupancy = occupancies.get(f.windowId());
        if (occupancy == null) {
            occupancy = OccupancyChart.write(data, f.traceId(), f.dev(), f.ino(), f.pos(), f.pos() + f.len(), f.pageSize(),
                    f.beginTs(), f.endTs(), what + "pages of the range in the page cache", img, base + "-occupancy");
            occupancies.put(f.windowId(), occupancy);
        }
        return new Charts(zoom, tasks, occupancy, blocks, false);
    }
}
