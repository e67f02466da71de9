package io.dioscope.ingest.dat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The container and ring-buffer reading of a real trace.dat (the corpus' v7 zstd file) against the
 * report trace-cmd itself made of it with nanosecond timestamps: the same records, on the same CPUs, at
 * the same times, in the same order.
 */
class RecordReaderTest {
    static final Path DAT = Path.of("src/test/resources/trace-cmd/xfs-read-overlap.dat");
    static final Path NS_REPORT = Path.of("src/test/resources/captured/xfs-read-overlap.ns.report.gz");
    private static final Pattern HEAD = Pattern.compile("\\[(\\d+)\\]\\s+(\\d+)\\.(\\d{9}):");

    @Test
    void everyRecordAtTheCpuAndTimeTraceCmdReports() throws Exception {
        List<String> expected = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(java.nio.file.Files.newInputStream(NS_REPORT)), StandardCharsets.ISO_8859_1))) {
            String line;
            while ((line = r.readLine()) != null) {
                Matcher m = HEAD.matcher(line);
                if (m.find()) expected.add(Integer.parseInt(m.group(1)) + " " + m.group(2) + m.group(3));
            }
        }
        List<String> actual = new ArrayList<>();
        try (DatFile f = DatFile.open(DAT)) {
            assertEquals(7, f.version());
            assertEquals("zstd", f.compression());
            assertEquals(1, f.buffers().size());
            DatProblems problems = new DatProblems();
            RecordReader records = new RecordReader(f, f.buffers().get(0), problems);
            while (records.next()) {
                actual.add(records.cpu + " " + Long.toUnsignedString(records.ts));
            }
            assertEquals("", problems.summary());
        }
        assertEquals(35_701, expected.size());
        assertEquals(expected, actual);
    }
}
