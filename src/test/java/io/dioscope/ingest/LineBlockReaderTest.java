package io.dioscope.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dioscope.TestTraces;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines longer than the maximum are skipped as they are read, whatever the input. */
class LineBlockReaderTest {

    /** An endless stream of zero bytes, like /dev/zero. */
    static final class Zeros extends InputStream {
        long served;

        @Override
        public int read() {
            served++;
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            java.util.Arrays.fill(b, off, off + len, (byte) 0);
            served += len;
            return len;
        }
    }

    @Test
    void anEndlessLineStopsTheReadAfterOneGibibyteWithoutBufferingIt() {
        Zeros zeros = new Zeros();
        List<Long> skipped = new ArrayList<>();
        LineBlockReader r = new LineBlockReader(zeros, LineBlockReader.DEFAULT_BLOCK_SIZE,
                LineBlockReader.DEFAULT_MAX_LINE_BYTES, () -> zeros.served, (line, head, n, length) -> skipped.add(line));
        assertNull(r.next());
        assertEquals(List.of(1L), skipped);
        assertTrue(r.failure().getMessage().startsWith("line 1 is longer than 1073741824 bytes"), r.failure().getMessage());
        assertTrue(zeros.served <= LineBlockReader.MAX_SKIPPED_LINE_BYTES + 2L * LineBlockReader.DEFAULT_BLOCK_SIZE);
    }

    @Test
    void linesAfterASkippedLineKeepTheirNumbers() {
        List<String> real = TestTraces.lines("corpus/xfs-dio-overlap.trace.gz").subList(130, 136);
        String text = real.get(0) + "\n" + real.get(1).repeat(2000) + "\n" + String.join("\n", real.subList(2, 6)) + "\n";
        List<Long> skipped = new ArrayList<>();
        LineBlockReader r = new LineBlockReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), 4096,
                1024, () -> 0, (line, head, n, length) -> skipped.add(line));
        List<Long> firstLines = new ArrayList<>();
        StringBuilder kept = new StringBuilder();
        for (LineBlock b = r.next(); b != null; b = r.next()) {
            firstLines.add(b.firstLine);
            kept.append(new String(b.data, 0, b.length, StandardCharsets.UTF_8));
        }
        assertEquals(List.of(2L), skipped);
        assertEquals(List.of(1L, 3L), firstLines);
        assertEquals(real.get(0) + "\n" + String.join("\n", real.subList(2, 6)) + "\n", kept.toString());
        assertEquals(6, r.linesRead());
    }
}
