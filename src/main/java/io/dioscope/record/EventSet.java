package io.dioscope.record;

import io.dioscope.ingest.decode.EventAccess;
import io.dioscope.ingest.decode.EventCatalog;
import io.dioscope.ingest.decode.EventType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The events a recording enables: by default every catalog event whose kind the analysis reads
 * ({@link EventAccess#recorded}), with {@code --blk} the block layer's, then what {@code --events}
 * adds ({@code +system:name}) or removes ({@code -name}), kept to those this kernel has. The default
 * events this kernel lacks are listed with what the analysis loses: for each, the events of the same
 * kind that still record it, or that nothing does.
 */
public final class EventSet {
    /** A default event the kernel lacks: its catalog entry and the enabled events of the same kind. */
    public record Missing(EventType type, List<String> sameKind) {
        public String explain() {
            EventAccess a = type.access();
            String what = type.system() + ":" + type.name() + " (" + a.sqlName + ": " + a.meaning + ")";
            return sameKind.isEmpty()
                    ? what + ": no other event records " + a.sqlName + ", the rules that read it see nothing"
                    : what + ": " + a.sqlName + " still comes from " + String.join(", ", sameKind);
        }
    }

    private final List<String> enabled;
    private final List<Missing> missing;
    private final Map<String, String> why;

    private EventSet(List<String> enabled, List<Missing> missing, Map<String, String> why) {
        this.enabled = enabled;
        this.missing = missing;
        this.why = why;
    }

    /** The events to enable, as system:name, in catalog order then as added. */
    public List<String> enabled() {
        return enabled;
    }

    public List<Missing> missing() {
        return missing;
    }

    /** Why an enabled event is in the set: its kind's meaning, or "added by --events". */
    public String why(String event) {
        return why.get(event);
    }

    /**
     * The set for this kernel. {@code specs} are --events values, each a comma-separated list of
     * {@code default}, {@code +EVENT} and {@code -EVENT} (EVENT: system:name, or a name this kernel has once).
     */
    public static EventSet plan(EventCatalog catalog, Set<String> available, List<String> specs, boolean blk) {
        Map<String, String> why = new LinkedHashMap<>();
        List<EventType> defaults = new ArrayList<>();
        for (EventCatalog.Entry e : catalog.entries()) {
            EventAccess a = e.type.access();
            if (a == null || !(a.recorded || blk && a == EventAccess.BLOCK)) continue;
            defaults.add(e.type);
        }
        List<Missing> missingTypes = new ArrayList<>();
        for (EventType t : defaults) {
            String id = t.system() + ":" + t.name();
            if (available.contains(id)) why.put(id, t.access().sqlName + ": " + t.access().meaning);
        }
        for (String spec : specs) {
            for (String item : spec.split(",")) {
                String s = item.strip();
                if (s.isEmpty() || s.equals("default")) continue;
                if (s.startsWith("+")) {
                    why.put(resolve(s.substring(1), available), "added by --events");
                } else if (s.startsWith("-")) {
                    String id = resolve(s.substring(1), available);
                    if (why.remove(id) == null) throw new IllegalArgumentException("--events: " + id + " is not in the set to remove it");
                } else {
                    throw new IllegalArgumentException("--events: '" + s + "' is not default, +EVENT or -EVENT");
                }
            }
        }
        for (EventType t : defaults) {
            String id = t.system() + ":" + t.name();
            if (available.contains(id)) continue;
            List<String> same = new ArrayList<>();
            for (EventType o : defaults) {
                String oid = o.system() + ":" + o.name();
                if (o.access() == t.access() && why.containsKey(oid)) same.add(oid);
            }
            missingTypes.add(new Missing(t, same));
        }
        return new EventSet(List.copyOf(new LinkedHashSet<>(why.keySet())), missingTypes, why);
    }

    /** system:name for a name given with or without its system; not in this kernel, or ambiguous, is an error. */
    private static String resolve(String name, Set<String> available) {
        if (name.contains(":")) {
            if (!available.contains(name)) throw new IllegalArgumentException("--events: this kernel has no event " + name + " (see available_events)");
            return name;
        }
        List<String> found = available.stream().filter(e -> e.endsWith(":" + name)).toList();
        if (found.size() == 1) return found.get(0);
        if (found.isEmpty()) throw new IllegalArgumentException("--events: this kernel has no event " + name + " (see available_events)");
        throw new IllegalArgumentException("--events: " + name + " is in several systems (" + String.join(", ", found) + "): give system:name");
    }
}
