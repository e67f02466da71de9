package io.dioscope.rules;

/**
 * A rule: a SQL query over the model whose rows are findings, and the header that says what it
 * means. See {@code queries/rules/README.md}.
 *
 * @param origin where it came from: {@code queries/rules/x.sql} for built-in rules, the file path for
 *               the user's own
 */
public record Rule(String id, Severity severity, String title, String explanation, String source, String sql,
        String origin, boolean builtIn) {}
