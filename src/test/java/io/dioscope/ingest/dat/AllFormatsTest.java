package io.dioscope.ingest.dat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every format file of the running kernel ({@code /sys/kernel/tracing/events/SYSTEM/EVENT/format}) parses,
 * and nearly every print fmt is understood. Skipped where tracefs is not mounted or readable (a build
 * machine without root). Prints the share understood and the reasons for the rest.
 */
class AllFormatsTest {
    private static final Path EVENTS = Path.of("/sys/kernel/tracing/events");

    @Test
    void everyFormatOfThisKernelParsesAndNearlyAllPrintFmtsAreUnderstood() throws IOException {
        assumeTrue(Files.isDirectory(EVENTS) && Files.isReadable(EVENTS), "no readable tracefs at " + EVENTS);
        List<Path> files;
        try (Stream<Path> s = Files.walk(EVENTS, 2)) {
            files = s.filter(p -> Files.isReadable(p.resolve("format"))).map(p -> p.resolve("format")).sorted().toList();
        }
        assumeTrue(!files.isEmpty(), "tracefs lists no event formats");
        int understood = 0;
        Map<String, List<String>> byReason = new TreeMap<>();
        for (Path f : files) {
            String system = f.getParent().getParent().getFileName().toString();
            EventFormat e = EventFormat.parse(system, Files.readString(f));
            if (e.printProblem() == null) understood++;
            else byReason.computeIfAbsent(e.printProblem(), k -> new ArrayList<>()).add(system + "/" + e.name());
        }
        System.out.printf("print fmts understood: %d of %d (%.1f%%)%n", understood, files.size(), 100.0 * understood / files.size());
        byReason.forEach((why, events) -> System.out.println("  " + events.size() + " x " + why + ": " + events));
        assertTrue(understood >= 0.95 * files.size(), understood + " of " + files.size() + " understood");
    }
}
