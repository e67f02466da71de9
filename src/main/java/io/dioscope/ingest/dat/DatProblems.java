package io.dioscope.ingest.dat;

import java.util.ArrayList;
import java.util.List;

/**
 * What a trace.dat reader could not read while going through the data: each a sentence naming the CPU
 * and where. Reading goes on past each (other CPUs, later pages); a trace with any is incomplete.
 */
final class DatProblems {
    static final int KEPT = 20;
    private final List<String> problems = new ArrayList<>();
    private int count;

    synchronized void add(String problem) {
        count++;
        if (problems.size() < KEPT) problems.add(problem);
    }

    synchronized boolean any() {
        return count > 0;
    }

    /** All of them in one line (the first {@link #KEPT}, then how many more). */
    synchronized String summary() {
        String s = String.join("; ", problems);
        return count > problems.size() ? s + "; and " + (count - problems.size()) + " more" : s;
    }
}
