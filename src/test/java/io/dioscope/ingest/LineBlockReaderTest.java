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

/**
 * Lines longer than the maximum are skipped as they are read, whatever the input; a perf event is never
 * cut from its call chain, unless the chain is longer than a block may grow.
 */
class LineBlockReaderTest {
    /** perf record -g: 2,346 events, each with its chain and a blank line; an event with its chain is 600 to 5,507 bytes. */
    static final String CHAINS = "captured/xfs-read-overlap-callchains.perfscript.gz";

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

    private static List<LineBlock> blocks(List<String> lines, int blockSize, int maxChainBytes) {
        byte[] text = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        LineBlockReader r = new LineBlockReader(new ByteArrayInputStream(text), blockSize,
                LineBlockReader.DEFAULT_MAX_LINE_BYTES, maxChainBytes, () -> 0, (line, head, n, length) -> { });
        List<LineBlock> out = new ArrayList<>();
        StringBuilder all = new StringBuilder();
        for (LineBlock b = r.next(); b != null; b = r.next()) {
            out.add(b);
            all.append(new String(b.data, 0, b.length, StandardCharsets.UTF_8));
        }
        assertEquals(new String(text, StandardCharsets.UTF_8), all.toString(), "the blocks are the text, cut");
        assertEquals(lines.size(), r.linesRead());
        return out;
    }

    /** The line of the event whose chain line {@code line} (from 1) is in: the last line above it not starting with a tab. */
    private static long eventAbove(List<String> lines, long line) {
        long k = line;
        while (lines.get((int) k - 1).startsWith("\t")) k--;
        return k;
    }

    @Test
    void aBlockNeverEndsBetweenAnEventAndItsCallChain() {
        List<String> lines = TestTraces.lines(CHAINS);
        List<Integer> sizes = eventWithChainSizes(lines);
        assertEquals(2346, sizes.size());
        assertEquals(600, java.util.Collections.min(sizes));
        assertEquals(5507, java.util.Collections.max(sizes));
        // 512-byte blocks: every event with its chain is longer than a block, which grows to keep it whole
        for (LineBlock b : blocks(lines, 512, LineBlockReader.DEFAULT_MAX_CHAIN_BYTES)) {
            assertTrue(b.data[0] != '\t', "block at line " + b.firstLine + " starts with a call-chain frame");
            assertEquals(0, b.callChainOf);
        }
    }

    /** Bytes of each event line with the frames under it (newlines included, not the blank line after). */
    private static List<Integer> eventWithChainSizes(List<String> lines) {
        List<Integer> sizes = new ArrayList<>();
        for (String l : lines) {
            int bytes = l.getBytes(StandardCharsets.UTF_8).length + 1;
            if (l.startsWith("\t")) sizes.set(sizes.size() - 1, sizes.get(sizes.size() - 1) + bytes);
            else if (!l.isEmpty()) sizes.add(bytes);
        }
        return sizes;
    }

    @Test
    void aChainLongerThanTheLimitIsCutWithinItAndTheNextBlockSaysWhoseItIs() {
        List<String> lines = TestTraces.lines(CHAINS);
        // the 1,334 events with 127 frames are 4.5 to 5.5 KB with their chain, the others at most 1.5 KB
        List<LineBlock> blocks = blocks(lines, 512, 2048);
        java.util.Set<Long> cut = new java.util.TreeSet<>();
        for (int i = 0; i < blocks.size(); i++) {
            LineBlock b = blocks.get(i);
            if (b.data[0] != '\t') {
                assertEquals(0, b.callChainOf, "block at line " + b.firstLine);
                continue;
            }
            long event = eventAbove(lines, b.firstLine);
            assertEquals(event, b.callChainOf, "block at line " + b.firstLine);
            cut.add(event);
            // the block before ends within 2048 bytes of the event line, or is itself all frames of it
            LineBlock before = blocks.get(i - 1);
            assertTrue(before.length <= 2048, "block at line " + before.firstLine + " is " + before.length + " bytes");
        }
        long longChains = eventWithChainSizes(lines).stream().filter(n -> n > 2048).count();
        assertEquals(1334, longChains);
        assertEquals(longChains, cut.size(), "every chain longer than 2048 bytes is cut, and no other");
    }
    /**
     * A reader that reuses each block's bytes for the next hands out the same text, numbered the same, as one
     * that makes every block anew: on the perf trace whose blocks grow to keep chains whole (so a reused
     * block is sometimes bigger than the block size), with blocks small enough to be cut a thousand times.
     */
    @Test
    void reusedBlocksCarryTheSameLinesWithTheSameNumbers() {
        List<String> lines = TestTraces.lines(CHAINS);
        byte[] text = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        java.util.Map<Long, String> fresh = numbered(new LineBlockReader(new ByteArrayInputStream(text), 512, () -> 0), false);
        LineBlockReader reusing = new LineBlockReader(new ByteArrayInputStream(text), 512, () -> 0).reusingBlocks();
        java.util.Map<Long, String> reused = numbered(reusing, true);
        assertEquals(lines.size(), fresh.size());
        assertEquals(fresh, reused);
        assertEquals(lines.size(), reusing.linesRead());
    }

    /** Every line a reader hands out, by its number, read out of each block before the next is asked for. */
    private static java.util.Map<Long, String> numbered(LineBlockReader r, boolean reusing) {
        java.util.Map<Long, String> out = new java.util.HashMap<>();
        byte[] previous = null;
        int sameBytes = 0;
        for (LineBlock b = r.next(); b != null; b = r.next()) {
            if (b.data == previous) sameBytes++;
            previous = b.data;
            String[] ls = new String(b.data, 0, b.length, StandardCharsets.UTF_8).split("\n", -1);
            for (int i = 0; i < ls.length - 1; i++) out.put(b.firstLine + i, ls[i]);
        }
        // the reusing reader really reused (most blocks' bytes), the other never
        if (reusing) assertTrue(sameBytes > 1000, sameBytes + " blocks reused their bytes");
        else assertEquals(0, sameBytes);
        return out;
    }
}
