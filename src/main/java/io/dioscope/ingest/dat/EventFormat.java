package io.dioscope.ingest.dat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One event's tracefs {@code format} file: its name, numeric id, fields, and print fmt; and the text the
 * kernel (and {@code trace-cmd report}) prints for a record of it.
 *
 * <p>The print fmt is rendered as libtraceevent renders it (see {@link PrintFormat}, {@link PrintSpec},
 * {@link PrintHelpers}, {@link PointerText}: {@code %pS} is {@code name+0xoff}, {@code %p} is
 * {@code 0x...}), except where libtraceevent and the kernel disagree, where it prints what the kernel
 * does: arithmetic is the C code's ({@link PrintExpr}: a negative {@code int} is negative in a
 * {@code %lld}); {@code __print_flags} of 0 prints nothing; {@code IOPRIO_CLASS_*} names, which formats
 * leave unexpanded, are known ({@code be,0,4}, not {@code 0x2,0,4}). Event plugins (trace-cmd's own text
 * for {@code sched_switch}, {@code function}, {@code kmem}, ...) are not emulated: such events print their
 * print fmt, as {@code trace-cmd report -N} and the kernel's {@code trace} file do.
 *
 * <p>A print fmt that is not understood ({@link #printProblem()}: a function the kernel computes at print
 * time such as {@code jiffies_to_msecs()}, a variable such as {@code jiffies}, {@code %pb}, binary
 * {@code bprint}) renders as the fields' {@code name=value} pairs, as {@code trace-cmd report -R} prints
 * them ({@link RawFields}).
 *
 * <p>An EventFormat is immutable; {@link #render} keeps no state, so threads may share it.
 */
public final class EventFormat {
    private final String system;
    private final String name;
    private final int id;
    private final List<FormatField> fields;
    private final Map<String, FormatField> byName;
    private final PrintFormat print;
    private final String printProblem;

    private EventFormat(String system, String name, int id, List<FormatField> fields, String printFmt) {
        this.system = system;
        this.name = name;
        this.id = id;
        this.fields = Collections.unmodifiableList(fields);
        Map<String, FormatField> map = new HashMap<>();
        for (FormatField f : fields) map.putIfAbsent(f.name(), f);
        this.byName = map;
        PrintFormat parsed = null;
        String problem;
        if (printFmt == null) {
            problem = "no print fmt line";
        } else if (system.equals("ftrace") && name.equals("bprint")) {
            // its format string is in the trace's printk formats, found by the address in the record
            problem = "bprint needs the trace's printk formats";
        } else {
            try {
                parsed = PrintFormat.parse(printFmt, map::get);
                problem = null;
            } catch (PrintFormatException e) {
                problem = e.getMessage();
            } catch (RuntimeException | StackOverflowError e) {
                // a print fmt this parser trips on must not stop the other events from loading
                problem = "print fmt not parsed: " + e;
            }
        }
        this.print = parsed;
        this.printProblem = problem;
    }

    /**
     * Parses one tracefs "format" file of event system {@code system}. Throws IllegalArgumentException with
     * a one-line message on a malformed file (no name or ID line, a field line that does not say its
     * offset and size). A print fmt that is not understood is not an error: see {@link #printProblem()}.
     */
    public static EventFormat parse(String system, String formatText) {
        String name = null;
        Integer id = null;
        String printFmt = null;
        List<FormatField> fields = new ArrayList<>();
        int lineNo = 0;
        for (String line : formatText.split("\n", -1)) {
            lineNo++;
            String t = line.strip();
            if (t.isEmpty() || t.equals("format:")) continue;
            if (t.startsWith("name:")) {
                name = t.substring(5).strip();
            } else if (t.startsWith("ID:")) {
                try {
                    id = Integer.parseInt(t.substring(3).strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("format of " + system + "/" + name + ": line " + lineNo + ": ID is not a number: " + t);
                }
            } else if (t.startsWith("field:") || t.startsWith("field ")) {
                fields.add(field(t, system, name, lineNo));
            } else if (t.startsWith("print fmt:")) {
                printFmt = line.substring(line.indexOf("print fmt:") + 10).strip();
            } else if (printFmt != null) {
                printFmt = printFmt + " " + t; // a print fmt broken over lines
            } else {
                throw new IllegalArgumentException("format of " + system + "/" + name + ": line " + lineNo + " is not a format line: " + abbreviate(t));
            }
        }
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("format of system " + system + " has no name: line");
        if (id == null) throw new IllegalArgumentException("format of " + system + "/" + name + " has no ID: line");
        return new EventFormat(system, name, id, fields, printFmt);
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }

    /** {@code field:unsigned long i_ino;	offset:16;	size:8;	signed:0;} */
    private static FormatField field(String line, String system, String event, int lineNo) {
        String where = "format of " + system + "/" + event + ": line " + lineNo + ": ";
        String[] parts = line.split(";");
        if (parts.length < 3) throw new IllegalArgumentException(where + "a field line needs a declaration, an offset and a size: " + abbreviate(line));
        String decl = parts[0].strip().substring(6).strip();
        Integer offset = null;
        Integer size = null;
        boolean signed = false;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            if (p.isEmpty()) continue;
            int colon = p.indexOf(':');
            if (colon < 0) throw new IllegalArgumentException(where + "'" + p + "' is not key:value");
            String key = p.substring(0, colon).strip();
            String value = p.substring(colon + 1).strip();
            int v;
            try {
                v = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + key + " is not a number: " + value);
            }
            switch (key) {
                case "offset": offset = v; break;
                case "size": size = v; break;
                case "signed": signed = v != 0; break;
                default: break; // a key a later kernel adds
            }
        }
        if (offset == null || size == null || offset < 0 || size < 0) throw new IllegalArgumentException(where + "a field line needs offset: and size: " + abbreviate(line));
        return declaration(decl, offset, size, signed, where);
    }

    /** {@code unsigned long i_ino}, {@code char comm[16]}, {@code __data_loc char[] name}, {@code const void * ops}. */
    private static FormatField declaration(String decl, int offset, int size, boolean signed, String where) {
        String d = decl.strip();
        String brackets = "";
        int arrayLength = -1;
        if (d.endsWith("]")) {
            int open = d.lastIndexOf('[');
            if (open < 0) throw new IllegalArgumentException(where + "unbalanced ']' in " + d);
            String inside = d.substring(open + 1, d.length() - 1).strip();
            brackets = "[" + inside + "]";
            arrayLength = inside.matches("\\d{1,9}") ? Integer.parseInt(inside) : 0;
            d = d.substring(0, open).strip();
        }
        int end = d.length();
        int start = end;
        while (start > 0 && (Character.isLetterOrDigit(d.charAt(start - 1)) || d.charAt(start - 1) == '_')) start--;
        if (start == end) throw new IllegalArgumentException(where + "no field name in '" + decl + "'");
        String name = d.substring(start, end);
        String type = d.substring(0, start).strip();
        if (type.isEmpty()) throw new IllegalArgumentException(where + "no type in '" + decl + "'");
        if (type.endsWith("[]")) arrayLength = 0; // __data_loc char[] name
        type = type + brackets;
        return new FormatField(name, type, offset, size, signed, arrayLength);
    }

    public int id() {
        return id;
    }

    public String system() {
        return system;
    }

    public String name() {
        return name;
    }

    /** All fields in file order, the {@code common_*} ones included. */
    public List<FormatField> fields() {
        return fields;
    }

    /** The field of that name, or null when absent. */
    public FormatField field(String name) {
        return byName.get(name);
    }

    /**
     * Appends the event's body (what follows "name: " on a trace-cmd report line) for the record payload
     * b[off, off+len) (the payload starts at common_type). Never throws: a value the record does not hold
     * is written as a mark ({@code [truncated]}, {@code [bad data_loc]}). One trailing newline (the one
     * the kernel adds to a trace_marker write) is left out, as trace-cmd report leaves it out.
     */
    public void render(byte[] b, int off, int len, RecordLayout layout, TextOut out) {
        int start = out.length();
        Payload p = new Payload(b, off, len, layout);
        if (print != null) print.render(p, out);
        else RawFields.render(fields, p, out);
        // a marker's text ends in the newline the kernel adds; trace-cmd drops one, so the body is one line
        if (out.length() > start && out.bytes()[out.length() - 1] == '\n') out.truncate(out.length() - 1);
    }

    /** The parsed print fmt, null when it was not understood. */
    PrintFormat printFormat() {
        return print;
    }

    /** Null when the print fmt was understood; else why not (then render() writes the fields as "name=value" pairs). */
    public String printProblem() {
        return printProblem;
    }

    @Override
    public String toString() {
        return system + "/" + name + " (id " + id + ")";
    }
}
