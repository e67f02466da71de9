package io.dioscope.rules;

import io.dioscope.store.Database;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The built-in rules (queries/rules/, in the jar) plus any directory of the user's own. */
public final class RuleSet {
    /** The built-in rules, in the order the reports list them. */
    public static final List<String> BUILT_IN = List.of(
            "pagecache-fill-during-dio-write",
            "mmap-fault-during-dio-write",
            "page-dirtied-during-dio-write",
            "eof-page-fill-during-extending-dio-write",
            "overlapping-dio-writes",
            "space-op-during-dio-write",
            "dio-write-invalidate-fail",
            "stale-page-after-dio-write",
            "post-write-invalidate-before-completion",
            "dio-read-of-dirty-range",
            "kernel-dio-coherency-warning");

    private RuleSet() {}

    public static List<Rule> builtIn() {
        List<Rule> rules = new ArrayList<>();
        for (String id : BUILT_IN) {
            String origin = "queries/rules/" + id + ".sql";
            try {
                rules.add(RuleParser.parse(Database.resource(origin), origin, true));
            } catch (RuleFileException e) {
                throw new IllegalStateException("built-in rule is broken: " + e.getMessage(), e);
            }
        }
        return rules;
    }

    /** Built-in rules followed by every {@code .sql} file of {@code dir} (sorted by name). */
    public static List<Rule> load(Path dir) throws RuleFileException {
        List<Rule> rules = builtIn();
        if (dir == null) return rules;
        if (!Files.isDirectory(dir)) throw new RuleFileException(dir + ": not a directory of rule files");
        Map<String, String> seen = new HashMap<>();
        for (Rule r : rules) seen.put(r.id(), r.origin());
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".sql")).sorted().toList();
        } catch (IOException e) {
            throw new RuleFileException(dir + ": cannot be read (" + e.getMessage() + ")");
        }
        if (files.isEmpty()) throw new RuleFileException(dir + ": has no .sql rule files");
        for (Path f : files) {
            String text;
            try {
                text = Files.readString(f, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new RuleFileException(f + ": cannot be read (" + e.getMessage() + ")");
            }
            Rule r = RuleParser.parse(text, f.toString(), false);
            String before = seen.put(r.id(), r.origin());
            if (before != null) throw new RuleFileException(f + ": rule id '" + r.id() + "' is already used by " + before);
            rules.add(r);
        }
        return rules;
    }
}
