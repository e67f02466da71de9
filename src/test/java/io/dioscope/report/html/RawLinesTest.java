package io.dioscope.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.dioscope.TestTraces;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** Lines read back from a trace of many blocks are the lines the file holds at those numbers. */
class RawLinesTest {
    @Test
    void linesAcrossManyBlocksAreTheFilesOwn() throws Exception {
        // the corpus fio trace: 5 MB compressed, hundreds of the reader's blocks
        Path trace = TestTraces.path("corpus/fio/xfs-fio-mixed.trace.gz");
        Map<Long, String> expected = new HashMap<>();
        long count = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(trace)),
                StandardCharsets.UTF_8))) {
            String l;
            while ((l = r.readLine()) != null) expected.put(++count, l);
        }
        // scattered lines, the first and the last, and a run of consecutive ones longer than a block
        Set<Long> wanted = new TreeSet<>(Set.of(1L, 2L, count));
        for (long n = 997; n < count; n += 9973) wanted.add(n);
        for (long n = count / 2; n < count / 2 + 4000; n++) wanted.add(n);

        RawLines.Result got = RawLines.read(trace, Files.size(trace), RawLines.sha256(trace), wanted);

        assertNull(got.unavailable());
        assertEquals(wanted, new TreeSet<>(got.lines().keySet()));
        for (long n : wanted) assertEquals(expected.get(n), got.lines().get(n), "line " + n);
    }
}
