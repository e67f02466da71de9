package io.dioscope.cli;

/** Exit codes shared by every command. */
final class ExitCode {
    private ExitCode() {}

    static final int OK = 0;
    /** analyze: findings at or above --fail-on. */
    static final int FINDINGS = 1;
    /** Usage errors, unreadable input, nothing could be loaded. */
    static final int ERROR = 2;
    /** analyze: nothing found, but the trace lost events so the silence proves little. */
    static final int INCOMPLETE = 3;
}
