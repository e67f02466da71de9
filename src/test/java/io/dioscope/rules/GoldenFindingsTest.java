package io.dioscope.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dioscope.AnalyzedCorpus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exact findings of every real trace the tests load, compared with a checked-in golden file per
 * trace ({@code src/test/resources/golden/<trace>.tsv}: rule, line of the window's begin, severity,
 * evidence, certain). A change to the findings is a change to those files, reviewed in the diff like
 * code. Regenerate them after a deliberate change with
 *
 * <pre>mvn -q test -Dtest=GoldenFindingsTest -Ddioscope.golden.update=true</pre>
 */
class GoldenFindingsTest {
    static final String HEADER = "# rule\tbegin_line\tseverity\tevidence\tcertain";
    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    static Stream<String> traces() {
        return AnalyzedCorpus.all().stream();
    }

    @ParameterizedTest
    @MethodSource("traces")
    void findingsAreExactlyTheGoldenOnes(String trace) throws Exception {
        List<String> actual = findings(trace);
        Path file = GOLDEN.resolve(trace.replaceAll("\\.gz$", "") + ".tsv");
        if (Boolean.getBoolean("dioscope.golden.update")) {
            Files.createDirectories(file.getParent());
            Files.write(file, actual, StandardCharsets.UTF_8);
        }
        assertEquals(String.join("\n", read(file)), String.join("\n", actual),
                trace + ": findings differ from " + file + " (regenerate: see GoldenFindingsTest)");
    }

    static List<String> findings(String trace) throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        List<String> out = new ArrayList<>();
        out.add(HEADER);
        for (List<String> r : c.rows("SELECT rule, begin_line, severity, coalesce(evidence, '-'), certain "
                + "FROM finding_details WHERE trace_id = %d ORDER BY begin_line, rule, related_window_id", c.id(trace))) {
            out.add(String.join("\t", r));
        }
        return out;
    }

    private static List<String> read(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of("(no golden file)");
    }
}
