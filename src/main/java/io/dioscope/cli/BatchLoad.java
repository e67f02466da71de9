package io.dioscope.cli;

import io.dioscope.ingest.TraceInputException;
import io.dioscope.store.Database;
import io.dioscope.store.DuplicateTraceException;
import io.dioscope.store.LoadOptions;
import io.dioscope.store.LoadSlot;
import io.dioscope.store.LoadTurns;
import io.dioscope.store.LoadedTrace;
import io.dioscope.store.ProgressListener;
import io.dioscope.store.TraceLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The inputs of one {@code load} or {@code analyze}, loaded one after the other or {@code --jobs} at a
 * time. Input {@code i} is trace {@code first + i} either way (an input that cannot be loaded leaves its
 * number unused), and the loads commit in input order ({@link LoadTurns}), so the database and every
 * report are the same whatever the number of jobs.
 */
final class BatchLoad {
    /**
     * What one input became: a trace, or the reason it is not one; {@code note}, a problem with what
     * came with it (a `dioscope record` sidecar that could not be read), or null.
     */
    record Outcome(Path path, LoadedTrace loaded, String failure, String note) {}

    /** The Java heap a load may need at once: its blocks of text in flight and its call chains before they spill. */
    static final long HEAP_PER_LOAD = 64L << 20;
    /** The heap kept for everything else (the model's results, the report). */
    static final long HEAP_RESERVE = 128L << 20;

    private BatchLoad() {}

    /** How many of {@code requested} loads at once the heap holds, never more than there are inputs. */
    static int jobs(int requested, int inputs, long maxHeap) {
        long fit = Math.max(1, (maxHeap - HEAP_RESERVE) / HEAP_PER_LOAD);
        return (int) Math.max(1, Math.min(Math.min(requested, inputs), fit));
    }

    /**
     * Loads {@code inputs}; {@code report} is told each outcome in input order as soon as it and every
     * input before it are done. Only a database failure stops the batch.
     */
    static List<Outcome> run(Database db, List<Path> inputs, LoadOptions options, int jobs,
            java.util.function.Supplier<ProgressListener> progress, java.util.function.Consumer<Outcome> report) throws SQLException {
        TraceLoader loader = new TraceLoader(db, options);
        LoadTurns turns = new LoadTurns();
        int first = db.nextTraceId();
        List<Outcome> outcomes = new ArrayList<>();
        if (jobs <= 1) {
            for (int i = 0; i < inputs.size(); i++) {
                Outcome o = loadOne(loader, inputs.get(i), progress.get(), new LoadSlot(first + i, db.connection(), turns, i));
                outcomes.add(o);
                report.accept(o);
            }
            return outcomes;
        }
        ExecutorService pool = Executors.newFixedThreadPool(jobs, r -> {
            Thread t = new Thread(r, "dioscope-load");
            t.setDaemon(true); // a failed batch must not keep the JVM alive
            return t;
        });
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    try (Connection c = db.newConnection()) {
                        return loadOne(loader, inputs.get(index), progress.get(),
                                new LoadSlot(first + index, c, turns, index));
                    }
                }));
            }
            for (Future<Outcome> f : futures) {
                Outcome o = get(f);
                outcomes.add(o);
                report.accept(o);
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Outcome loadOne(TraceLoader loader, Path p, ProgressListener progress, LoadSlot slot)
            throws SQLException {
        try {
            LoadedTrace t = loader.load(p, progress, slot);
            // still this input's turn: the database's connection is this thread's
            return new Outcome(p, t, null, t.sidecarSkipped());
        } catch (TraceInputException e) {
            return new Outcome(p, null, e.getMessage(), null);
        } catch (DuplicateTraceException e) {
            return new Outcome(p, null, e.getMessage() + "; --append loads it again, --replace replaces it", null);
        } finally {
            slot.turns().finish(slot.index());
        }
    }

    private static Outcome get(Future<Outcome> f) throws SQLException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while loading", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) throw sql;
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new SQLException(e.getCause());
        }
    }
}
