package io.dioscope.record;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The filters that keep a recording to the filesystems under {@code --fs}: the kernel evaluates them
 * before an event reaches the ring buffer, so events of other filesystems cost neither buffer space
 * nor disk. Each event's field is found in its format, not assumed: a {@code dev_t s_dev} (filemap)
 * or {@code dev_t dev} (iomap, xfs, ext4) is compared with each superblock's device; the writeback
 * events name the bdi in {@code char name[]}, compared with each filesystem's bdi; the block events'
 * {@code dev} with each block device (partition and disk). An event without such a field is not
 * filtered.
 */
public final class EventFilters {
    private static final Pattern FIELD = Pattern.compile("field:(.+?)\\s+(\\w+)(\\[\\d*\\])?;");

    /** What the filters compare: superblock devices, bdi names, block devices (kernel dev_t values). */
    public record Targets(List<Long> superblocks, List<String> bdis, List<Long> blockDevices) {}

    private EventFilters() {}

    /** The filter for each event that gets one, by system:name. */
    public static Map<String, String> plan(Tracefs t, List<String> events, Targets targets) throws IOException {
        Map<String, String> filters = new LinkedHashMap<>();
        for (String id : events) {
            String[] sn = id.split(":", 2);
            String f = filter(sn[0], t.format(sn[0], sn[1]), targets);
            if (f != null) filters.put(id, f);
        }
        return filters;
    }

    /** The filter for one event from its format text, or null. */
    static String filter(String system, String format, Targets targets) {
        List<String[]> fields = new ArrayList<>();
        for (String line : format.lines().toList()) {
            Matcher m = FIELD.matcher(line.strip());
            if (m.find() && !m.group(2).startsWith("common_")) fields.add(new String[] {m.group(1).strip(), m.group(2), m.group(3)});
        }
        for (String[] f : fields) {
            boolean devT = f[0].equals("dev_t") && f[2] == null;
            if (system.equals("block") && devT && f[1].equals("dev")) return anyOf("dev", targets.blockDevices());
            if (!system.equals("block") && devT && (f[1].equals("s_dev") || f[1].equals("dev"))) {
                return anyOf(f[1], targets.superblocks());
            }
            if (system.equals("writeback") && f[0].equals("char") && f[1].equals("name") && f[2] != null) {
                if (targets.bdis().isEmpty()) return null;
                List<String> alts = new ArrayList<>();
                for (String b : targets.bdis()) alts.add("name == \"" + b + "\"");
                return String.join(" || ", alts);
            }
        }
        return null;
    }

    private static String anyOf(String field, List<Long> values) {
        if (values.isEmpty()) return null;
        List<String> alts = new ArrayList<>();
        for (long v : values) alts.add(field + " == " + v);
        return String.join(" || ", alts);
    }
}
