package io.dioscope.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dioscope.TestTraces;
import io.dioscope.model.ModelBuilder;
import io.dioscope.store.Database;
import io.dioscope.store.LoadOptions;
import io.dioscope.store.ProgressListener;
import io.dioscope.store.TraceLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rules are data: the header contract, the built-in files, and a user's own rule directory. */
class RuleFilesTest {

    @Test
    void builtInRulesCarryTheirHeaderAndAreNamedAfterTheirFile() throws Exception {
        List<Rule> rules = RuleSet.builtIn();
        // every file of queries/rules/, found by name and in name order: no list names them
        List<String> files;
        try (Stream<Path> s = Files.list(Path.of("queries/rules"))) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql"))
                    .map(n -> n.substring(0, n.length() - ".sql".length())).sorted().toList();
        }
        assertTrue(files.size() >= 11, files.toString());
        assertEquals(files, rules.stream().map(Rule::id).toList());
        for (Rule r : rules) {
            assertEquals("queries/rules/" + r.id() + ".sql", r.origin());
            assertTrue(r.builtIn());
            assertTrue(r.explanation().length() > 200, r.id() + " explains itself in a paragraph");
            assertNotNull(r.source(), r.id() + " names its source");
        }
        assertEquals(Severity.CRITICAL, rules.stream()
                .filter(r -> r.id().equals("page-dirtied-during-dio-write")).findFirst().orElseThrow().severity());
    }

    /** The example in queries/rules/README.md, as a user would copy it. */
    static String readmeExample() throws Exception {
        String readme = Files.readString(Path.of("queries/rules/README.md"));
        int start = readme.indexOf("    -- id: slow-direct-write");
        int end = readme.indexOf("\n\n", start);
        return readme.substring(start, end).replaceAll("(?m)^    ", "") + "\n";
    }

    @Test
    void aUserRuleRunsLikeABuiltInOne(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("slow-direct-write.sql"), readmeExample());
        List<Rule> rules = RuleSet.load(dir);
        int builtIn = RuleSet.builtIn().size();
        assertEquals(builtIn + 1, rules.size());
        try (Database db = Database.open(null)) {
            new TraceLoader(db, LoadOptions.defaults())
                    .load(TestTraces.path("corpus/k61/k61-xfs-read-overlap.trace.gz"), ProgressListener.NONE);
            ModelBuilder.build(db);
            List<RuleEngine.Outcome> outcomes = RuleEngine.run(db, rules);
            RuleEngine.Outcome mine = outcomes.get(builtIn);
            assertEquals("slow-direct-write", mine.rule().id());
            assertTrue(mine.findings() > 0);
            assertEquals(mine.findings(), db.scalarLong("SELECT count(*) FROM findings "
                    + "WHERE rule = 'slow-direct-write' AND severity = 'info' AND message LIKE 'Direct write [0x0, 0x10000)%'"));
        }
    }

    @Test
    void brokenRuleFilesAreOneLineErrorsNamingTheFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.sql");
        Files.writeString(f, "-- id: bad\n-- severity: warning\n-- title: t\nSELECT 1 AS window_id\n");
        RuleFileException noExplanation = assertThrows(RuleFileException.class, () -> RuleSet.load(dir));
        assertEquals(f + ": the header has no '-- explanation: ...' line (see queries/rules/README.md)",
                noExplanation.getMessage());

        Files.writeString(f, "-- id: bad\n-- severity: severe\n-- title: t\n-- explanation: e\nSELECT 1\n");
        assertTrue(assertThrows(RuleFileException.class, () -> RuleSet.load(dir)).getMessage()
                .endsWith("unknown severity 'severe' (info, warning, critical)"));

        Files.writeString(f, "-- id: pagecache-fill-during-dio-write\n-- severity: info\n-- title: t\n-- explanation: e\nSELECT 1\n");
        assertTrue(assertThrows(RuleFileException.class, () -> RuleSet.load(dir)).getMessage()
                .contains("is already used by queries/rules/pagecache-fill-during-dio-write.sql"));
    }

    @Test
    void aRuleWhoseQueryFailsOrReturnsTheWrongColumnsIsRefused(@TempDir Path dir) throws Exception {
        try (Database db = Database.open(null)) {
            new TraceLoader(db, LoadOptions.defaults())
                    .load(TestTraces.path("corpus/xfs-dio-overlap.trace.gz"), ProgressListener.NONE);
            ModelBuilder.build(db);
            Path f = dir.resolve("mine.sql");
            String header = "-- id: mine\n-- severity: info\n-- title: t\n-- explanation: e\n";
            Files.writeString(f, header + "SELECT window_id, 'x' AS message, 1 AS score FROM dio_windows\n");
            RuleFileException extra = assertThrows(RuleFileException.class, () -> RuleEngine.run(db, RuleSet.load(dir)));
            assertTrue(extra.getMessage().startsWith(f + ": unexpected column 'score'"), extra.getMessage());

            Files.writeString(f, header + "SELECT window_id FROM dio_windows\n");
            RuleFileException missing = assertThrows(RuleFileException.class, () -> RuleEngine.run(db, RuleSet.load(dir)));
            assertTrue(missing.getMessage().startsWith(f + ": the query returns no 'message' column"), missing.getMessage());

            Files.writeString(f, header + "SELECT window_id, 'x' AS message FROM no_such_table\n");
            RuleFileException failed = assertThrows(RuleFileException.class, () -> RuleEngine.run(db, RuleSet.load(dir)));
            assertTrue(failed.getMessage().startsWith(f + ": the query failed: Catalog Error"), failed.getMessage());
        }
    }
}
