package io.dioscope.report.html;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.dioscope.TestTraces;
import io.dioscope.model.ModelBuilder;
import io.dioscope.report.Analysis;
import io.dioscope.report.AnalysisReader;
import io.dioscope.rules.Rule;
import io.dioscope.rules.RuleEngine;
import io.dioscope.rules.RuleSet;
import io.dioscope.store.Database;
import io.dioscope.store.LoadOptions;
import io.dioscope.store.ProgressListener;
import io.dioscope.store.TraceLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The race maps drawn as soon as the rules have run, while the analysis is read back, are the maps the page
 * would draw once it has the analysis: the same files in the same order, the same images byte for byte.
 */
class EarlyRaceMapsTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "corpus/xfs-mmap-overlap.trace.gz", // one file, six rules
        "captured/xfs-dio-read-vs-mmap-race.trace.gz", // 1,222 findings of one file: a map of density and merged markers
        "fstests/xfs/generic-095.trace.gz", // two files
        "corpus/fio/xfs-fio-mixed.trace.gz", // lost events
        "captured/record/xfs-read-overlap-recorded.dat", // a trace.dat whose file map names the file's path
        "captured/blk/xfs-read-overlap-blockonly.blkparse.gz" // the block layer alone: no file, no map
    })
    void drawnWhileTheAnalysisIsReadTheyAreTheMapsThePageWouldDraw(String name, @TempDir Path dir) throws Exception {
        Path trace = TestTraces.path(name);
        Path early = report(trace, dir.resolve("early"), true);
        Path late = report(trace, dir.resolve("late"), false);
        Element earlyMaps = Jsoup.parse(early.toFile(), "UTF-8").getElementById("race-maps");
        Element lateMaps = Jsoup.parse(late.toFile(), "UTF-8").getElementById("race-maps");
        assertEquals(lateMaps.outerHtml(), earlyMaps.outerHtml());
        List<String> images = lateMaps.select("img").eachAttr("src");
        assertEquals(name.contains("blockonly"), images.isEmpty(), images.toString());
        for (String image : images) {
            byte[] drawnEarly = Files.readAllBytes(early.resolveSibling(image));
            byte[] drawnLate = Files.readAllBytes(late.resolveSibling(image));
            assertFalse(drawnLate.length == 0, image);
            if (image.endsWith(".png")) assertArrayEquals(drawnLate, drawnEarly, image);
        }
        try (var files = Files.list(early.resolveSibling("img"))) {
            assertEquals(List.of(), files.map(f -> "img/" + f.getFileName())
                    .filter(f -> f.startsWith("img/race-map-") && f.endsWith(".png") && !images.contains(f)).toList(),
                    "no map drawn that the page does not show");
        }
    }

    /** The report of {@code trace} in {@code dir}, drawn as the commands draw it, the race maps early or not. */
    private static Path report(Path trace, Path dir, boolean early) throws Exception {
        try (Database db = Database.open(null)) {
            new TraceLoader(db, LoadOptions.defaults()).load(trace, ProgressListener.NONE);
            try (HtmlReport.Drawing drawing = HtmlReport.start(db, dir)) {
                drawing.loaded();
                ModelBuilder.build(db);
                drawing.modelBuilt(null);
                List<Rule> rules = RuleSet.builtIn();
                List<RuleEngine.Outcome> outcomes = RuleEngine.run(db, rules);
                drawing.rulesRun(early);
                Analysis a = AnalysisReader.read(db, outcomes);
                return drawing.write(a, rules, new HtmlReport.Options(3, 3, 40), new StageTimes());
            }
        }
    }
}
