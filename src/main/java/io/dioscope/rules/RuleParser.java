package io.dioscope.rules;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads a rule file: the {@code -- key: value} header (values may continue on {@code --   } lines),
 * then the query.
 */
public final class RuleParser {
    private static final Set<String> KEYS = Set.of("id", "severity", "title", "explanation", "source");

    private RuleParser() {}

    public static Rule parse(String text, String origin, boolean builtIn) throws RuleFileException {
        Map<String, StringBuilder> header = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        String current = null;
        int i = 0;
        for (; i < lines.length; i++) {
            String line = lines[i];
            if (!line.startsWith("--")) break;
            String body = line.substring(2);
            int colon = body.indexOf(':');
            String key = colon > 0 ? body.substring(0, colon).trim() : null;
            if (key != null && body.startsWith(" ") && !body.startsWith("  ") && KEYS.contains(key)) {
                if (header.containsKey(key)) throw new RuleFileException(origin + ":" + (i + 1) + ": '" + key + "' given twice");
                current = key;
                header.put(key, new StringBuilder(body.substring(colon + 1).trim()));
            } else if (current != null && body.startsWith("  ") && !body.isBlank()) {
                header.get(current).append(' ').append(body.trim());
            } else {
                current = null; // a plain comment ends the value
            }
        }
        for (String required : new String[] {"id", "severity", "title", "explanation"}) {
            if (!header.containsKey(required) || header.get(required).length() == 0) {
                throw new RuleFileException(origin + ": the header has no '-- " + required + ": ...' line "
                        + "(see queries/rules/README.md)");
            }
        }
        String id = header.get("id").toString();
        if (!id.matches("[a-z0-9][a-z0-9-]*")) {
            throw new RuleFileException(origin + ": id '" + id + "' must be lowercase letters, digits and dashes");
        }
        Severity severity;
        try {
            severity = Severity.parse(header.get("severity").toString());
        } catch (IllegalArgumentException e) {
            throw new RuleFileException(origin + ": " + e.getMessage());
        }
        StringBuilder sql = new StringBuilder();
        for (int k = i; k < lines.length; k++) sql.append(lines[k]).append('\n');
        String query = sql.toString().strip();
        while (query.endsWith(";")) query = query.substring(0, query.length() - 1).strip();
        if (query.isEmpty()) throw new RuleFileException(origin + ": no query after the header");
        return new Rule(id, severity, header.get("title").toString(), header.get("explanation").toString(),
                header.containsKey("source") ? header.get("source").toString() : null, query, origin, builtIn);
    }
}
