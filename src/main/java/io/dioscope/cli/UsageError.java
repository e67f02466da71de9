package io.dioscope.cli;

/**
 * A command line that is wrong in itself (a value out of range, options that contradict each other):
 * reported like picocli's own parse errors, with the command's synopsis and where its help is; exit 2.
 */
final class UsageError extends UserError {
    UsageError(String message) {
        super(message);
    }
}
