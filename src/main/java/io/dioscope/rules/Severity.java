package io.dioscope.rules;

import java.util.Locale;

/** How bad a finding is; ordered, so that {@code --fail-on} can compare. */
public enum Severity {
    INFO,
    WARNING,
    CRITICAL;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Severity parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown severity '" + s + "' (info, warning, critical)");
        }
    }
}
