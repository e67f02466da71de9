package io.dioscope.cli;

import io.dioscope.model.ModelBuilder;
import io.dioscope.report.html.HtmlReport;
import io.dioscope.report.Analysis;
import io.dioscope.report.AnalysisReader;
import io.dioscope.report.html.StageTimes;
import io.dioscope.rules.Rule;
import io.dioscope.rules.RuleEngine;
import io.dioscope.store.Database;
import io.dioscope.store.LoadedTrace;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What analyze and report share: load (or reuse) traces, build the model, run the rules, read the result. */
final class AnalysisPipeline {
    private AnalysisPipeline() {}

    static void checkInputs(List<Path> traces, Path db, LoadingOptions loading) {
        loading.toLoadOptions(); // contradictory options are a usage error even when nothing is loaded
        if (traces.isEmpty() && db == null) throw new UsageError("nothing to analyze: give TRACE files or --db FILE");
        if (traces.isEmpty() && !Files.exists(db)) throw new UserError(db + ": no such database");
        DatabaseOption.check(db);
    }

    /** A usage error (exit 2) when a count option is negative. */
    static void checkCount(String option, int value) {
        if (value < 0) throw new UsageError(option + ": must be 0 or more, not " + value);
    }

    /** The traces and the database: what an output must not overwrite. */
    static List<Path> inputs(List<Path> traces, Path db) {
        List<Path> all = new ArrayList<>(traces);
        if (db != null) all.add(db);
        return all;
    }

    /**
     * Loads the traces, builds the model over everything in the database and runs the rules. The
     * analysis covers the traces just loaded (with the inputs that could not be, whose reasons are
     * already printed), or with {@code all} or no TRACE every trace the database holds.
     */
    static Analysis run(Database database, List<Path> traces, LoadingOptions loading, List<Rule> rules,
            boolean all, boolean verbose, PrintWriter progress, PrintWriter err) throws Exception {
        return run(database, traces, loading, rules, all, verbose, progress, err, Stages.NONE);
    }

    /** What is told as the analysis reaches its stages: the HTML report starts its work beside them. */
    interface Stages {
        Stages NONE = of(null, false);

        /** The traces are loaded: the model is built next, on one core for a small trace. */
        void loaded() throws Exception;

        /**
         * The model is built, before the rules run.
         *
         * @param traceIds the traces the analysis covers; null: every trace in the database
         */
        void modelBuilt(List<Integer> traceIds) throws Exception;

        /** The rules have run; the analysis is read back next. */
        void rulesRun() throws Exception;

        /**
         * The stages of drawing a report; none with no report (null). {@code every}: the report shows every
         * finding (no focus), so what it draws of the findings can start as soon as the rules have run.
         */
        static Stages of(HtmlReport.Drawing drawing, boolean every) {
            return new Stages() {
                @Override
                public void loaded() {
                    if (drawing != null) drawing.loaded();
                }

                @Override
                public void modelBuilt(List<Integer> traceIds) {
                    if (drawing != null) drawing.modelBuilt(traceIds);
                }

                @Override
                public void rulesRun() {
                    if (drawing != null) drawing.rulesRun(every);
                }
            };
        }
    }

    /** As the other, telling {@code stages} when the traces are loaded and when the model is built. */
    static Analysis run(Database database, List<Path> traces, LoadingOptions loading, List<Rule> rules,
            boolean all, boolean verbose, PrintWriter progress, PrintWriter err, Stages stages) throws Exception {
        List<Analysis.UnreadInput> unread = new ArrayList<>();
        List<Integer> loadedIds = new ArrayList<>();
        loading.loadExtents(database, progress);
        if (!traces.isEmpty()) {
            LoadResult result = LoadCommand.loadAll(database, traces, loading, verbose, progress, err);
            for (LoadResult.FailedInput f : result.failed()) unread.add(new Analysis.UnreadInput(f.path(), f.reason()));
            for (LoadedTrace t : result.loaded()) loadedIds.add(t.traceId());
            progress.println();
        }
        if (database.scalarLong("SELECT count(*) FROM traces") == 0) {
            if (!unread.isEmpty()) return new Analysis(unread, List.of(), List.of(), List.of());
            throw new UserError(database.file() + ": holds no traces");
        }
        database.fitThreads();
        stages.loaded();
        Map<String, Double> modelSeconds = ModelBuilder.build(database);
        List<Integer> covered = all || traces.isEmpty() ? null : loadedIds;
        stages.modelBuilt(covered);
        List<RuleEngine.Outcome> outcomes = RuleEngine.run(database, rules);
        stages.rulesRun();
        if (verbose) {
            for (Map.Entry<String, Double> e : modelSeconds.entrySet()) {
                err.printf("  model %-45s %.3f s%n", e.getKey(), e.getValue());
            }
            for (RuleEngine.Outcome o : outcomes) {
                err.printf("  rule  %-45s %.3f s  %d finding(s)%n", o.rule().id(), o.seconds(), o.findings());
            }
            err.flush();
        }
        return AnalysisReader.read(database, outcomes, unread, covered);
    }

    /** The HTML report's stages and their wall time, as -v prints the model's. */
    static void printTimes(StageTimes times, PrintWriter err) {
        for (Map.Entry<String, Double> e : times.seconds().entrySet()) {
            err.printf("  html  %-45s %.3f s%n", e.getKey(), e.getValue());
        }
        err.flush();
    }
}
