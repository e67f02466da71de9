package io.dioscope;

import io.dioscope.model.ModelBuilder;
import io.dioscope.rules.RuleEngine;
import io.dioscope.rules.RuleSet;
import io.dioscope.store.Database;
import io.dioscope.store.LoadOptions;
import io.dioscope.store.LoadedTrace;
import io.dioscope.store.ProgressListener;
import io.dioscope.store.TraceLoader;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every real trace of the test resources loaded into one database, its model built and the rules
 * run: once per test JVM, shared by the model and rule tests.
 */
public final class AnalyzedCorpus {
    public static final List<String> DIOSCEN_618 = List.of(
            "corpus/xfs-clean.trace.gz", "corpus/xfs-dio-overlap.trace.gz", "corpus/xfs-mmap-overlap.trace.gz",
            "corpus/xfs-punch-overlap.trace.gz", "corpus/xfs-read-disjoint.trace.gz", "corpus/xfs-read-overlap.trace.gz",
            "corpus/ext4-clean.trace.gz", "corpus/ext4-dio-overlap.trace.gz", "corpus/ext4-mmap-overlap.trace.gz",
            "corpus/ext4-punch-overlap.trace.gz", "corpus/ext4-read-disjoint.trace.gz",
            "corpus/ext4-read-overlap.trace.gz", "corpus/ext4-1k/ext4-bwrite-subpage.trace.gz",
            "corpus/ext4-1k/ext4-extend-tail-read.trace.gz", "corpus/blk/xfs-read-overlap.trace.gz",
            "corpus/trace-cmd/xfs-read-overlap.report.gz", "corpus/perf/xfs-read-overlap.perfscript.gz");
    public static final List<String> K61 = List.of(
            "corpus/k61/k61-ext4-clean.trace.gz", "corpus/k61/k61-ext4-read-overlap.trace.gz",
            "corpus/k61/k61-xfs-mmap-overlap.trace.gz", "corpus/k61/k61-xfs-read-overlap.trace.gz");
    public static final String FIO = "corpus/fio/xfs-fio-mixed.trace.gz";
    public static final List<String> CAPTURED = List.of(
            "captured/xfs-dio-read-vs-mmap-race.trace.gz", "captured/ext4-punch-vs-aio-write-race.trace.gz",
            "captured/xfs-dio-collision.trace.gz", "captured/xfs-read-overlap-callchains.perfscript.gz",
            "captured/blk/xfs-read-overlap-blocktp.trace.gz", "captured/blk/xfs-mmap-overlap-blocktp.trace.gz",
            "captured/blk/xfs-clean-blocktp.trace.gz", "captured/blk/xfs-read-overlap-blockonly.blkparse.gz",
            "captured/blk/xfs-read-overlap-blockonly.blk.trace.gz", "captured/blk/xfs-read-overlap-blockonly.trace.gz",
            "captured/blk/xfs-mmap-overlap-blockonly.blkparse.gz", "captured/blk/xfs-mmap-overlap-blockonly.blk.trace.gz",
            "captured/blk/xfs-mmap-overlap-blockonly.trace.gz", "captured/blk/xfs-clean-reader-blockonly.blkparse.gz",
            "captured/blk/xfs-clean-reader-blockonly.blk.trace.gz", "captured/blk/xfs-clean-reader-blockonly.trace.gz",
            "captured/blk/xfs-read-overlap-partition-blockonly.blk.trace.gz",
            "captured/blk/xfs-mmap-overlap-partition-blockonly.trace.gz",
            "captured/blk/xfs-mmap-overlap-partition-blockonly.blkparse.gz",
            "captured/blk/xfs-clean-reader-partition-blockonly.blk.trace.gz",
            "captured/record/xfs-read-overlap-recorded.dat", "captured/record/btrfs-read-overlap-recorded.dat");
    /** fstests' own helper programs, traced (corpus/fstests/ and fstests/: see their READMEs). */
    public static final List<String> FSTESTS = fstests();

    private static List<String> fstests() {
        List<String> all = new ArrayList<>(List.of("corpus/fstests/xfs-g208-head.trace.gz"));
        for (String fs : List.of("xfs", "ext4", "ext4-1k")) {
            for (String test : List.of("095", "208", "209", "240", "247", "418", "451", "465", "647")) {
                all.add("fstests/" + fs + "/generic-" + test + ".trace.gz");
            }
        }
        return all;
    }

    private static AnalyzedCorpus instance;

    public final Database db;
    private final Map<String, Integer> ids = new LinkedHashMap<>();

    private AnalyzedCorpus() throws Exception {
        db = Database.open(null);
        TraceLoader loader = new TraceLoader(db, LoadOptions.defaults());
        for (String r : all()) {
            LoadedTrace t = loader.load(TestTraces.path(r), ProgressListener.NONE);
            ids.put(r, t.traceId());
        }
        ModelBuilder.build(db);
        RuleEngine.run(db, RuleSet.builtIn());
    }

    /** Every trace loaded, in load order. */
    public static List<String> all() {
        List<String> all = new ArrayList<>(DIOSCEN_618);
        all.addAll(K61);
        all.add(FIO);
        all.addAll(CAPTURED);
        all.addAll(FSTESTS);
        return all;
    }

    public static synchronized AnalyzedCorpus get() throws Exception {
        if (instance == null) instance = new AnalyzedCorpus();
        return instance;
    }

    public int id(String resource) {
        Integer id = ids.get(resource);
        if (id == null) throw new IllegalArgumentException("not loaded: " + resource);
        return id;
    }

    public long scalar(String sql, Object... args) throws SQLException {
        try (Statement st = db.connection().createStatement(); ResultSet rs = st.executeQuery(String.format(sql, args))) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** Rows as lists of strings (NULL as null). */
    public List<List<String>> rows(String sql, Object... args) throws SQLException {
        List<List<String>> out = new ArrayList<>();
        try (Statement st = db.connection().createStatement(); ResultSet rs = st.executeQuery(String.format(sql, args))) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) row.add(rs.getString(i));
                out.add(row);
            }
        }
        return out;
    }
}
