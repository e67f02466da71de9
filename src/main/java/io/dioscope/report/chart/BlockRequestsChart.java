package io.dioscope.report.chart;

import java.awt.Color;
import java.awt.Paint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYIntervalSeries;

/**
 * A finding's block requests: the direct write's bios and the page-cache requests of the same sectors,
 * each a rectangle from its queueing (Q) to its completion (C) over the bytes it carries, time across
 * and file offset up (sectors of the device it was submitted to, without extent maps). Two rectangles
 * over each other are what the device rule reports: both queued and not yet completed over the same bytes.
 */
public final class BlockRequestsChart {
    private BlockRequestsChart() {}

    /** Null when none of the finding's lines is a block request. */
    public static ChartFile write(ChartData data, int trace, long windowId, List<Long> lines, long beginTs, String title,
            ChartWriter out, String name) throws Exception {
        List<ChartData.BlockRequest> requests = data.blockRequests(trace, windowId, lines);
        JFreeChart chart = chart(requests, beginTs, title);
        return chart == null ? null : out.write(chart, name, RaceMapChart.WIDTH, 320, ChartWriter.Format.vectorIfFew(requests.size()),
                "The direct write's bios and the page-cache requests of the same sectors, from queueing to completion");
    }

    /** The chart of a window's bios and other requests ({@link ChartData#blockRequests}); null without the others. */
    static JFreeChart chart(List<ChartData.BlockRequest> all, long beginTs, String title) {
        if (all.stream().noneMatch(r -> !r.own())) return null;
        // file offsets when the extent maps place every request in one file, else the submitter's sectors
        String path = all.get(0).path();
        boolean inFile = path != null && all.stream().allMatch(r -> path.equals(r.path()) && r.filePos() != null);
        long qFirst = all.stream().mapToLong(ChartData.BlockRequest::qTs).min().orElse(beginTs);
        long cLast = all.stream().mapToLong(r -> r.cTs() == null ? r.qTs() : r.cTs()).max().orElse(beginTs);
        long pad = Math.max((cLast - qFirst) / 10, 1000);
        long t0 = qFirst - pad;
        long t1 = cLast + pad;
        long open = all.stream().filter(r -> r.cTs() == null).count();

        Map<String, XYIntervalSeries> series = new LinkedHashMap<>();
        List<Paint> fills = new ArrayList<>();
        List<Paint> edges = new ArrayList<>();
        for (ChartData.BlockRequest r : all) {
            String label = r.own() ? "this direct write's bios" : r.ioClass() + " requests";
            XYIntervalSeries s = series.get(label);
            if (s == null) {
                s = new XYIntervalSeries(label);
                series.put(label, s);
                Color edge = r.own() ? ChartStyle.FOUND_EDGE : edge(r.ioClass());
                edges.add(edge);
                fills.add(r.own() ? ChartStyle.FOUND_FILL : new Color(edge.getRed(), edge.getGreen(), edge.getBlue(), 60));
            }
            double lo = inFile ? r.filePos() : r.submitSector();
            double hi = lo + (inFile ? r.len() : r.len() / 512.0);
            double from = ChartStyle.sinceBegin(r.qTs(), beginTs);
            double to = ChartStyle.sinceBegin(r.cTs() == null ? t1 : r.cTs(), beginTs);
            s.add(from, from, to, lo, lo, hi);
        }
        NumberAxis time = ChartStyle.sinceBeginAxis();
        time.setRange(ChartStyle.sinceBegin(t0, beginTs), ChartStyle.sinceBegin(t1, beginTs));
        NumberAxis place;
        if (inFile) {
            place = ChartStyle.offsetAxis("file offset of " + path);
        } else {
            place = new NumberAxis("sector of " + all.get(0).submitDev());
            place.setAutoRangeIncludesZero(false);
        }
        XYPlot plot = new XYPlot(RaceMapChart.boxes(series.values().toArray(new XYIntervalSeries[0])), time, place,
                RaceMapChart.boxRenderer(fills.toArray(new Paint[0]), edges.toArray(new Paint[0]), 1.2f));
        JFreeChart chart = new JFreeChart(title, ChartStyle.TITLE, plot, true);
        ChartStyle.apply(chart);
        if (open > 0) ChartStyle.note(chart, open + " request(s) not completed in the trace: drawn to the right edge");
        return chart;
    }

    /** The colour of the access the request is the device's side of: a cache fill for readahead. */
    private static Color edge(String ioClass) {
        return switch (ioClass) {
            case "pagecache-read" -> AccessKind.CACHE_FILL.color;
            case "writeback" -> AccessKind.PAGE_DIRTIED.color;
            default -> AccessKind.DIRECT_IO.color;
        };
    }
}
