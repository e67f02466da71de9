package io.dioscope.record;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs a helper program (mount, trace-cmd) to its end and keeps what it printed. */
final class Processes {
    private Processes() {}

    record Result(int exitCode, String output) {}

    /** Runs {@code command}, stdout and stderr together; a program that cannot be started is an IOException. */
    static Result run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            return new Result(p.waitFor(), out);
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0), e);
        }
    }

    /** Whether {@code program} is on the PATH. */
    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, program))) return true;
        }
        return false;
    }
}
