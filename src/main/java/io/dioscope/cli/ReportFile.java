package io.dioscope.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where analyze writes its report: standard output, or {@code -o FILE}. The file is checked before the
 * analysis (its directory exists and takes a new file: a temporary one is created there at once) and
 * written whole or not at all: into the temporary file, renamed over FILE once every byte is written,
 * so an existing FILE is replaced (as a shell's {@code >} would) but never left half-written. A device
 * or a pipe ({@code -o /dev/stdout}, {@code -o /dev/full}) is written in place. Every write is checked:
 * a failure is one line and exit 2, never a silent success.
 */
final class ReportFile implements AutoCloseable {
    private final String option;
    private final Path target;
    private final PrintWriter stdout;
    private final Path temp;
    private CheckedOutputStream stream;
    private boolean done;

    private ReportFile(String option, Path target, PrintWriter stdout, Path temp) {
        this.option = option;
        this.target = target;
        this.stdout = stdout;
        this.temp = temp;
    }

    /** Standard output. */
    static ReportFile stdout(PrintWriter stdout) {
        return new ReportFile(null, null, stdout, null);
    }

    /**
     * Checks {@code path} can take the report, before any analysis: one line and exit 2
     * when it is a directory, its directory is missing or read-only, or it is one of the inputs.
     */
    static ReportFile prepare(String option, Path path, List<Path> inputs) {
        String named = option + " " + path + ": ";
        if (Files.isDirectory(path)) throw new UserError(named + "is a directory (give a file name)");
        for (Path in : inputs) {
            try {
                if (in != null && Files.exists(path) && Files.exists(in) && Files.isSameFile(path, in)) {
                    throw new UserError(named + "is an input (" + in + "); it would be overwritten");
                }
            } catch (IOException e) {
                // cannot tell: the input is reported on its own if unreadable
            }
        }
        String absolute = path.toAbsolutePath().normalize().toString();
        if (Files.exists(path) && (!Files.isRegularFile(path) || absolute.startsWith("/dev/") || absolute.startsWith("/proc/"))) {
            // a device, a fifo: write to it as the shell would; the write itself is checked
            if (!Files.isWritable(path)) throw new UserError(named + "cannot be written (permission denied)");
            return new ReportFile(option, path, null, null);
        }
        Path real = path;
        try {
            if (Files.isSymbolicLink(path) && Files.exists(path)) real = path.toRealPath();
        } catch (IOException e) {
            throw new UserError(named + IoErrors.reason(e));
        }
        Path dir = real.toAbsolutePath().getParent();
        if (!Files.exists(dir)) throw new UserError(named + "directory " + dir + " does not exist");
        if (!Files.isDirectory(dir)) throw new UserError(named + dir + " is not a directory");
        if (Files.exists(real) && !Files.isWritable(real)) throw new UserError(named + "the file is read-only");
        // proves the directory takes a new file before the analysis runs (a read-only directory or file
        // system, no permission, no space for an inode); umask applies as to any new file
        for (int attempt = 0; ; attempt++) {
            Path temp = dir.resolve("." + real.getFileName() + ".dioscope-"
                    + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                Files.createFile(temp);
                return new ReportFile(option, real, null, temp);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 10) throw new UserError(named + "cannot create a temporary file in " + dir);
            } catch (IOException e) {
                throw new UserError(named + "cannot create a file in " + dir + ": " + IoErrors.reason(e));
            }
        }
    }

    /** The writer for the report; written to, then {@link #commit()}. */
    Writer writer() {
        if (target == null) return stdout;
        try {
            OutputStream out = temp != null ? Files.newOutputStream(temp, StandardOpenOption.WRITE)
                    : Files.newOutputStream(target, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            stream = new CheckedOutputStream(new BufferedOutputStream(out, 1 << 16));
            return new OutputStreamWriter(stream, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /** The user's error for a failure while writing the report. */
    UserError failed(Exception e) {
        IOException first = stream != null && stream.failure() != null ? stream.failure()
                : e instanceof IOException io ? io : null;
        String reason = first != null ? IoErrors.reason(first) : String.valueOf(e.getMessage());
        if (target == null) return new UserError("cannot write the report to standard output: " + reason);
        return new UserError(option + " " + target + ": cannot write the report: " + reason);
    }

    /** Flushes, checks that every byte was written, and puts the file in place. */
    void commit(Writer w) {
        if (target == null) {
            stdout.flush();
            if (stdout.checkError()) {
                throw new UserError("cannot write the report to standard output" + StdoutWriter.failureReason(stdout));
            }
            done = true;
            return;
        }
        try {
            w.close();
        } catch (IOException e) {
            throw failed(e);
        }
        if (stream.failure() != null) throw failed(stream.failure());
        if (temp == null) {
            done = true;
            return;
        }
        try {
            copyPermissions();
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /** A replaced file keeps its mode. */
    private void copyPermissions() {
        try {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(target));
            }
        } catch (IOException | UnsupportedOperationException e) {
            // the new file keeps the umask's mode
        }
    }

    /** Removes the temporary file unless the report was put in place. */
    @Override
    public void close() {
        if (done || temp == null) return;
        try {
            if (stream != null) stream.close();
        } catch (IOException e) {
            // already failing
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // nothing more to do
        }
    }
}
