package io.dioscope.cli;

/** A failure to report to the user as one line, exit code 2. */
class UserError extends RuntimeException {
    UserError(String message) {
        super(message);
    }
}
