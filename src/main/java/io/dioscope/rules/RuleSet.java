package io.dioscope.rules;

import io.dioscope.store.Database;
import io.dioscope.store.SqlDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The built-in rules plus any directory of the user's own. Both are found the same way: every
 * {@code .sql} file of the directory, in file-name order ({@link SqlDirectory}), parsed and checked
 * by one loop; the built-in ones are {@code queries/rules/} as packaged in the jar. No list names
 * them: a new rule is a new file. Reports list rules in the order found: built-in ones by file name,
 * then the user's.
 */
public final class RuleSet {
    /** Where the built-in rules are, as packaged. */
    public static final String BUILT_IN_DIRECTORY = "queries/rules";

    private RuleSet() {}

    public static List<Rule> builtIn() {
        List<String> files = SqlDirectory.packaged(BUILT_IN_DIRECTORY).stream()
                .map(name -> BUILT_IN_DIRECTORY + "/" + name).toList();
        try {
            return read(files, f -> f, Database::resource, true, new HashMap<>());
        } catch (RuleFileException e) {
            throw new IllegalStateException("built-in rule is broken: " + e.getMessage(), e);
        }
    }

    /** Built-in rules followed by every {@code .sql} file of {@code dir} (sorted by name). */
    public static List<Rule> load(Path dir) throws RuleFileException {
        List<Rule> rules = builtIn();
        if (dir == null) return rules;
        if (!Files.isDirectory(dir)) throw new RuleFileException(dir + ": not a directory of rule files");
        Map<String, String> seen = new HashMap<>();
        for (Rule r : rules) seen.put(r.id(), r.origin());
        List<Path> files;
        try {
            files = SqlDirectory.files(dir);
        } catch (IOException e) {
            throw new RuleFileException(dir + ": cannot be read (" + e.getMessage() + ")");
        }
        if (files.isEmpty()) throw new RuleFileException(dir + ": has no .sql rule files");
        rules.addAll(read(files, Path::toString, RuleSet::readFile, false, seen));
        return rules;
    }

    /** How {@link #read} gets a file's text. */
    private interface Source<F> {
        String text(F file) throws RuleFileException;
    }

    /**
     * Parses {@code files} in order; {@code origin} names a file as messages and reports name it, and
     * {@code seen} (id to origin) refuses a rule id used twice.
     */
    private static <F> List<Rule> read(List<F> files, Function<F, String> origin, Source<F> source, boolean builtIn,
            Map<String, String> seen) throws RuleFileException {
        List<Rule> rules = new ArrayList<>();
        for (F f : files) {
            String name = origin.apply(f);
            Rule r = RuleParser.parse(source.text(f), name, builtIn);
            String before = seen.put(r.id(), r.origin());
            if (before != null) throw new RuleFileException(name + ": rule id '" + r.id() + "' is already used by " + before);
            rules.add(r);
        }
        return rules;
    }

    private static String readFile(Path file) throws RuleFileException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RuleFileException(file + ": cannot be read (" + e.getMessage() + ")");
        }
    }
}
