package io.dioscope.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dioscope.TestTraces;
import io.dioscope.ingest.TraceInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Compression, incomplete input and input that is not a trace. */
class InputVariantsTest {

    static LoadedTrace load(Path path) throws Exception {
        try (Database db = Database.open(null)) {
            return new TraceLoader(db, LoadOptions.defaults()).load(path, ProgressListener.NONE);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"corpus/xfs-dio-overlap.trace.gz", "captured/xfs-dio-overlap.trace.zst",
            "captured/xfs-dio-overlap.trace.xz", "captured/xfs-dio-overlap.trace.bz2",
            "captured/xfs-dio-overlap.trace.lz4", "captured/xfs-dio-overlap.concatenated.trace.gz"})
    void everyCompressionLoadsTheSameEvents(String resource) throws Exception {
        LoadedTrace t = load(TestTraces.path(resource));
        assertEquals(585, t.events());
        assertEquals(597, t.lines());
        assertTrue(t.complete());
    }

    @Test
    void aTruncatedGzipIsLoadedAndReportedIncomplete() throws Exception {
        LoadedTrace t = load(TestTraces.path("captured/xfs-dio-overlap.truncated.trace.gz"));
        assertTrue(t.events() > 300, "the lines before the cut are loaded");
        assertTrue(t.truncated());
        assertFalse(t.complete());
        assertTrue(t.truncation().contains("gzip stream ended early"), t.truncation());
    }

    @Test
    void aFileCutMidLineIsReportedIncomplete() throws Exception {
        LoadedTrace t = load(TestTraces.path("captured/xfs-dio-overlap.cut.trace"));
        assertTrue(t.truncated());
        assertTrue(t.truncation().contains("no newline"), t.truncation());
    }

    @Test
    void lostEventMarkersAndAnOverrunBufferMakeATraceIncomplete() throws Exception {
        LoadedTrace pipe = load(TestTraces.path("captured/xfs-pipe-lost.trace.gz"));
        assertEquals(586, pipe.lostEvents());
        assertFalse(pipe.complete());
        LoadedTrace overrun = load(TestTraces.path("captured/xfs-overrun.trace.gz"));
        assertEquals(1300 - 734, overrun.overwrittenEvents());
        assertEquals(1, overrun.bufferWraps());
        assertFalse(overrun.complete());
        LoadedTrace fio = load(TestTraces.path("corpus/fio/xfs-fio-mixed.trace.gz"));
        assertEquals(202284, fio.overwrittenEvents(), "the corpus README's overrun_or_dropped");
    }

    @Test
    void aFileThatIsNotATraceIsRefusedNamingItsFirstLine() {
        TraceInputException e = assertThrows(TraceInputException.class,
                () -> load(TestTraces.path("corpus/xfs-clean.extents")));
        assertTrue(e.getMessage().matches(".*xfs-clean\\.extents:1: not a kernel trace .*"), e.getMessage());
    }

    @Test
    void aTraceDatCutToItsFirstPageSaysWhatIsMissing() {
        // the first 4 KiB of the corpus's real trace.dat (trace-cmd 3.1.6): its options come last
        Path dat = TestTraces.path("captured/xfs-read-overlap.dat.head");
        TraceInputException e = assertThrows(TraceInputException.class, () -> load(dat));
        assertTrue(e.getMessage().endsWith("xfs-read-overlap.dat.head: cannot be read as a trace.dat: was cut short: the "
                + "options section at offset 1140968 (which trace-cmd writes last; it says where each CPU's data lies) "
                + "is beyond its end (4096 bytes), so none of its events can be found"), e.getMessage());
    }

    @Test
    void missingAndEmptyFilesAreOneLineErrors(@TempDir Path dir) throws IOException {
        TraceInputException missing = assertThrows(TraceInputException.class, () -> load(dir.resolve("nope.trace")));
        assertTrue(missing.getMessage().endsWith("nope.trace: no such file"));
        Path empty = Files.createFile(dir.resolve("empty.trace"));
        TraceInputException e = assertThrows(TraceInputException.class, () -> load(empty));
        assertTrue(e.getMessage().endsWith("empty.trace: is empty"));
    }
}
