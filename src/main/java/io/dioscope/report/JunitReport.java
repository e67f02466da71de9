package io.dioscope.report;

import io.dioscope.rules.Severity;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit XML for CI: one test suite per trace, one test case per rule (failed when the rule found
 * something at or above --fail-on, passed otherwise with its lesser findings as output), and a
 * 'coverage' case that fails when the trace lost events, because silence from an incomplete trace
 * proves little.
 */
public final class JunitReport {
    private JunitReport() {}

    public static void write(Analysis a, Severity failOn, Writer out) throws XMLStreamException {
        XMLStreamWriter x = XMLOutputFactory.newInstance().createXMLStreamWriter(out);
        x.writeStartDocument("UTF-8", "1.0");
        x.writeCharacters("\n");
        x.writeStartElement("testsuites");
        x.writeAttribute("name", "dioscope");
        for (TraceCoverage t : a.traces()) {
            List<Finding> mine = new ArrayList<>();
            for (Finding f : a.findings()) if (f.traceId() == t.traceId()) mine.add(f);
            int failures = t.complete() ? 0 : 1;
            for (RuleSummary r : a.rules()) if (!failing(mine, r.id(), failOn).isEmpty()) failures++;
            x.writeCharacters("\n  ");
            x.writeStartElement("testsuite");
            x.writeAttribute("name", xmlSafe(t.path()));
            x.writeAttribute("tests", Integer.toString(a.rules().size() + 1));
            x.writeAttribute("failures", Integer.toString(failures));
            x.writeAttribute("errors", "0");
            x.writeAttribute("skipped", "0");
            String classname = xmlSafe("dioscope." + t.path().replaceAll(".*/", ""));
            x.writeCharacters("\n    ");
            x.writeStartElement("testcase");
            x.writeAttribute("classname", classname);
            x.writeAttribute("name", "coverage");
            if (!t.complete()) {
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
                List<Finding> bad = failing(mine, r.id(), failOn);
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
        x.writeCharacters("\n");
        x.writeEndElement();
        x.writeCharacters("\n");
        x.writeEndDocument();
        x.flush();
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

    private static List<Finding> failing(List<Finding> findings, String rule, Severity failOn) {
        return findings.stream().filter(f -> f.rule().equals(rule) && f.severity().compareTo(failOn) >= 0).toList();
    }

    private static String describe(List<Finding> findings) {
        StringBuilder s = new StringBuilder();
        for (Finding f : findings) {
            s.append(f.severity().label()).append(f.evidence() == null ? "" : " (" + f.evidence() + ")")
                    .append(", line ").append(f.beginLine()).append(": ").append(f.message()).append('\n');
        }
        return s.toString();
    }
}
