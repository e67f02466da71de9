package io.dioscope.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Findings a CI job has accepted (a known race it tracks elsewhere), so that a run fails only on new
 * ones. A finding is known by what stays the same when the same test runs again: its rule, the direction
 * of its I/O, the file (inode), the byte range, and the names of the tasks involved (the submitter and
 * the conflicting tasks, without pids); never its timestamps, lines or trace path. Written by
 * {@code analyze --write-baseline FILE} as JSON, one entry per key, with a message for the reader.
 */
public final class Baseline {
    static final int VERSION = 1;

    /** What identifies a finding across runs. */
    public record Key(String rule, String direction, long ino, long pos, long len, String tasks) {}

    private final Set<Key> keys;

    private Baseline(Set<Key> keys) {
        this.keys = keys;
    }

    public static Key key(Finding f) {
        Set<String> tasks = new TreeSet<>();
        if (f.submitComm() != null) tasks.add(f.submitComm());
        for (ConflictEvent c : f.conflicts()) if (c.comm() != null) tasks.add(c.comm());
        return new Key(f.rule(), f.direction(), f.ino(), f.pos(), f.len(), String.join(",", tasks));
    }

    public boolean accepts(Finding f) {
        return keys.contains(key(f));
    }

    public int size() {
        return keys.size();
    }

    /** Writes the keys of {@code findings} (each once) to {@code file}. */
    public static void write(List<Finding> findings, Path file) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("dioscope_baseline", VERSION);
        ArrayNode list = root.putArray("findings");
        Set<Key> seen = new LinkedHashSet<>();
        for (Finding f : findings) {
            Key k = key(f);
            if (!seen.add(k)) continue;
            ObjectNode o = list.addObject();
            o.put("rule", k.rule()).put("direction", k.direction()).put("ino", k.ino()).put("pos", k.pos())
                    .put("len", k.len()).put("tasks", k.tasks()).put("example", f.message());
        }
        Files.writeString(file, json.writeValueAsString(root) + "\n");
    }

    /** Reads a baseline; a file that is not one fails with one sentence naming it. */
    public static Baseline read(Path file) throws BaselineException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new BaselineException(file + ": no such baseline file");
        } catch (IOException e) {
            throw new BaselineException(file + ": cannot be read (" + e.getMessage() + ")");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new BaselineException(file + ": not JSON (line " + e.getLocation().getLineNr() + ": "
                    + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.path("dioscope_baseline").isInt() || !root.path("findings").isArray()) {
            throw new BaselineException(file + ": not a dioscope baseline (written by analyze --write-baseline)");
        }
        if (root.get("dioscope_baseline").asInt() > VERSION) {
            throw new BaselineException(file + ": a baseline of version " + root.get("dioscope_baseline").asInt()
                    + ", newer than this dioscope reads (" + VERSION + ")");
        }
        Set<Key> keys = new LinkedHashSet<>();
        int i = 0;
        for (JsonNode f : root.get("findings")) {
            i++;
            for (String field : List.of("rule", "direction", "ino", "pos", "len", "tasks")) {
                if (!f.hasNonNull(field)) throw new BaselineException(file + ": finding " + i + " has no " + field);
            }
            keys.add(new Key(f.get("rule").asText(), f.get("direction").asText(), f.get("ino").asLong(),
                    f.get("pos").asLong(), f.get("len").asLong(), f.get("tasks").asText()));
        }
        return new Baseline(keys);
    }

    /** A baseline file that cannot be used; the message is one line naming it. */
    public static final class BaselineException extends Exception {
        BaselineException(String message) {
            super(message);
        }
    }
}
