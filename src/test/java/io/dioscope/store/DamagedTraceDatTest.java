package io.dioscope.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dioscope.TestTraces;
import io.dioscope.ingest.TraceInputException;
import io.dioscope.ingest.dat.DatBuffer;
import io.dioscope.ingest.dat.DatFile;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real trace.dat files damaged the ways files get damaged (cut short by a full disk or an interrupted
 * copy, an offset that points outside the file, a compressed chunk with bad bytes): one sentence naming
 * the file when nothing can be read, otherwise what can be read is loaded and the trace is marked
 * incomplete with what is missing. Each damaged file is made here from a real one, so what it was is
 * visible in the code.
 */
class DamagedTraceDatTest {
    @TempDir
    Path dir;

    private static byte[] v6() throws Exception {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(TestTraces.path("trace-cmd/xfs-dio-overlap.v6.dat.gz")))) {
            return in.readAllBytes();
        }
    }

    private LoadedTrace load(Path p) throws Exception {
        try (Database db = Database.open(null)) {
            return new TraceLoader(db, LoadOptions.defaults()).load(p, ProgressListener.NONE);
        }
    }

    private static long events(String resource) throws Exception {
        try (Database db = Database.open(null)) {
            return new TraceLoader(db, LoadOptions.defaults()).load(TestTraces.path(resource), ProgressListener.NONE).events();
        }
    }

    @Test
    void aVersion6FileCutInItsCpuDataLoadsWhatIsThereAsIncomplete() throws Exception {
        byte[] whole = v6();
        Path cut = dir.resolve("cut.dat");
        Files.write(cut, Arrays.copyOf(whole, 5_600_000)); // the last CPU's data ends at byte 5,615,616
        LoadedTrace t = load(cut);
        assertTrue(t.truncated());
        assertEquals("trace.dat not read in full: CPU 1: its data (32768 bytes at offset 5582848) goes beyond the end "
                + "of the file (5600000 bytes); the 17152 bytes there are read; CPU 1: its data ends 768 bytes into a "
                + "page (the file was cut short): that page is not read", t.truncation());
        assertEquals(257, t.events());
        assertTrue(t.events() < events("trace-cmd/xfs-dio-overlap.v6.dat.gz"));
    }

    private static byte[] v7none() throws Exception {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(TestTraces.path("trace-cmd/xfs-dio-overlap.v7-none.dat.gz")))) {
            return in.readAllBytes();
        }
    }

    /**
     * Where the file says a CPU's data lies (its offset, then its size, little-endian: the BUFFER option of
     * version 7, the flyrecord table of version 6), puts another offset.
     */
    private static void moveCpuData(byte[] b, long offset, long size, long newOffset) {
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i + 16 <= b.length; i++) {
            if (bb.getLong(i) == offset && bb.getLong(i + 8) == size) {
                bb.putLong(i, newOffset);
                return;
            }
        }
        throw new AssertionError("no offset " + offset + " with size " + size + " in the file");
    }

    @Test
    void aCpuOffsetOutsideTheFileLosesThatCpuOnly() throws Exception {
        byte[] b = v7none(); // uncompressed version 7: both CPUs have data, the BUFFER option is plain bytes
        Path whole = dir.resolve("whole.dat");
        Files.write(whole, b);
        long cpu1;
        long size1;
        try (DatFile f = DatFile.open(whole)) {
            DatBuffer top = f.buffers().get(0);
            cpu1 = top.cpus().get(1).offset();
            size1 = top.cpus().get(1).size();
        }
        moveCpuData(b, cpu1, size1, b.length + 4096L);
        Path moved = dir.resolve("moved.dat");
        Files.write(moved, b);
        LoadedTrace t = load(moved);
        assertTrue(t.truncated());
        assertEquals("trace.dat not read in full: CPU 1: its data (32768 bytes at offset " + (b.length + 4096L)
                + ") goes beyond the end of the file (" + b.length + " bytes); none of it is there", t.truncation());
        assertTrue(t.events() > 0, "CPU 0's events are loaded");
    }

    @Test
    void theOnlyCpuWithDataOutsideTheFileIsRefusedSayingWhy() throws Exception {
        byte[] b = v6(); // CPU 0 recorded nothing here; all events are CPU 1's
        moveCpuData(b, 5_582_848L, 32_768L, 1L << 40);
        Path moved = dir.resolve("moved6.dat");
        Files.write(moved, b);
        TraceInputException e = assertThrows(TraceInputException.class, () -> load(moved));
        assertEquals(moved + ": has no events (1 line(s), none of them an event): trace.dat not read in full: CPU 1: "
                + "its data (32768 bytes at offset 1099511627776) goes beyond the end of the file (" + b.length
                + " bytes); none of it is there", e.getMessage());
    }

    @Test
    void aDamagedZstdChunkEndsThatCpuAndMarksTheTraceIncomplete() throws Exception {
        Path src = TestTraces.path("trace-cmd/xfs-read-overlap.dat");
        byte[] b = Files.readAllBytes(src);
        long cpu0;
        try (DatFile f = DatFile.open(src)) {
            cpu0 = f.buffers().get(0).cpus().get(0).offset();
        }
        // CPU 0's data: a 4-byte chunk count, then each chunk's two sizes and its zstd frame
        int frame = (int) cpu0 + 4 + 8;
        for (int i = 8; i < 40; i++) b[frame + i] ^= 0x5a;
        Path bad = dir.resolve("bad-chunk.dat");
        Files.write(bad, b);
        LoadedTrace t = load(bad);
        assertTrue(t.truncated());
        assertTrue(t.truncation().startsWith("trace.dat not read in full: CPU 0: chunk 0 at offset " + (cpu0 + 4)
                + ": its zstd data cannot be decompressed"), t.truncation());
        assertTrue(t.events() > 0, "CPU 1's events are loaded");
    }

    @Test
    void aVersion7FileCutShortHasNoBufferDescriptionsAndSaysSo() throws Exception {
        byte[] b = Files.readAllBytes(TestTraces.path("trace-cmd/xfs-dio-overlap.v7-zstd.dat"));
        Path cut = dir.resolve("cut7.dat");
        Files.write(cut, Arrays.copyOf(b, 500_000));
        TraceInputException e = assertThrows(TraceInputException.class, () -> load(cut));
        assertEquals(cut + ": cannot be read as a trace.dat: was cut short: the options section at offset 1039259 "
                + "(which trace-cmd writes last; it says where each CPU's data lies) is beyond its end (500000 bytes), "
                + "so none of its events can be found", e.getMessage());
    }

    @Test
    void anUnknownVersionIsRefusedInOneLine() throws Exception {
        byte[] b = Files.readAllBytes(TestTraces.path("trace-cmd/xfs-dio-overlap.v7-zstd.dat"));
        b[10] = '8'; // "7\0" -> "8\0"
        Path v8 = dir.resolve("v8.dat");
        Files.write(v8, b);
        TraceInputException e = assertThrows(TraceInputException.class, () -> load(v8));
        assertEquals(v8 + ": cannot be read as a trace.dat: is a trace.dat version 8; dioscope reads versions 6 and 7",
                e.getMessage());
    }

    /**
     * Random damage where a trace.dat's structure lives: bytes flipped in the metadata of a version 7
     * file's options, or in its CPU data (page headers, record headers, payloads), or in a version 6
     * file's CPU data. Whatever the bytes, the load ends in a loaded trace or a one-line refusal.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "seed {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17,
            18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30})
    void randomDamageLoadsOrIsRefusedInOneLine(int seed) throws Exception {
        java.util.Random random = new java.util.Random(seed);
        byte[] b = seed % 2 == 0 ? v7none() : v6();
        Path whole = dir.resolve("whole.dat");
        Files.write(whole, b);
        long from;
        long to;
        try (DatFile f = DatFile.open(whole)) {
            DatBuffer top = f.buffers().get(0);
            from = top.cpus().stream().filter(c -> c.size() > 0).mapToLong(DatBuffer.CpuData::offset).min().orElseThrow();
            to = top.cpus().stream().mapToLong(c -> c.offset() + c.size()).max().orElseThrow();
        }
        if (seed % 3 == 0) { // the metadata: header, options, formats
            from = 0;
            to = 4096;
        }
        int flips = 1 + random.nextInt(64);
        for (int i = 0; i < flips; i++) {
            int at = (int) (from + random.nextInt((int) (to - from)));
            b[at] = (byte) random.nextInt(256);
        }
        Path damaged = dir.resolve("damaged-" + seed + ".dat");
        Files.write(damaged, b);
        try {
            LoadedTrace t = load(damaged);
            assertTrue(t.events() > 0);
        } catch (TraceInputException e) {
            assertTrue(e.getMessage().startsWith(damaged.toString()) && !e.getMessage().contains("\n"), e.getMessage());
        }
    }
}
