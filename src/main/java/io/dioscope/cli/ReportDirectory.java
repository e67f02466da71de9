package io.dioscope.cli;

import io.dioscope.report.html.HtmlReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * The directory of an HTML report ({@code report -o DIR}, {@code analyze --html DIR}). It must be new,
 * empty, or an earlier dioscope report (it holds {@link HtmlReport#MARKER}): a directory of anything
 * else is refused before the analysis, and so is a DIR whose parent directory does not exist. The report is written into a temporary directory beside it and
 * renamed into place; an earlier report is renamed away first and deleted after, so a failure leaves
 * either the old report or the new one, never a mix.
 */
final class ReportDirectory implements AutoCloseable {
    private final String option;
    private final Path given;
    private final Path target;
    private final Path temp;
    private boolean done;

    private ReportDirectory(String option, Path given, Path target, Path temp) {
        this.option = option;
        this.given = given;
        this.target = target;
        this.temp = temp;
    }

    /** Checks {@code dir} before any analysis and creates the temporary directory the report goes to. */
    static ReportDirectory prepare(String option, Path dir) {
        String named = option + " " + dir + ": ";
        Path target;
        try {
            target = Files.isSymbolicLink(dir) && Files.exists(dir) ? dir.toRealPath() : dir.toAbsolutePath().normalize();
        } catch (IOException e) {
            throw new UserError(named + IoErrors.reason(e));
        }
        checkReplaceable(named, target);
        Path parent = target.getParent();
        if (parent == null) throw new UserError(named + "cannot replace the root directory");
        // as mkdir without -p: a mistyped parent is refused, not created (the report would land elsewhere)
        if (!Files.exists(parent)) throw new UserError(named + "directory " + parent + " does not exist");
        if (!Files.isDirectory(parent)) throw new UserError(named + parent + " is not a directory");
        for (int attempt = 0; ; attempt++) {
            Path temp = parent.resolve("." + target.getFileName() + ".dioscope-"
                    + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                Files.createDirectory(temp);
                return new ReportDirectory(option, dir, target, temp);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt == 10) throw new UserError(named + "cannot create a temporary directory in " + parent);
            } catch (IOException e) {
                throw new UserError(named + "cannot create a directory in " + parent + ": " + IoErrors.reason(e));
            }
        }
    }

    private static void checkReplaceable(String named, Path target) {
        if (!Files.exists(target)) return;
        if (!Files.isDirectory(target)) throw new UserError(named + "exists and is not a directory");
        if (Files.exists(target.resolve(HtmlReport.MARKER))) return;
        try (Stream<Path> entries = Files.list(target)) {
            if (entries.findAny().isPresent()) {
                throw new UserError(named + "is not empty and is not a dioscope report; refusing to write into it "
                        + "(give a new or empty directory)");
            }
        } catch (IOException e) {
            throw new UserError(named + "cannot be read: " + IoErrors.reason(e));
        }
    }

    /** Where to write the report now. */
    Path temporary() {
        return temp;
    }

    /** A report of {@code db}'s analysis started in the temporary directory (its charts of the model drawn early). */
    HtmlReport.Drawing drawing(io.dioscope.store.Database db) {
        try {
            return HtmlReport.start(db, temp);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /** The error for a failure while writing the report. */
    UserError failed(IOException e) {
        return new UserError(option + " " + given + ": cannot write the report: " + IoErrors.reason(e));
    }

    /** Puts the written report in place and returns its index.html. */
    Path commit() {
        String named = option + " " + given + ": ";
        checkReplaceable(named, target); // again: something may have been put there during the analysis
        try {
            if (!Files.exists(target)) {
                move(temp, target);
            } else if (isEmpty(target)) {
                Files.delete(target);
                move(temp, target);
            } else {
                Path old = target.resolveSibling("." + target.getFileName() + ".dioscope-old-"
                        + Long.toHexString(ThreadLocalRandom.current().nextLong()));
                move(target, old);
                try {
                    move(temp, target);
                } catch (IOException e) {
                    move(old, target);
                    throw e;
                }
                deleteTree(old);
            }
            done = true;
            return given.resolve("index.html");
        } catch (IOException e) {
            throw new UserError(named + "cannot put the report in place: " + IoErrors.reason(e));
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException | UncheckedIOException e) {
            // best effort: a leftover hidden directory is not worth failing for
        }
    }

    /** Removes the temporary directory unless the report was put in place. */
    @Override
    public void close() {
        if (!done) deleteTree(temp);
    }
}
