package io.dioscope.ingest.blktrace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dioscope.TestTraces;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * blktrace's binary per-CPU files rendered as blkparse's text: every record line equal to what the
 * real blkparse printed for the same files (src/test/resources/README.md says where each came from).
 */
class BlkparseTextTest {
    @TempDir
    Path tmp;

    /** The record lines of blkparse's output: not its summary blocks. */
    static List<String> records(String text) {
        return text.lines().filter(l -> l.matches(" *\\d+,\\d+ .*")).toList();
    }

    static String render(List<Path> files) throws IOException {
        List<InputStream> streams = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (Path f : files) {
            streams.add(Files.newInputStream(f));
            labels.add(f.toString());
        }
        try (BlkparseText t = new BlkparseText(streams, labels)) {
            return new String(t.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String text(String resource) throws IOException {
        try (InputStream in = Files.newInputStream(TestTraces.path(resource))) {
            InputStream s = resource.endsWith(".gz") ? new GZIPInputStream(in) : in;
            return new String(s.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The gzip'd CPU files of a capture, unpacked as blktrace names them. */
    private List<Path> unpacked(String name, int cpus) throws IOException {
        List<Path> out = new ArrayList<>();
        for (int cpu = 0; cpu < cpus; cpu++) {
            Path f = tmp.resolve(name + ".blktrace." + cpu);
            try (InputStream in = new GZIPInputStream(Files.newInputStream(
                    TestTraces.path("blkparse/" + name + ".blktrace." + cpu + ".gz")))) {
                Files.copy(in, f);
            }
            out.add(f);
        }
        return out;
    }

    @Test
    void theRecordsAreWhatBlkparsePrintedForThem() throws IOException {
        String ours = render(List.of(TestTraces.path("blkparse/loop0.blktrace.0"), TestTraces.path("blkparse/loop0.blktrace.1")));
        List<String> theirs = records(text("blkparse/xfs-pwrite-pread.blkparse"));
        assertEquals(101, theirs.size());
        assertEquals(String.join("\n", theirs), String.join("\n", ours.lines().toList()));
    }

    @Test
    void aLargerCaptureMergedFromTwoCpusIsBlkparsesToo() throws IOException {
        String ours = render(unpacked("xfs-mmap-overlap-blockonly", 2));
        List<String> theirs = records(text("captured/blk/xfs-mmap-overlap-blockonly.blkparse.gz"));
        assertEquals(14634, theirs.size());
        assertEquals(String.join("\n", theirs), String.join("\n", ours.lines().toList()));
    }

    @Test
    void recordsOfTheSameTimeOnTwoCpusComeInBlkparsesOrder() throws IOException {
        // lines 21 and 22: CPU 1's plug and CPU 0's completion at the same nanosecond; blkparse prints
        // the plug first (CPU 1's stream was printing and is not later than CPU 0's)
        String ours = render(List.of(TestTraces.path("blkparse/tie.blktrace.0"), TestTraces.path("blkparse/tie.blktrace.1")));
        List<String> theirs = records(text("blkparse/tie.blkparse"));
        assertEquals(43, theirs.size());
        assertEquals("  7,0    1        0     0.001678952 19266  P   N [(null)]", theirs.get(20));
        assertEquals(String.join("\n", theirs), String.join("\n", ours.lines().toList()));
    }

    @Test
    void bigEndianRecordsReadTheSame() throws IOException {
        // the same records as a big-endian machine writes them: each header field swapped; the payloads
        // (process names, big-endian counts) are byte strings either way
        List<Path> big = new ArrayList<>();
        for (String cpu : List.of("0", "1")) {
            byte[] le = Files.readAllBytes(TestTraces.path("blkparse/loop0.blktrace." + cpu));
            ByteBuffer in = ByteBuffer.wrap(le).order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer out = ByteBuffer.allocate(le.length).order(ByteOrder.BIG_ENDIAN);
            int at = 0;
            while (at < le.length) {
                out.putInt(at, in.getInt(at)).putInt(at + 4, in.getInt(at + 4)).putLong(at + 8, in.getLong(at + 8))
                        .putLong(at + 16, in.getLong(at + 16));
                for (int f = 24; f <= 40; f += 4) out.putInt(at + f, in.getInt(at + f));
                out.putShort(at + 44, in.getShort(at + 44)).putShort(at + 46, in.getShort(at + 46));
                int pdu = Short.toUnsignedInt(in.getShort(at + 46));
                out.put(at + 48, le, at + 48, pdu);
                at += 48 + pdu;
            }
            Path f = tmp.resolve("be.blktrace." + cpu);
            Files.write(f, out.array());
            big.add(f);
        }
        assertEquals(render(List.of(TestTraces.path("blkparse/loop0.blktrace.0"), TestTraces.path("blkparse/loop0.blktrace.1"))),
                render(big));
    }

    @Test
    void theCpuFilesOfASetAreFoundFromAnyOfThem() throws IOException {
        List<Path> files = unpacked("xfs-mmap-overlap-blockonly", 2);
        assertEquals(files, BlktraceFiles.cpuFiles(files.get(1)));
        Path other = tmp.resolve("notes.txt");
        Files.writeString(other, "x");
        assertEquals(List.of(other), BlktraceFiles.cpuFiles(other));
    }
}
