package io.dioscope.report;

import java.io.IOException;
import java.io.Writer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * One CSV row per finding (RFC 4180), for spreadsheets and scripts. The first column says what a row
 * is: 'finding'; or, so that a CSV alone tells why a job failed, 'unreadable-input', 'not-judgeable'
 * and 'incomplete' rows (trace and message filled) and a last 'verdict' row (rule: the outcome,
 * message: the sentence and the exit code). Text cells that a spreadsheet would take for a formula are
 * neutralised ({@link CsvCells}).
 */
public final class CsvReport {
    private static final String[] HEADER = {"record", "finding_id", "rule", "severity", "evidence", "certain",
        "confirmed_by_line", "trace_id", "trace", "dev", "ino", "path", "offset", "length", "sector", "direction", "window_evidence",
        "begin_ns", "end_ns", "pid", "comm", "complete_pid", "complete_comm", "aio", "outcome", "trusted", "begin_line",
        "conflicts", "conflict_lines", "baselined", "message"};

    private CsvReport() {}

    public static void write(Analysis a, Verdict verdict, Writer out) throws IOException {
        CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(HEADER).setRecordSeparator('\n').get());
        for (Analysis.UnreadInput u : a.unreadInputs()) note(p, "unreadable-input", null, null, u.path(), u.reason());
        for (TraceCoverage t : a.traces()) {
            if (!t.judgeable()) note(p, "not-judgeable", null, t.traceId(), t.path(), t.unjudgeableSentence());
            if (!t.complete()) note(p, "incomplete", null, t.traceId(), t.path(), t.incompleteness());
        }
        for (Finding f : a.findings()) {
            StringBuilder lines = new StringBuilder();
            for (ConflictEvent e : f.conflicts()) lines.append(lines.length() > 0 ? " " : "").append(e.line());
            p.printRecord(CsvCells.row("finding", f.id(), f.rule(), f.severity().label(), f.evidence(), f.certain(), f.confirmedBy(),
                    f.traceId(), f.tracePath(), f.dev(), f.knownIno(), f.path(), f.knownOffset(), f.len(), f.sector(), f.direction(), f.windowEvidence(),
                    f.beginTs(), f.endTs(), f.submitPid(), f.submitComm(), f.completePid(), f.completeComm(), f.aio(),
                    f.outcome(), f.trusted(), f.beginLine(), f.conflicts().size(), lines.toString(), f.baselined(), f.message()));
        }
        note(p, "verdict", verdict.outcome().label(), null, null,
                verdict.sentence() + " (exit " + verdict.exitCode() + ")");
        p.flush();
    }

    private static void note(CSVPrinter p, String record, String rule, Integer traceId, String trace, String message)
            throws IOException {
        Object[] row = new Object[HEADER.length];
        row[0] = record;
        row[2] = rule;
        row[7] = traceId;
        row[8] = trace;
        row[HEADER.length - 1] = message;
        p.printRecord(CsvCells.row(row));
    }
}
