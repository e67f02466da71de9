package io.dioscope.record;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

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

    /** The tasks (thread ids) of process {@code pid} and of every process under it; none once it is gone. */
    static List<Long> tasksUnder(long pid) {
        List<Long> tasks = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : s.toList()) {
                tasks.add(Long.parseLong(task.getFileName().toString()));
                Path children = task.resolve("children");
                if (!Files.exists(children)) continue;
                for (String child : Files.readString(children).trim().split("\\s+")) {
                    if (!child.isEmpty()) tasks.addAll(tasksUnder(Long.parseLong(child)));
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // the process ended meanwhile: it writes nothing more
        }
        return tasks;
    }

    /** Whether {@code program} is on the PATH. */
    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) return true;
        }
        return false;
    }
}
