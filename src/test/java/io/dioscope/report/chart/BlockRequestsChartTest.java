package io.dioscope.report.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dioscope.AnalyzedCorpus;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A block-only finding's chart draws the direct write's bio and the page-cache requests it names, each
 * from its Q to its C over its sectors (captured/blk/xfs-read-overlap-partition-blockonly: the whole
 * disk under a partition, loaded without extents, so the sectors are the partition's).
 */
class BlockRequestsChartTest {
    private static final String TRACE = "captured/blk/xfs-read-overlap-partition-blockonly.blk.trace.gz";

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void theFirstFindingsWriteAndReadsAreDrawnWhereTheTraceHasThem() throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        int trace = c.id(TRACE);
        List<String> f = c.rows("SELECT window_id, begin_ts, list_aggregate(conflict_lines, 'string_agg', ',') "
                + "FROM finding_details WHERE trace_id = %d ORDER BY begin_line LIMIT 1", trace).get(0);
        long window = Long.parseLong(f.get(0));
        long begin = Long.parseLong(f.get(1));
        List<Long> lines = new ArrayList<>();
        for (String l : f.get(2).split(",")) lines.add(Long.parseLong(l));
        List<ChartData.BlockRequest> requests = new ChartData(c.db.connection()).blockRequests(trace, window, lines);
        // the window's one bio (its Q is the window's begin) and each request the finding names
        List<List<String>> expected = c.rows("SELECT q_line, io_class, q_ts, c_ts, submit_dev, submit_sector, len, "
                + "q_line IN (SELECT q_line FROM window_blk_requests WHERE window_id = %d) FROM blk_requests "
                + "WHERE trace_id = %d AND (q_line IN (SELECT begin_line FROM dio_windows WHERE window_id = %d) "
                + "OR list_contains([%s], q_line)) ORDER BY q_line", window, trace, window, f.get(2));
        assertEquals(expected.size(), requests.size());
        assertEquals(1 + lines.size(), requests.size());
        for (int i = 0; i < requests.size(); i++) {
            ChartData.BlockRequest r = requests.get(i);
            assertEquals(expected.get(i), List.of(Long.toString(r.qLine()), r.ioClass(), Long.toString(r.qTs()),
                    String.valueOf(r.cTs()), r.submitDev(), Long.toString(r.submitSector()), Long.toString(r.len()),
                    Boolean.toString(r.own())));
        }
        ChartData.BlockRequest own = requests.stream().filter(ChartData.BlockRequest::own).findFirst().orElseThrow();
        assertEquals("direct-write", own.ioClass());

        JFreeChart chart = BlockRequestsChart.chart(requests, begin, "t");
        assertEquals("sector of 259:0", chart.getXYPlot().getRangeAxis().getLabel());
        XYIntervalSeriesCollection boxes = (XYIntervalSeriesCollection) chart.getXYPlot().getDataset();
        assertEquals(2, boxes.getSeriesCount());
        assertEquals("this direct write's bios", boxes.getSeriesKey(0));
        assertEquals("pagecache-read requests", boxes.getSeriesKey(1));
        assertEquals(1, boxes.getItemCount(0));
        assertEquals(lines.size(), boxes.getItemCount(1));
        // the bio from its Q (the window's begin) to its C, over its partition sectors
        assertEquals(0.0, boxes.getStartXValue(0, 0), 1e-9);
        assertEquals((own.cTs() - begin) / 1e3, boxes.getEndXValue(0, 0), 1e-9);
        assertEquals(own.submitSector(), boxes.getStartYValue(0, 0), 0);
        assertEquals(own.submitSector() + own.len() / 512, boxes.getEndYValue(0, 0), 0);
        // each read overlaps it in sectors and in time: what the rule reported
        for (int i = 0; i < boxes.getItemCount(1); i++) {
            assertTrue(boxes.getStartYValue(1, i) < boxes.getEndYValue(0, 0) && boxes.getEndYValue(1, i) > boxes.getStartYValue(0, 0));
            assertTrue(boxes.getStartXValue(1, i) < boxes.getEndXValue(0, 0) && boxes.getEndXValue(1, i) > boxes.getStartXValue(0, 0));
        }
    }

    @Test
    void aWindowWithoutOtherRequestsHasNoChart() throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        int trace = c.id(TRACE);
        long window = Long.parseLong(c.rows("SELECT min(window_id) FROM dio_windows WHERE trace_id = %d", trace).get(0).get(0));
        assertNull(BlockRequestsChart.chart(new ChartData(c.db.connection()).blockRequests(trace, window, List.of()), 0, "t"));
    }
}
