package io.dioscope.cli;

import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * The JVM options this JVM was started with that a fresh dioscope JVM started by {@code bench} should
 * have too: the launcher's (class data sharing, the compiler) and the user's DIOSCOPE_JAVA_OPTS (heap), so
 * that bench times what {@code dioscope} runs. Left out: what records (a flight recording, an agent, a
 * class-data archive being written at exit) rather than runs.
 */
final class JvmFlags {
    private static final List<String> RECORDING = List.of("-XX:ArchiveClassesAtExit=", "-XX:StartFlightRecording",
            "-XX:FlightRecorderOptions", "-agentlib:", "-agentpath:", "-javaagent:", "-Xrunjdwp");

    private JvmFlags() {}

    static List<String> forChildren() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(f -> f.startsWith("-X") || f.startsWith("-D") || f.startsWith("--add-opens"))
                .filter(f -> RECORDING.stream().noneMatch(f::startsWith))
                .toList();
    }

    /** The flags for a line of bench's output, followed by a blank, or nothing. */
    static String describe() {
        List<String> flags = forChildren();
        return flags.isEmpty() ? "" : String.join(" ", flags) + " ";
    }
}
