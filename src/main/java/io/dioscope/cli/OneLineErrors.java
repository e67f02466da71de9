package io.dioscope.cli;

import java.sql.SQLException;
import picocli.CommandLine;

/**
 * Turns a failing command into one line on stderr and exit code 2 (a {@link UsageError} also gets the
 * command's synopsis and where its help is, as picocli's own parse errors do). The stack trace, useful
 * only to dioscope's developers, is printed when DIOSCOPE_DEBUG is set.
 */
final class OneLineErrors implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        String message;
        if (e instanceof UserError || e instanceof io.dioscope.ingest.TraceInputException
                || e instanceof io.dioscope.rules.RuleFileException
                || e instanceof io.dioscope.store.DuckDbNativeLibrary.UnavailableException) {
            message = e.getMessage();
        } else if (e instanceof io.dioscope.store.Database.ForeignDatabaseException) {
            message = "--db " + e.getMessage();
        } else if (e instanceof SQLException) {
            message = "database: " + firstLine(e.getMessage());
        } else {
            message = "internal error: " + e;
        }
        cl.getErr().println("dioscope: " + message);
        if (e instanceof UsageError) UsageErrors.printHint(cl, cl.getErr());
        if (System.getenv("DIOSCOPE_DEBUG") != null) e.printStackTrace(cl.getErr());
        return ExitCode.ERROR;
    }

    static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
