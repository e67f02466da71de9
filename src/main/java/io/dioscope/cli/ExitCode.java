package io.dioscope.cli;

/** Exit codes shared by every command; analyze's own (1 findings, 3 not judgeable) are {@link io.dioscope.report.Verdict}'s. */
final class ExitCode {
    private ExitCode() {}

    static final int OK = 0;
    /**
     * A usage error (unknown option, bad value: with the command's synopsis), an input that cannot be
     * read or nothing could be loaded, an output that cannot be written, a database dioscope may not use.
     */
    static final int ERROR = 2;
}
