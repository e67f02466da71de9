package io.dioscope.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;

/**
 * An unknown option, a value that does not convert, a missing argument: what is wrong, the command's
 * one-line synopsis and where its help is, on stderr, and exit 2. The full help (40 lines) would
 * bury the one line that matters.
 */
final class UsageErrors implements CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        String message = e.getMessage();
        if (e instanceof CommandLine.UnmatchedArgumentException u) {
            List<String> suggestions = u.getSuggestions();
            if (!suggestions.isEmpty()) message += " (did you mean " + String.join(" or ", suggestions) + "?)";
        }
        err.println("dioscope: " + message);
        printHint(cl, err);
        return ExitCode.ERROR;
    }

    /** {@code Usage: dioscope analyze [OPTIONS] [TRACE...]} and {@code see 'dioscope analyze --help'}. */
    static void printHint(CommandLine cl, PrintWriter err) {
        CommandLine.Help help = new CommandLine.Help(cl.getCommandSpec(),
                CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        err.print("Usage: " + help.abbreviatedSynopsis());
        err.println("see '" + cl.getCommandSpec().qualifiedName() + " --help'");
        err.flush();
    }
}
