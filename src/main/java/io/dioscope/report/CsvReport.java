package io.dioscope.report;

import java.io.IOException;
import java.io.Writer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** One CSV row per finding (RFC 4180), for spreadsheets and scripts. */
public final class CsvReport {
    private static final String[] HEADER = {"finding_id", "rule", "severity", "evidence", "trace_id", "trace", "dev",
        "ino", "offset", "length", "direction", "window_evidence", "begin_ns", "end_ns", "pid", "comm", "complete_pid",
        "complete_comm", "aio", "outcome", "trusted", "begin_line", "conflicts", "conflict_lines", "message"};

    private CsvReport() {}

    public static void write(Analysis a, Writer out) throws IOException {
        CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(HEADER).setRecordSeparator('\n').get());
        for (Finding f : a.findings()) {
            StringBuilder lines = new StringBuilder();
            for (ConflictEvent e : f.conflicts()) lines.append(lines.length() > 0 ? " " : "").append(e.line());
            p.printRecord(f.id(), f.rule(), f.severity().label(), f.evidence(), f.traceId(), f.tracePath(), f.dev(),
                    f.ino(), f.pos(), f.len(), f.direction(), f.windowEvidence(), f.beginTs(), f.endTs(), f.submitPid(),
                    f.submitComm(), f.completePid(), f.completeComm(), f.aio(), f.outcome(), f.trusted(),
                    f.beginLine(), f.conflicts().size(), lines, f.message());
        }
        p.flush();
    }
}
