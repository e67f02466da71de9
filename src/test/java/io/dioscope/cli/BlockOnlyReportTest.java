package io.dioscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dioscope.TestTraces;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report of a trace of block events alone (captured/blk/xfs-read-overlap-blockonly.blkparse:
 * blkparse of the blk tracer's records, with the file's extents): its coverage says it was judged by
 * one rule, as the text and JSON reports do, and its findings draw the block requests the rule
 * compared instead of file charts that would be empty.
 */
class BlockOnlyReportTest {
    private static final String BASE = "captured/blk/xfs-read-overlap-blockonly";

    @TempDir
    Path tmp;

    private Document report(String trace, String... more) throws Exception {
        Path out = tmp.resolve("report");
        String[] args = {"report", TestTraces.path(trace).toString(), "-o", out.toString(), "--db",
            tmp.resolve("r.db").toString(), "--charts", "2"};
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        Cli r = Cli.run(all);
        assertTrue(r.exitCode == 0 || r.exitCode == 1, r.toString());
        return Jsoup.parse(Files.readString(out.resolve("index.html")));
    }

    @Test
    void theCoverageTableSaysWhichRuleJudgedIt() throws Exception {
        Document doc = report(BASE + ".blkparse.gz", "--extents", TestTraces.path(BASE + ".extents").toString());
        // the sentence the text report prints under the trace and JSON writes as judged_by
        String scope = Cli.query(tmp.resolve("r.db"), "SELECT scope FROM trace_judgement").split("\n", 2)[1]
                .replaceAll("^\"|\"$", ""); // a CSV field: quoted, for its commas
        assertTrue(scope.startsWith("judged from block-layer events alone"), scope);
        Element span = doc.selectFirst("#coverage td span.scope");
        assertNotNull(span, doc.select("#coverage").outerHtml());
        assertEquals(scope, span.text());
        Cli text = Cli.run("analyze", "--db", tmp.resolve("r.db").toString());
        assertTrue(text.out.contains(scope), text.out);
    }

    @Test
    void aTraceWithFileEventsHasNoScopeSentence() throws Exception {
        Document doc = report("corpus/xfs-clean.trace.gz");
        assertNotNull(doc.selectFirst("#coverage td"));
        assertNull(doc.selectFirst("#coverage span.scope"));
    }

    @Test
    void aBlockOnlyFindingDrawsItsBlockRequestsAndSaysWhyThereIsNoRaceMap() throws Exception {
        Document doc = report(BASE + ".blkparse.gz", "--extents", TestTraces.path(BASE + ".extents").toString());
        Path img = tmp.resolve("report/img");
        Element f = doc.selectFirst("#finding-1");
        assertTrue(f.text().contains("This direct write was rebuilt from the block layer alone"), f.text());
        assertEquals(1, f.select("img.chart").size());
        assertEquals("img/finding-1-block-requests.svg", f.selectFirst("img.chart").attr("src"));
        for (String empty : new String[] {"race-map", "tasks", "occupancy"}) {
            assertFalse(Files.exists(img.resolve("finding-1-" + empty + ".svg")), empty);
        }
        // the chart is of the file's bytes (the extents place the bio), with the write and its reads
        String svg = Files.readString(img.resolve("finding-1-block-requests.svg"));
        assertTrue(svg.contains("this direct write&apos;s bios") && svg.contains("pagecache-read requests"), svg);
        assertTrue(svg.contains(">0x10000<"), "the write's end, 64 KiB into the file");
        // no inode is made up for it, nor a link to a race map that is not drawn
        assertTrue(f.select("th").eachText().contains("device"), f.outerHtml());
        assertFalse(f.text().contains("inode 0"), f.text());
        assertFalse(f.select("a").eachText().contains("race map of this file"));
        assertTrue(doc.selectFirst("#race-maps").text().contains("209 finding(s) are of direct writes rebuilt from the "
                + "block layer alone"), doc.selectFirst("#race-maps").text());
        assertTrue(doc.select("#race-maps img").isEmpty());
    }
}
