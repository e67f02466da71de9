package io.dioscope.report;

import io.dioscope.rules.Severity;

/** How many findings one rule made, by severity. */
public record RuleSummary(String id, Severity severity, String title, String explanation, String source,
        String origin, long findings, long critical, long warning, long info) {}
