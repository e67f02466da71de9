package io.dioscope.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The sidecar {@code dioscope record} leaves beside a trace ({@code TRACE.meta.json}), read before the
 * trace is (its page size is the unit the trace's page indexes count in) and stored with it in
 * {@code trace_meta}, {@code trace_mounts} and {@code trace_files}, so that a finding's inode can be
 * named by its path and the kernel of the recording is known. A trace without one loads as before; a
 * sidecar that cannot be read is skipped with a one-line reason, never failing the trace it describes.
 */
public final class RecordingSidecar {
    /** The sidecar's name beside a trace (as {@code io.dioscope.record.RecordingMetadata} writes it). */
    public static final String SUFFIX = ".meta.json";
    /** The version of the sidecar this loader reads. */
    private static final int VERSION = 1;

    private final JsonNode root;
    private final long pageSize;

    private RecordingSidecar(JsonNode root, long pageSize) {
        this.root = root;
        this.pageSize = pageSize;
    }

    /** What looking beside a trace found: its sidecar, or why the one there is skipped, or neither. */
    public record Found(RecordingSidecar sidecar, String skipped) {
        static final Found NONE = new Found(null, null);
    }

    /** Looks for the sidecar of {@code trace} (nothing for standard input). */
    public static Found beside(Path trace) {
        if (trace.toString().equals("-") || trace.getFileName() == null) return Found.NONE;
        Path sidecar = trace.resolveSibling(trace.getFileName() + SUFFIX);
        if (!Files.isRegularFile(sidecar)) return Found.NONE;
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(sidecar.toFile());
        } catch (IOException e) {
            return skipped(sidecar, "not read (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (root == null || root.path("dioscope_record").asInt(-1) != VERSION) {
            return skipped(sidecar, "not a dioscope record sidecar of version " + VERSION);
        }
        JsonNode page = root.path("page_size");
        long pageSize = page.canConvertToLong() ? page.asLong() : -1;
        if (pageSize < 4096 || Long.bitCount(pageSize) != 1) {
            return skipped(sidecar, "its page_size " + page + " is not a power of two of at least 4096");
        }
        return new Found(new RecordingSidecar(root, pageSize), null);
    }

    private static Found skipped(Path sidecar, String why) {
        return new Found(null, sidecar + ": " + why + "; the trace is loaded without it");
    }

    /** The recording machine's page size, in bytes. */
    public long pageSize() {
        return pageSize;
    }

    /** Stores the sidecar's facts as trace {@code traceId}'s, on {@code c} (in the trace's own transaction). */
    public void insert(Connection c, int traceId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO trace_meta VALUES (?, ?, ?)")) {
            for (Map.Entry<String, String> e : scalars(root)) {
                ps.setInt(1, traceId);
                ps.setString(2, e.getKey());
                ps.setString(3, e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO trace_mounts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (JsonNode m : root.path("mounts")) {
                ps.setInt(1, traceId);
                ps.setString(2, text(m, "dev"));
                ps.setString(3, text(m, "mount_point"));
                ps.setString(4, text(m, "fstype"));
                ps.setString(5, text(m, "source"));
                ps.setBoolean(6, m.path("traced").asBoolean(false));
                if (m.has("block_size")) ps.setLong(7, m.get("block_size").asLong());
                else ps.setNull(7, java.sql.Types.BIGINT);
                ps.setString(8, text(m, "options"));
                ps.setString(9, text(m, "super_options"));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO trace_files VALUES (?, ?, ?, ?)")) {
            for (JsonNode f : root.path("files")) {
                ps.setInt(1, traceId);
                ps.setString(2, text(f, "dev"));
                ps.setLong(3, f.path("ino").asLong());
                ps.setString(4, text(f, "path"));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The top-level facts as key/value rows: arrays one item a line (command: space separated), objects "key value" lines. */
    private static List<Map.Entry<String, String>> scalars(JsonNode root) {
        List<Map.Entry<String, String>> rows = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String key = f.getKey();
            JsonNode v = f.getValue();
            if (key.equals("mounts") || key.equals("files") || key.equals("dioscope_record")) continue;
            String value;
            if (v.isArray()) {
                List<String> items = new ArrayList<>();
                v.forEach(i -> items.add(i.asText()));
                value = String.join(key.equals("command") ? " " : "\n", items);
            } else if (v.isObject()) {
                List<String> items = new ArrayList<>();
                boolean perCpu = key.equals("lost_events") || key.equals("events_written");
                v.fields().forEachRemaining(e -> items.add(perCpu ? e.getKey() + "=" + e.getValue().asText()
                        : e.getKey() + (e.getValue().isNull() ? "" : " " + e.getValue().asText())));
                value = String.join(perCpu ? " " : "\n", items);
            } else {
                value = v.asText();
            }
            rows.add(Map.entry(key, value));
        }
        return rows;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
