package io.dioscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dioscope.TestTraces;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When DuckDB's native library cannot be loaded, dioscope says so in one line and exits 2 (exit 1
 * would tell CI "findings"). Each case runs dioscope in a JVM of its own, on the test class path, where
 * DuckDB's driver jar carries the library and copies it to java.io.tmpdir before loading it: a
 * java.io.tmpdir that cannot take the copy is what really fails, on any machine. (The lean jar without
 * the library beside it is LauncherIT's: it needs the packaged jar.)
 */
class NativeLibraryFailureTest {
    private static final String TRACE = TestTraces.path("corpus/xfs-clean.trace.gz").toString();

    record Run(int exitCode, String out, String err) {}

    static Run dioscope(String tmpdir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmpdir, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("DIOSCOPE_DEBUG");
        Process p = pb.start();
        p.getOutputStream().close();
        // the outputs are small: read stderr after stdout
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out, err);
    }

    static void assertOneLine(Run r, String startsWith) {
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.endsWith("\n") && r.err.indexOf('\n') == r.err.length() - 1, "one line on stderr: " + r.err);
        assertTrue(r.err.startsWith(startsWith), r.err);
    }

    @Test
    void aMissingTmpdirIsOneLineAndExit2() throws Exception {
        Run r = dioscope("/nonexistent", "analyze", TRACE);
        assertOneLine(r, "dioscope: cannot extract DuckDB's native library to java.io.tmpdir (/nonexistent): "
                + "NoSuchFileException /nonexistent/libduckdb_java");
        assertTrue(r.err.contains("-Djava.io.tmpdir=DIR"), r.err);
        assertTrue(!r.out.contains("Verdict"), "no verdict: " + r.out);
    }

    @Test
    void aTmpdirThatIsAFileIsOneLineAndExit2(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        Run r = dioscope(file.toString(), "load", TRACE);
        assertOneLine(r, "dioscope: cannot extract DuckDB's native library to java.io.tmpdir (" + file + "): ");
    }

    @Test
    void aNoexecTmpdirIsOneLineAndExit2(@TempDir Path dir) throws Exception {
        Optional<Path> noexec = writableNoexecMount();
        Path mounted = null;
        if (noexec.isEmpty()) {
            // as root (CI here), make one: a small tmpfs mounted noexec, as /tmp is on hardened hosts
            mounted = Files.createDirectory(dir.resolve("noexec"));
            if (run("mount", "-t", "tmpfs", "-o", "noexec,size=256m", "tmpfs", mounted.toString()) == 0) {
                noexec = Optional.of(mounted);
            } else {
                mounted = null;
            }
        }
        assumeTrue(noexec.isPresent(), "no writable filesystem mounted noexec on this machine (/proc/self/mounts), "
                + "and none can be mounted (not root)");
        try {
            Run r = dioscope(noexec.get().toString(), "analyze", TRACE);
            assertOneLine(r, "dioscope: cannot load DuckDB's native library: ");
            assertTrue(r.err.contains("failed to map segment") && r.err.contains("-Djava.io.tmpdir=DIR"), r.err);
        } finally {
            if (mounted != null) run("umount", mounted.toString());
        }
    }

    private static int run(String... command) throws Exception {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor();
        } catch (IOException e) {
            return -1; // no such command
        }
    }

    @Test
    void commandsWithoutDuckDbStillRun() throws Exception {
        Run r = dioscope("/nonexistent", "rules");
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.out.contains("mmap-fault-during-dio-write"), r.out);
    }

    private static Optional<Path> writableNoexecMount() throws IOException {
        Path mounts = Path.of("/proc/self/mounts");
        if (!Files.isReadable(mounts)) return Optional.empty();
        for (String line : Files.readAllLines(mounts)) {
            String[] f = line.split(" ");
            if (f.length < 4 || !List.of("tmpfs", "ext4", "xfs", "btrfs").contains(f[2])
                    || !List.of(f[3].split(",")).containsAll(List.of("rw", "noexec"))) continue;
            Path dir = Path.of(f[1].replace("\\040", " "));
            try {
                Files.delete(Files.createTempFile(dir, "dioscope-", ".probe"));
                return Optional.of(dir);
            } catch (IOException | SecurityException notHere) {
                // not writable by us: try the next
            }
        }
        return Optional.empty();
    }
}
