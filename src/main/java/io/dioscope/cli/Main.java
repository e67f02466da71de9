package io.dioscope.cli;

import io.dioscope.store.DuckDbNativeLibrary;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code dioscope <command>}. */
@Command(
        name = "dioscope",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Replays Linux kernel traces into DuckDB and finds page-cache I/O that raced an in-flight direct write.",
            ""
        })
public final class Main implements Runnable {
    /**
     * The commands, in the order help lists them. Not in the annotation: picocli builds a command's
     * model (reflection over its options) when it is added, some 0.3 s for all of them, so a run of one
     * command adds that one alone (see {@link #commandLine}).
     */
    static final java.util.List<Class<?>> COMMANDS = java.util.List.of(
            LoadCommand.class,
            QueryCommand.class,
            FormatsCommand.class,
            AnalyzeCommand.class,
            RulesCommand.class,
            ReportCommand.class,
            WindowsCommand.class,
            ExplainCommand.class,
            ExportCommand.class,
            RecordCommand.class,
            BenchCommand.class,
            CompletionCommand.class,
            CommandLine.HelpCommand.class);

    /** Commands that read the whole command line's model: they get every command. */
    private static final java.util.Set<String> NEED_ALL = java.util.Set.of("help", "completion");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    public static void main(String[] args) {
        // taken before the warm-up starts: loading DuckDB's library swaps System.err for a while, to
        // keep the driver's own noise out of a failure's one line
        java.io.PrintStream stderr = System.err;
        int code;
        try {
            DuckDbWarmUp.start(args);
            code = run(StdoutWriter.standardOutput(), new java.io.PrintWriter(stderr, true), args);
        } catch (RuntimeException | LinkageError e) {
            // whatever escapes the commands' own handling (building the command line itself): one line and
            // exit 2, never the JVM's stack trace and its exit 1, which CI would read as "findings"
            stderr.println("dioscope: internal error: " + OneLineErrors.firstLine(e.toString()));
            if (System.getenv("DIOSCOPE_DEBUG") != null) e.printStackTrace(stderr);
            code = ExitCode.ERROR;
        }
        System.exit(code);
    }

    /**
     * The command line for {@code args}: when the first argument names a command, that command alone
     * (its options, usage and errors are the same); otherwise (no command, a top-level option, a
     * misspelt command that picocli then suggests a name for, help, completion) every command.
     */
    static CommandLine commandLine(String... args) {
        CommandLine cl = new CommandLine(new Main());
        String first = args.length > 0 ? args[0] : "";
        for (Class<?> c : COMMANDS) {
            if (first.equals(c.getAnnotation(Command.class).name()) && !NEED_ALL.contains(first)) {
                cl.addSubcommand(instance(c));
                if (first.equals("bench")) addFleet(cl, false);
                return cl;
            }
        }
        for (Class<?> c : COMMANDS) cl.addSubcommand(instance(c));
        addFleet(cl, true);
        return cl;
    }

    private static Object instance(Class<?> c) {
        try {
            return c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make " + c.getName() + ": " + e, e);
        }
    }

    /**
     * {@code fleet}, when this build has it (the fleet profile, on by default; {@code -DskipFleet} builds
     * without it): its class is looked up by name so that the core compiles and runs without Spark.
     */
    private static void addFleet(CommandLine cl, boolean fleet) {
        try {
            if (fleet) cl.addSubcommand(Class.forName("io.dioscope.fleet.FleetCommand").getDeclaredConstructor().newInstance());
            cl.getSubcommands().get("bench").addSubcommand(
                    Class.forName("io.dioscope.fleet.FleetBenchCommand").getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException e) {
            // a build without the fleet profile: no fleet command
        } catch (LinkageError e) {
            // a fleet class that cannot even be inspected without Spark: the other commands must still run
            // (LauncherIT checks that the tarball without Spark still has its fleet command, which says what it needs)
        }
    }

    /** Runs a command line and returns its exit code. */
    public static int run(String... args) {
        return run(StdoutWriter.standardOutput(), new java.io.PrintWriter(System.err, true), args);
    }

    /** The command line for {@code args}, writing to {@code out} and {@code err}, with dioscope's error handling. */
    static CommandLine configured(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cl = commandLine(args);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler(new OneLineErrors());
        // picocli's default strategy (RunLast, a legacy AbstractHandler) makes execute() replace the error
        // writer given above by one on the System.err the handler was made with, whenever System.err is
        // another object by then: while DuckDB's library loads on the warm-up thread it is, and a
        // command's one-line error went to the loader's capture. The same strategy, not as that class:
        CommandLine.IExecutionStrategy runLast = new CommandLine.RunLast()::execute;
        cl.setExecutionStrategy(runLast);
        cl.setParameterExceptionHandler(new UsageErrors());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    /** Runs a command line writing to the given streams (tests call this instead of {@link #main}). */
    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cl = configured(out, err, args);
        int code;
        try {
            code = cl.execute(args);
        } catch (LinkageError e) {
            // an Error passes picocli by: without this the JVM would print its stack trace and exit 1,
            // which CI reads as "findings"
            err.println("dioscope: " + (DuckDbNativeLibrary.isCause(e) ? DuckDbNativeLibrary.describe(e)
                    : "internal error: " + OneLineErrors.firstLine(e.toString())));
            if (System.getenv("DIOSCOPE_DEBUG") != null) e.printStackTrace(err);
            err.flush();
            return ExitCode.ERROR;
        }
        // whatever a command printed and did not check itself: output lost to a full disk or a closed
        // pipe is a failure, never a silent success
        if (out.checkError() && code != ExitCode.ERROR) {
            err.println("dioscope: " + StdoutWriter.failureMessage(out));
            code = ExitCode.ERROR;
        }
        err.flush();
        return code;
    }
}
