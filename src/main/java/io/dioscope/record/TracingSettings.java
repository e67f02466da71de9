package io.dioscope.record;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What tracefs was set to before a recording: every control file a recording (or trace-cmd, which
 * resets what it touched in its own way) may change — tracing_on, the tracer, the clock, the buffer
 * sizes (global and per CPU), the enabled events, every event's filter, the options, the event pid
 * filters (traced and not traced), the CPU mask. A snapshot restores itself by writing back each file whose content differs, in an order the kernel
 * accepts (tracing off first and back on last, so nothing is recorded half-restored), and two
 * snapshots compare equal when the machine was left as it was found.
 */
public final class TracingSettings {
    private final Map<String, String> values;

    private TracingSettings(Map<String, String> values) {
        this.values = values;
    }

    /** The settings now. */
    public static TracingSettings capture(Tracefs t) throws IOException {
        Map<String, String> v = new LinkedHashMap<>();
        for (String f : List.of("tracing_on", "current_tracer", "trace_clock", "buffer_size_kb", "set_event",
                "set_event_pid", "set_event_notrace_pid", "tracing_cpumask")) {
            if (t.exists(f)) v.put(f, t.read(f));
        }
        for (String cpu : t.cpus()) v.put("per_cpu/" + cpu + "/buffer_size_kb", t.read("per_cpu/" + cpu + "/buffer_size_kb"));
        for (String o : t.list("options")) v.put(o, t.read(o));
        for (String system : t.list("events")) {
            for (String event : t.list(system)) {
                String filter = event + "/filter";
                if (t.exists(filter)) v.put(filter, t.read(filter));
            }
        }
        return new TracingSettings(v);
    }

    /** The files whose content differs between this snapshot and {@code other}, each as "file: this -> other". */
    public List<String> differences(TracingSettings other) {
        List<String> d = new ArrayList<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String theirs = other.values.get(e.getKey());
            if (!Objects.equals(e.getValue(), theirs)) {
                d.add(e.getKey() + ": " + shown(e.getValue()) + " -> " + shown(theirs));
            }
        }
        for (String k : other.values.keySet()) if (!values.containsKey(k)) d.add(k + ": (none) -> " + shown(other.values.get(k)));
        return d;
    }

    private static String shown(String v) {
        return v == null ? "(none)" : "'" + v.strip().replace("\n", "\\n") + "'";
    }

    /** The value of one file when captured (relative to tracefs), or null. */
    public String value(String file) {
        return values.get(file);
    }

    /**
     * Writes back every file that differs from the snapshot. Each failure is collected, not thrown, so
     * one unwritable file does not leave the others changed; the list names them.
     */
    public List<String> restore(Tracefs t) {
        List<String> failures = new ArrayList<>();
        TracingSettings now;
        try {
            now = capture(t);
        } catch (IOException e) {
            return List.of("reading tracefs: " + e.getMessage());
        }
        try {
            if (!"0".equals(now.values.get("tracing_on").strip())) t.write("tracing_on", "0");
        } catch (IOException e) {
            failures.add(e.getMessage());
        }
        restore(t, now, "current_tracer", failures);
        if (!Objects.equals(values.get("set_event"), now.values.get("set_event"))) {
            try {
                t.write("set_event", ""); // O_TRUNC: disables every event
                for (String e : values.get("set_event").lines().filter(l -> !l.isBlank()).toList()) t.append("set_event", e);
            } catch (IOException e) {
                failures.add(e.getMessage());
            }
        }
        for (String pids : List.of("set_event_pid", "set_event_notrace_pid")) {
            if (!values.containsKey(pids) || Objects.equals(values.get(pids), now.values.get(pids))) continue;
            try {
                t.write(pids, ""); // O_TRUNC: empties the list
                for (String pid : values.get(pids).lines().filter(l -> !l.isBlank()).toList()) t.append(pids, pid);
            } catch (IOException e) {
                failures.add(e.getMessage());
            }
        }
        for (String k : values.keySet()) {
            if (k.endsWith("/filter") || k.startsWith("options/")) restore(t, now, k, failures);
        }
        restore(t, now, "trace_clock", failures);
        restore(t, now, "tracing_cpumask", failures);
        restore(t, now, "buffer_size_kb", failures);
        for (String k : values.keySet()) if (k.startsWith("per_cpu/")) restore(t, now, k, failures);
        restore(t, now, "tracing_on", failures);
        return failures;
    }

    private void restore(Tracefs t, TracingSettings now, String file, List<String> failures) {
        String was = values.get(file);
        if (was == null || Objects.equals(was, now.values.get(file))) return;
        String value = writable(file, was);
        if (value == null) return;
        try {
            t.write(file, value);
        } catch (IOException e) {
            failures.add(e.getMessage());
        }
    }

    /**
     * What to write to give {@code file} the content it was read with, or null when no write can:
     * a filter that read "none" is cleared with "0"; the clock reads as every clock with the chosen one
     * in brackets; a buffer size reads "7 (expanded: 1410)" before the buffer was first allocated
     * (then its expanded size is what tracing used) and "X" when the CPUs' sizes differ (each CPU's
     * own file restores it).
     */
    static String writable(String file, String content) {
        String v = content.strip();
        if (file.endsWith("/filter")) return v.equals("none") ? "0" : v;
        if (file.equals("trace_clock")) {
            int open = v.indexOf('[');
            return open < 0 ? v : v.substring(open + 1, v.indexOf(']', open));
        }
        if (file.endsWith("buffer_size_kb")) {
            if (v.equals("X")) return null;
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\(expanded: (\\d+)\\)").matcher(v);
            return m.find() ? m.group(1) : v;
        }
        return v;
    }
}
