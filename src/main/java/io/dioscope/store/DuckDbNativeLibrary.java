package io.dioscope.store;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * DuckDB's native (JNI) library, loaded once before the first connection so that a failure is one
 * sentence saying what to try.
 *
 * <p>DuckDB's driver loads it when {@code org.duckdb.DuckDBNative} is initialised: a jar that carries
 * it (dioscope-standalone.jar, the driver's own jar) copies it to {@code java.io.tmpdir} and loads the
 * copy; a jar that does not (dioscope.jar) tries {@code java.library.path}, then the jar's own
 * directory. When that fails the caller gets whichever Error it happens to hit first
 * ({@code UnsatisfiedLinkError} from a noexec or foreign library, {@code ExceptionInInitializerError}
 * around an IOException or a missing file, {@code NoClassDefFoundError} on every later use), and the
 * driver has already printed a stack trace of its own on {@code System.err}: hence the redirection.
 */
public final class DuckDbNativeLibrary {
    private static final String DRIVER_CLASS = "org.duckdb.DuckDBNative";
    /** How the driver words a library missing from the jar's directory (DuckDBNative.loadFromCurrentJarDir). */
    private static final String NOT_BESIDE_THE_JAR = "DuckDB JNI library not found, path: '";

    private static boolean loaded;
    /** The first failure's sentence: the class cannot be initialised twice, later attempts say less. */
    private static String failure;

    private DuckDbNativeLibrary() {}

    /** The native library could not be loaded; the message is one line. */
    public static final class UnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Loads the library unless it is already; throws {@link UnavailableException} when it cannot be. */
    public static synchronized void load() {
        if (loaded) return;
        if (failure != null) throw new UnavailableException(failure, null);
        PrintStream err = System.err;
        ByteArrayOutputStream driverNoise = new ByteArrayOutputStream();
        // only this thread's writes are the driver's: other threads (the command's own, while a warm-up
        // thread loads the library) write on to the real standard error
        Thread loader = Thread.currentThread();
        PrintStream noise = new PrintStream(driverNoise, true, StandardCharsets.UTF_8);
        System.setErr(new PrintStream(new java.io.OutputStream() {
            private PrintStream target() {
                return Thread.currentThread() == loader ? noise : err;
            }

            @Override
            public void write(int b) {
                target().write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                target().write(b, off, len);
            }

            @Override
            public void flush() {
                target().flush();
            }
        }, true, StandardCharsets.UTF_8));
        try {
            Class.forName(DRIVER_CLASS, true, DuckDbNativeLibrary.class.getClassLoader());
            loaded = true;
        } catch (LinkageError | ClassNotFoundException e) {
            failure = describe(e);
            throw new UnavailableException(failure, e);
        } finally {
            System.setErr(err);
            if (!loaded && System.getenv("DIOSCOPE_DEBUG") != null) err.print(driverNoise.toString(StandardCharsets.UTF_8));
        }
    }

    /** True when {@code e} (a LinkageError that escaped) came from loading DuckDB. */
    public static boolean isCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).contains("duckdb")) return true;
            for (StackTraceElement frame : t.getStackTrace()) {
                if (frame.getClassName().startsWith("org.duckdb.")) return true;
            }
        }
        return false;
    }

    /** One line: what failed and what to try. */
    public static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String tmp = System.getProperty("java.io.tmpdir");
        String tmpAdvice = "point java.io.tmpdir at a writable directory on a filesystem not mounted noexec "
                + "(DIOSCOPE_JAVA_OPTS=-Djava.io.tmpdir=DIR bin/dioscope ..., or java -Djava.io.tmpdir=DIR -jar ...)";
        String message = oneLine(root.getMessage());
        if (root instanceof ClassNotFoundException) {
            return "DuckDB's JDBC driver is not on the class path (" + message + "): this dioscope jar is incomplete; rebuild it";
        }
        if (root instanceof FileNotFoundException && message.startsWith(NOT_BESIDE_THE_JAR)) {
            String path = message.substring(NOT_BESIDE_THE_JAR.length()).replaceAll("'$", "");
            Path file = Path.of(path).getFileName();
            return "DuckDB's native library " + file + " is not beside the jar (" + path + "): run bin/dioscope from "
                    + "the unpacked dioscope tarball (or target/dioscope/bin/dioscope), copy " + file
                    + " from target/ beside the jar, or use dioscope-standalone.jar, which carries it";
        }
        if (root instanceof IOException) {
            return "cannot extract DuckDB's native library to java.io.tmpdir (" + tmp + "): "
                    + root.getClass().getSimpleName() + " " + message + "; " + tmpAdvice;
        }
        if (root instanceof UnsatisfiedLinkError) {
            // System.load's message starts with the path it tried: a copy in java.io.tmpdir (noexec there
            // fails here, not when copying) or the library beside the jar
            boolean extracted = tmp != null && message.startsWith(Path.of(tmp).toAbsolutePath().toString());
            return "cannot load DuckDB's native library: " + message + "; " + (extracted ? tmpAdvice
                    : "replace that file with the one the dioscope tarball (or target/) holds")
                    + " (this platform: " + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ")";
        }
        return "cannot load DuckDB's native library: " + root.getClass().getSimpleName() + " " + message;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
