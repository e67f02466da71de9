package io.dioscope.cli;

import io.dioscope.store.LoadedTrace;
import java.util.List;

/**
 * What {@link LoadCommand#loadAll} did with its inputs: the traces it loaded and, so that a caller can
 * report them, the inputs it did not load and why (already printed to stderr, one line each).
 */
record LoadResult(List<LoadedTrace> loaded, List<FailedInput> failed) {
    LoadResult {
        loaded = List.copyOf(loaded);
        failed = List.copyOf(failed);
    }

    /** An input that was not loaded: unreadable, not a trace, without events, or already loaded. */
    record FailedInput(String path, String reason) {}
}
