package io.dioscope.report;

import io.dioscope.rules.Severity;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit XML for CI: one test suite per trace, named by its path relative to the directory all inputs
 * share (so two {@code t.trace} in different folders are two suites), with the seconds its load took;
 * test cases classed {@code dioscope.<folders>.<file name with _ for .>} (a CI server reads the part
 * after the last dot as the class: {@code xfs-fio-mixed_trace_gz}, not {@code gz}); one test case per rule (failed when the rule found
 * something at or above --fail-on that counts, passed otherwise with its other findings as output),
 * and a 'coverage' case that fails when the trace lost events or cannot support a verdict, because
 * silence from such a trace proves little; a suite with an {@code <error>} for each input that could
 * not be read; and a last 'dioscope' suite whose 'verdict' case carries the exit code's sentence.
 */
public final class JunitReport {
    private JunitReport() {}

    public static void write(Analysis a, Severity failOn, boolean uncertainToo, Verdict verdict, Writer out)
            throws XMLStreamException {
        XMLStreamWriter x = XMLOutputFactory.newInstance().createXMLStreamWriter(out);
        x.writeStartDocument("UTF-8", "1.0");
        x.writeCharacters("\n");
        x.writeStartElement("testsuites");
        x.writeAttribute("name", "dioscope");
        TracePaths names = TracePaths.of(a);
        for (TraceCoverage t : a.traces()) {
            List<Finding> mine = new ArrayList<>();
            for (Finding f : a.findings()) if (f.traceId() == t.traceId()) mine.add(f);
            int failures = t.complete() && t.judgeable() ? 0 : 1;
            for (RuleSummary r : a.rules()) if (!failing(mine, r.id(), failOn, uncertainToo).isEmpty()) failures++;
            x.writeCharacters("\n  ");
            x.writeStartElement("testsuite");
            x.writeAttribute("name", xmlSafe(names.name(t.path())));
            x.writeAttribute("tests", Integer.toString(a.rules().size() + 1));
            x.writeAttribute("failures", Integer.toString(failures));
            x.writeAttribute("errors", "0");
            x.writeAttribute("skipped", "0");
            x.writeAttribute("time", String.format(java.util.Locale.ROOT, "%.3f", t.loadSeconds()));
            String classname = xmlSafe(classname(names.name(t.path())));
            x.writeCharacters("\n    ");
            x.writeStartElement("testcase");
            x.writeAttribute("classname", classname);
            x.writeAttribute("name", "coverage");
            if (!t.judgeable()) {
                x.writeStartElement("failure");
                x.writeAttribute("type", "not-judgeable");
                x.writeAttribute("message", xmlSafe("trace cannot support a verdict: " + t.unjudgeableSentence()));
                x.writeCharacters(xmlSafe("Nothing found in this trace proves nothing: " + t.unjudgeableSentence()));
                x.writeEndElement();
            } else if (!t.complete()) {
                x.writeStartElement("failure");
                x.writeAttribute("type", "incomplete-coverage");
                x.writeAttribute("message", xmlSafe("trace incomplete: " + t.incompleteness()));
                x.writeCharacters("The trace lost events; races in the missing part cannot be seen.");
                x.writeEndElement();
            }
            x.writeEndElement();
            for (RuleSummary r : a.rules()) {
                x.writeCharacters("\n    ");
                x.writeStartElement("testcase");
                x.writeAttribute("classname", classname);
                x.writeAttribute("name", r.id());
                List<Finding> bad = failing(mine, r.id(), failOn, uncertainToo);
                List<Finding> all = mine.stream().filter(f -> f.rule().equals(r.id())).toList();
                if (!bad.isEmpty()) {
                    x.writeStartElement("failure");
                    x.writeAttribute("type", bad.get(0).severity().label());
                    x.writeAttribute("message", xmlSafe(bad.size() + " finding(s) at or above " + failOn.label() + ": "
                            + bad.get(0).message()));
                    x.writeCharacters(xmlSafe(describe(bad)));
                    x.writeEndElement();
                } else if (!all.isEmpty()) {
                    x.writeStartElement("system-out");
                    x.writeCharacters(xmlSafe(describe(all)));
                    x.writeEndElement();
                }
                x.writeEndElement();
            }
            x.writeCharacters("\n  ");
            x.writeEndElement();
        }
        for (Analysis.UnreadInput u : a.unreadInputs()) {
            x.writeCharacters("\n  ");
            x.writeStartElement("testsuite");
            x.writeAttribute("name", xmlSafe(names.name(u.path())));
            x.writeAttribute("tests", "1");
            x.writeAttribute("failures", "0");
            x.writeAttribute("errors", "1");
            x.writeAttribute("skipped", "0");
            x.writeCharacters("\n    ");
            x.writeStartElement("testcase");
            x.writeAttribute("classname", xmlSafe(classname(names.name(u.path()))));
            x.writeAttribute("name", "input");
            x.writeStartElement("error");
            x.writeAttribute("type", "unreadable-input");
            x.writeAttribute("message", xmlSafe(u.path() + ": " + u.reason()));
            x.writeEndElement();
            x.writeEndElement();
            x.writeCharacters("\n  ");
            x.writeEndElement();
        }
        writeVerdict(x, verdict);
        x.writeCharacters("\n");
        x.writeEndElement();
        x.writeCharacters("\n");
        x.writeEndDocument();
        x.flush();
    }

    /** {@code dioscope.xfs.xfs-fio-mixed_trace_gz} for {@code xfs/xfs-fio-mixed.trace.gz}. */
    static String classname(String relative) {
        StringBuilder s = new StringBuilder("dioscope");
        for (String part : relative.split("/")) {
            if (part.isEmpty() || part.equals(".")) continue;
            s.append('.').append(part.replace('.', '_'));
        }
        return s.toString();
    }

    /** XML 1.0 cannot carry most control characters; trace text can (a task may name itself anything). */
    static String xmlSafe(String s) {
        if (s == null) return "";
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                    || Character.isSurrogate(c);
            if (!ok && b == null) b = new StringBuilder(s.substring(0, i));
            if (b != null) b.append(ok ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return b == null ? s : b.toString();
    }

    private static void writeVerdict(XMLStreamWriter x, Verdict verdict) throws XMLStreamException {
        boolean pass = verdict.exitCode() == 0;
        x.writeCharacters("\n  ");
        x.writeStartElement("testsuite");
        x.writeAttribute("name", "dioscope");
        x.writeAttribute("tests", "1");
        x.writeAttribute("failures", pass ? "0" : "1");
        x.writeAttribute("errors", "0");
        x.writeAttribute("skipped", "0");
        x.writeCharacters("\n    ");
        x.writeStartElement("testcase");
        x.writeAttribute("classname", "dioscope");
        x.writeAttribute("name", "verdict");
        if (!pass) {
            x.writeStartElement("failure");
            x.writeAttribute("type", verdict.outcome().label());
            x.writeAttribute("message", xmlSafe("exit " + verdict.exitCode() + ": " + verdict.sentence()));
            x.writeEndElement();
        } else {
            x.writeStartElement("system-out");
            x.writeCharacters(xmlSafe(verdict.sentence()));
            x.writeEndElement();
        }
        x.writeEndElement();
        x.writeCharacters("\n  ");
        x.writeEndElement();
    }

    private static List<Finding> failing(List<Finding> findings, String rule, Severity failOn, boolean uncertainToo) {
        return findings.stream().filter(f -> f.rule().equals(rule) && Analysis.isFailing(f, failOn, uncertainToo))
                .toList();
    }

    private static String describe(List<Finding> findings) {
        StringBuilder s = new StringBuilder();
        for (Finding f : findings) {
            s.append(f.severity().label()).append(f.qualifiers().isEmpty() ? "" : " (" + f.qualifiers() + ")")
                    .append(f.certain() ? "" : " [uncertain: " + TextReport.uncertainty(f) + "]")
                    .append(f.baselined() ? " [baselined]" : "")
                    .append(", line ").append(f.beginLine()).append(": ").append(f.message()).append('\n');
        }
        return s.toString();
    }
}
