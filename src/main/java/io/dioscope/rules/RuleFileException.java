package io.dioscope.rules;

/** A rule file that cannot be used; the message names the file (and line) and says why. */
public final class RuleFileException extends Exception {
    public RuleFileException(String message) {
        super(message);
    }
}
