package io.dioscope.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.dioscope.rules.Severity;
import java.io.IOException;
import java.io.Writer;
import java.util.Map;

/**
 * The machine report, described by {@code analysis-report.schema.json} (in the jar, and in
 * {@code src/main/resources/schema/}).
 */
public final class JsonReport {
    public static final String SCHEMA_VERSION = "4";

    private JsonReport() {}

    public static void write(Analysis a, Severity failOn, boolean failOnUncertain, Verdict verdict, String version,
            Writer out) throws IOException {
        JsonGenerator g = new JsonFactory().createGenerator(out);
        g.useDefaultPrettyPrinter();
        g.writeStartObject();
        g.writeStringField("schema_version", SCHEMA_VERSION);
        g.writeStringField("tool", "dioscope " + version);
        g.writeStringField("fail_on", failOn.label());
        g.writeBooleanField("fail_on_uncertain", failOnUncertain);
        g.writeObjectFieldStart("verdict");
        g.writeStringField("outcome", verdict.outcome().label());
        g.writeNumberField("exit_code", verdict.exitCode());
        g.writeStringField("sentence", verdict.sentence());
        g.writeEndObject();
        g.writeBooleanField("complete", a.complete());
        g.writeArrayFieldStart("unread_inputs");
        for (Analysis.UnreadInput u : a.unreadInputs()) {
            g.writeStartObject();
            g.writeStringField("path", u.path());
            g.writeStringField("reason", u.reason());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("traces");
        for (TraceCoverage t : a.traces()) writeTrace(g, t);
        g.writeEndArray();
        g.writeArrayFieldStart("summary");
        for (RuleSummary r : a.rules()) {
            g.writeStartObject();
            g.writeStringField("rule", r.id());
            g.writeStringField("severity", r.severity().label());
            g.writeStringField("title", r.title());
            g.writeNumberField("findings", r.findings());
            g.writeNumberField("critical", r.critical());
            g.writeNumberField("warning", r.warning());
            g.writeNumberField("info", r.info());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("findings");
        for (Finding f : a.findings()) writeFinding(g, f);
        g.writeEndArray();
        g.writeEndObject();
        g.writeRaw('\n');
        g.flush();
    }

    private static void writeTrace(JsonGenerator g, TraceCoverage t) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("trace");
        g.writeNumberField("trace_id", t.traceId());
        g.writeStringField("path", t.path());
        g.writeStringField("format", t.format());
        g.writeEndObject();
        g.writeObjectFieldStart("coverage");
        g.writeNumberField("lines", t.lines());
        g.writeNumberField("events", t.events());
        g.writeNumberField("unparsed_lines", t.unparsedLines());
        g.writeNumberField("first_ns", t.firstTs());
        g.writeNumberField("last_ns", t.lastTs());
        g.writeNumberField("complete_from_ns", t.completeFromTs());
        g.writeNumberField("overwritten_events", t.overwrittenEvents());
        g.writeNumberField("lost_events", t.lostEvents());
        g.writeNumberField("buffer_wraps", t.bufferWraps());
        g.writeBooleanField("truncated", t.truncated());
        g.writeBooleanField("complete", t.complete());
        if (t.incompleteness() != null) g.writeStringField("incomplete_because", t.incompleteness());
        g.writeNumberField("orphan_completions", t.orphanCompletions());
        g.writeNumberField("clock_resets", t.clockResets());
        g.writeBooleanField("judgeable", t.judgeable());
        g.writeArrayFieldStart("unjudgeable_because");
        for (String r : t.unjudgeableBecause()) g.writeString(r);
        g.writeEndArray();
        if (!t.judgeable()) g.writeStringField("unjudgeable_sentence", t.unjudgeableSentence());
        if (t.scope() != null) g.writeStringField("judged_by", t.scope());
        g.writeEndObject();
        g.writeObjectFieldStart("windows_by_outcome");
        writeCounts(g, "write", t.writeWindowsByOutcome());
        writeCounts(g, "read", t.readWindowsByOutcome());
        g.writeEndObject();
        writeCounts(g, "windows_by_evidence", t.windowsByEvidence());
        g.writeEndObject();
    }

    private static void writeCounts(JsonGenerator g, String name, Map<String, Long> counts) throws IOException {
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, Long> e : counts.entrySet()) g.writeNumberField(e.getKey(), e.getValue());
        g.writeEndObject();
    }

    private static void writeFinding(JsonGenerator g, Finding f) throws IOException {
        g.writeStartObject();
        g.writeNumberField("id", f.id());
        g.writeStringField("rule", f.rule());
        g.writeStringField("severity", f.severity().label());
        if (f.evidence() != null) g.writeStringField("evidence", f.evidence());
        else g.writeNullField("evidence");
        g.writeBooleanField("certain", f.certain());
        g.writeBooleanField("baselined", f.baselined());
        if (f.uncertainBecause() != null) g.writeStringField("uncertain_because", f.uncertainBecause());
        if (f.confirmedBy() != null) g.writeNumberField("confirmed_by_line", f.confirmedBy());
        else g.writeNullField("confirmed_by_line");
        g.writeStringField("message", f.message());
        g.writeNumberField("trace_id", f.traceId());
        g.writeStringField("trace", f.tracePath());
        g.writeStringField("dev", f.dev());
        if (f.knownIno() != null) g.writeNumberField("ino", f.knownIno());
        else g.writeNullField("ino");
        g.writeStringField("path", f.path());
        g.writeObjectFieldStart("window");
        g.writeNumberField("window_id", f.windowId());
        g.writeStringField("direction", f.direction());
        g.writeStringField("evidence", f.windowEvidence());
        g.writeNumberField("begin_ns", f.beginTs());
        g.writeNumberField("end_ns", f.endTs());
        if (f.completeTs() != null) g.writeNumberField("complete_ns", f.completeTs());
        else g.writeNullField("complete_ns");
        if (f.knownOffset() != null) g.writeNumberField("offset", f.knownOffset());
        else g.writeNullField("offset");
        g.writeNumberField("length", f.len());
        if (f.sector() != null) g.writeNumberField("sector", f.sector());
        else g.writeNullField("sector");
        g.writeNumberField("pid", f.submitPid());
        g.writeStringField("comm", f.submitComm());
        if (f.completePid() != null) g.writeNumberField("complete_pid", f.completePid());
        else g.writeNullField("complete_pid");
        g.writeStringField("complete_comm", f.completeComm());
        g.writeBooleanField("aio", f.aio());
        g.writeStringField("outcome", f.outcome());
        g.writeNumberField("begin_line", f.beginLine());
        if (f.completeLine() != null) g.writeNumberField("complete_line", f.completeLine());
        else g.writeNullField("complete_line");
        g.writeBooleanField("trusted", f.trusted());
        g.writeEndObject();
        if (f.relatedWindowId() != null) g.writeNumberField("related_window_id", f.relatedWindowId());
        g.writeArrayFieldStart("conflicts");
        for (ConflictEvent e : f.conflicts()) {
            g.writeStartObject();
            g.writeNumberField("line", e.line());
            g.writeNumberField("ts_ns", e.ts());
            g.writeNumberField("pid", e.pid());
            g.writeStringField("comm", e.comm());
            g.writeStringField("event", e.event());
            if (e.pos() != null) g.writeNumberField("offset", e.pos());
            if (e.len() != null) g.writeNumberField("length", e.len());
            if (e.body() != null) g.writeStringField("text", e.body());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }
}
