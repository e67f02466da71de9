package io.dioscope.cli;

/** Exit codes shared by every command; analyze's own (1 findings, 3 not judgeable) are {@link io.dioscope.report.Verdict}'s. */
final class ExitCode {
    private ExitCode() {}

    static final int OK = 0;
    /** Usage errors, unreadable input, nothing could be loaded. */
    static final int ERROR = 2;
}
