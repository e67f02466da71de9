package io.dioscope.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs dioscope's command line in-process and keeps what it printed. */
final class Cli {
    final int exitCode;
    final String out;
    final String err;

    private Cli(int exitCode, String out, String err) {
        this.exitCode = exitCode;
        this.out = out;
        this.err = err;
    }

    static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Cli(code, out.toString(), err.toString());
    }

    /** {@code query --format csv SQL} on a database, which must succeed: its output, trimmed. */
    static String query(java.nio.file.Path db, String sql) {
        Cli q = run("query", "--db", db.toString(), "--format", "csv", sql);
        if (q.exitCode != 0) throw new AssertionError("query failed: " + q);
        return q.out.trim();
    }

    /** What a run whose standard output went elsewhere left: its exit code and stderr. */
    record Result(int exitCode, String err) {}

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
}
