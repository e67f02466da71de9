package io.dioscope.ingest.dat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Task names by pid, from the saved command lines a trace.dat carries (tracefs {@code saved_cmdlines}:
 * one {@code pid comm} per line). A pid it does not know prints as {@code <...>}, pid 0 as
 * {@code <idle>}, as trace-cmd report prints them.
 */
final class Cmdlines {
    private static final byte[] UNKNOWN = "<...>".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] IDLE = "<idle>".getBytes(StandardCharsets.ISO_8859_1);
    private final Map<Integer, byte[]> names = new HashMap<>();

    Cmdlines(String text) {
        for (String line : text.split("\n")) {
            int sp = line.indexOf(' ');
            if (sp <= 0) continue;
            try {
                int pid = Integer.parseInt(line.substring(0, sp).trim());
                names.put(pid, line.substring(sp + 1).getBytes(StandardCharsets.ISO_8859_1));
            } catch (NumberFormatException e) {
                // not a "pid comm" line: nothing to learn from it
            }
        }
    }

    byte[] comm(int pid) {
        byte[] n = names.get(pid);
        if (n != null) return n;
        return pid == 0 ? IDLE : UNKNOWN;
    }

    int size() {
        return names.size();
    }
}
