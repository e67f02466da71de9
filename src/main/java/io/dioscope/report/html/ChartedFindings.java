package io.dioscope.report.html;

import io.dioscope.report.Finding;
import io.dioscope.report.Numbers;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The findings that get charts: the worst first (the findings' order), at most {@code max} of them, and at
 * most {@code perRuleFile} of one rule on one file. A race repeated a thousand times on one file is a
 * thousand findings of one rule whose charts show the same picture (the captured read-vs-mmap race's
 * ten worst findings are ten reads of the same 64 KiB by the same task): its worst few say what the others
 * would, and the charts left go to the findings of other rules and files. A finding of the block layer
 * alone counts its device as its file.
 */
final class ChartedFindings {
    /**
     * A rule and a file. Not a record: a record's equals and hashCode are linked through method handles the
     * first time they run, which took 15 ms of the page's one thread (profiled).
     */
    private static final class RuleFile {
        private final String rule;
        private final int traceId;
        private final String dev;
        private final long ino;

        private RuleFile(Finding f) {
            rule = f.rule();
            traceId = f.traceId();
            dev = f.dev();
            // a window of the block layer alone names no inode: its device is its file
            ino = f.blockLayerOnly() ? -1 : f.ino();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof RuleFile k && k.traceId == traceId && k.ino == ino && k.rule.equals(rule)
                    && java.util.Objects.equals(k.dev, dev);
        }

        @Override
        public int hashCode() {
            return ((31 * rule.hashCode() + traceId) * 31 + java.util.Objects.hashCode(dev)) * 31 + Long.hashCode(ino);
        }
    }

    private final List<Finding> charted = new ArrayList<>();
    private final BitSet chartedIndexes = new BitSet();
    private final Map<Integer, Integer> positionOfId = new HashMap<>();
    private final Map<RuleFile, List<Integer>> idsOfRuleFile = new HashMap<>();
    private final int max;
    private final int perRuleFile;
    private final int findings;

    private ChartedFindings(int max, int perRuleFile, int findings) {
        this.max = max;
        this.perRuleFile = perRuleFile;
        this.findings = findings;
    }

    static ChartedFindings choose(List<Finding> findings, int max, int perRuleFile) {
        ChartedFindings c = new ChartedFindings(max, perRuleFile, findings.size());
        for (int i = 0; i < findings.size() && c.charted.size() < max; i++) {
            Finding f = findings.get(i);
            List<Integer> ids = c.idsOfRuleFile.computeIfAbsent(new RuleFile(f), k -> new ArrayList<>());
            if (ids.size() >= perRuleFile) continue;
            ids.add(f.id());
            c.positionOfId.put(f.id(), c.charted.size());
            c.charted.add(f);
            c.chartedIndexes.set(i);
        }
        return c;
    }

    /** The charted findings, worst first. */
    List<Finding> findings() {
        return charted;
    }

    /** Where {@code f} is in {@link #findings()}, or -1 when it has no charts. */
    int position(Finding f) {
        return positionOfId.getOrDefault(f.id(), -1);
    }

    /** Whether one of the findings at indexes {@code from} (inclusive) to {@code to} (exclusive) has charts. */
    boolean anyBetween(int from, int to) {
        int next = chartedIndexes.nextSetBit(from);
        return next >= 0 && next < to;
    }

    /**
     * The ids of the charted findings of {@code f}'s rule on its file when {@code f} has no charts because
     * they are already {@code perRuleFile}; else an empty list.
     */
    List<Integer> chartedInstead(Finding f) {
        if (position(f) >= 0) return List.of();
        List<Integer> ids = idsOfRuleFile.getOrDefault(new RuleFile(f), List.of());
        return ids.size() >= perRuleFile ? ids : List.of();
    }

    /** The sentence under the finding sections when some findings have no charts, else null. */
    String note() {
        if (charted.size() == findings) return null;
        if (max == 0) return "The finding sections have no charts (--charts 0).";
        String limits = max == Integer.MAX_VALUE ? "" : "at most " + max + " in all";
        if (perRuleFile != Integer.MAX_VALUE) {
            limits += (limits.isEmpty() ? "" : " and ") + "at most " + perRuleFile + " of one rule on one file";
        }
        return "Charts are drawn for " + charted.size() + " of the " + Numbers.grouped(findings) + " findings, the worst first: " + limits
                + " (--charts N|all and --charts-per-rule-file K|all change that).";
    }
}
