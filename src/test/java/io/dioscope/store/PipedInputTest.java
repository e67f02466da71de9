package io.dioscope.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dioscope.TestTraces;
import io.dioscope.ingest.TraceFile;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Compressed traces through a pipe ({@code dioscope analyze <(gzip -c t)}): nothing may seek. */
class PipedInputTest {
    static final String[] COMPRESSED = {"corpus/xfs-dio-overlap.trace.gz", "captured/xfs-dio-overlap.trace.zst",
            "captured/xfs-dio-overlap.trace.xz", "captured/xfs-dio-overlap.trace.bz2",
            "captured/xfs-dio-overlap.trace.lz4", "captured/xfs-dio-overlap.concatenated.trace.gz"};

    /** A stream that can only be read, as a pipe: available(), mark, reset and skip all fail. */
    static final class PipeLike extends FilterInputStream {
        PipeLike(InputStream in) {
            super(in);
        }

        @Override
        public int available() throws IOException {
            throw new IOException("Illegal seek");
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        @Override
        public synchronized void mark(int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long skip(long n) throws IOException {
            throw new IOException("Illegal seek");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"corpus/xfs-dio-overlap.trace.gz", "captured/xfs-dio-overlap.trace.zst",
            "captured/xfs-dio-overlap.trace.xz", "captured/xfs-dio-overlap.trace.bz2",
            "captured/xfs-dio-overlap.trace.lz4", "captured/xfs-dio-overlap.concatenated.trace.gz"})
    void everyCompressionIsRecognisedAndReadFromAStreamThatCannotSeek(String resource) throws Exception {
        Path path = TestTraces.path(resource);
        TraceFile f = TraceFile.open(path, -1, new PipeLike(Files.newInputStream(path)));
        byte[] text = f.text().readAllBytes();
        String expected = String.join("\n", TestTraces.lines("corpus/xfs-dio-overlap.trace.gz")) + "\n";
        assertEquals(expected, new String(text, java.nio.charset.StandardCharsets.UTF_8));
        f.sha256Hex();
        assertEquals(Files.size(path), f.position(), "every byte of the stream was read and hashed");
    }

    @Test
    void aCompressedTraceLoadsFromANamedPipe(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("trace.fifo");
        mkfifo(fifo);
        for (String resource : COMPRESSED) {
            byte[] bytes = Files.readAllBytes(TestTraces.path(resource));
            LoadedTrace t = loadThrough(fifo, bytes);
            assertEquals(585, t.events(), resource);
            assertEquals(bytes.length, t.fileBytes(), resource);
            assertTrue(t.complete(), resource + ": " + t.truncation());
        }
    }

    /**
     * A trace.dat is read by offset: through a named pipe, plain or gzip-compressed, it is copied to a
     * temporary file first and loads as from the file, hashed as the bytes that came through the pipe.
     */
    @Test
    void aTraceDatLoadsFromANamedPipe(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("dat.fifo");
        mkfifo(fifo);
        long direct;
        try (Database db = Database.open(null)) {
            direct = new TraceLoader(db, LoadOptions.defaults())
                    .load(TestTraces.path("trace-cmd/xfs-dio-overlap.v7-zstd.dat"), ProgressListener.NONE).events();
        }
        for (String resource : new String[] {"trace-cmd/xfs-dio-overlap.v7-zstd.dat", "trace-cmd/xfs-dio-overlap.v6.dat.gz"}) {
            byte[] bytes = Files.readAllBytes(TestTraces.path(resource));
            LoadedTrace t = loadThrough(fifo, bytes);
            assertTrue(t.format().startsWith("trace.dat v"), t.format());
            assertEquals(bytes.length, t.fileBytes(), resource);
            assertTrue(t.complete(), resource + ": " + t.truncation());
            if (resource.endsWith(".v7-zstd.dat")) assertEquals(direct, t.events());
            else assertEquals(459, t.events(), resource); // the v6 recording's report has 459 event lines
        }
        try (java.util.stream.Stream<Path> left = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertEquals(0, left.filter(p -> p.getFileName().toString().startsWith("dioscope-")
                    && p.getFileName().toString().endsWith(".dat")).count(), "the temporary copies are deleted");
        }
    }

    /** Makes a named pipe; the test is skipped where mkfifo is not there. */
    private static void mkfifo(Path fifo) throws Exception {
        Process mk;
        try {
            mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException e) {
            assumeTrue(false, "no mkfifo here");
            return;
        }
        assumeTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo failed");
    }

    /** Loads what a writer thread sends through the pipe, as {@code dioscope analyze <(cat file)} would. */
    private static LoadedTrace loadThrough(Path fifo, byte[] bytes) throws Exception {
        Thread writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write(bytes);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        LoadedTrace t;
        try (Database db = Database.open(null)) {
            t = new TraceLoader(db, LoadOptions.defaults()).load(fifo, ProgressListener.NONE);
        }
        writer.join(10_000);
        return t;
    }
}
