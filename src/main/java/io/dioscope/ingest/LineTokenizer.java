package io.dioscope.ingest;

import io.dioscope.bytes.Ascii;

/**
 * Splits one trace line into its header fields (task, pid, tgid, cpu, flags, timestamp, event,
 * body) without a regular expression.
 *
 * <p>Like Perfetto's systrace tokenizer it anchors on the timestamp: the first {@code <digits>[.<digits>]:}
 * token whose left side reads as {@code task [(tgid)] [cpu] [flags]}. Everything left of it is the
 * task column, so comm names with spaces, dashes or colons ({@code kworker/1:2-53}) need no special
 * casing, and the same code reads ftrace, trace-cmd (including {@code -l}, where cpu and flags are
 * glued as {@code 0d..1.}) and perf script (where {@code comm pid} is space separated and events carry
 * a {@code system:} prefix). In perf script a line that starts with a tab is a call-chain frame
 * ({@link CallChainFrame}).
 */
public final class LineTokenizer {
    private static final int MAX_FLAGS = 8;

    private final TraceFormat format;

    public LineTokenizer(TraceFormat format) {
        this.format = format;
    }

    public TraceFormat format() {
        return format;
    }

    /** Tokenizes {@code b[start, end)} (no newline) into {@code t}; {@code t.kind} says what it was. */
    public void tokenize(byte[] b, int start, int end, TokenizedLine t) {
        t.reset();
        int lineEnd = end;
        if (end > start && b[end - 1] == '\r') end--;
        if (format == TraceFormat.PERF_SCRIPT && end > start && b[start] == '\t' && t.frame.read(b, start, end)) {
            t.kind = t.frame.problem == null ? LineKind.CALL_FRAME : LineKind.UNPARSED;
            t.problem = t.frame.problem;
            return;
        }
        int i = Ascii.skipPadding(b, start, end);
        LineKind meta = MetaLine.kind(b, i, end);
        if (meta != null) {
            t.kind = meta;
            t.meta.read(meta, b, i, lineEnd);
            return;
        }
        if (format == TraceFormat.BLKPARSE) {
            readBlkparse(b, i, end, lineEnd, t);
            return;
        }
        for (int colon = Ascii.indexOf(b, i, end, (byte) ':'); colon > 0; colon = Ascii.indexOf(b, colon + 1, end, (byte) ':')) {
            if (colon + 1 < end && b[colon + 1] != ' ' && b[colon + 1] != '\t') continue;
            int tsStart = timestampStart(b, i, colon);
            if (tsStart < 0) continue;
            if (!readPrefix(b, i, tsStart, t)) {
                t.problem = null;
                continue;
            }
            if (t.problem != null) return; // the shape is right but a number in it does not fit
            t.ts = parseTimestamp(b, tsStart, colon);
            if (t.ts < 0) {
                t.problem = "timestamp " + Ascii.text(b, tsStart, Math.min(colon, tsStart + 40))
                        + " does not fit 64 bits of nanoseconds";
                return;
            }
            readEvent(b, colon + 1, end, t);
            return;
        }
        t.problem = "no timestamp column";
    }

    /** Start of a {@code <digits>[.<digits>]} token ending at {@code colon}, preceded by a space; or -1. */
    private static int timestampStart(byte[] b, int lineStart, int colon) {
        int k = colon;
        while (k > lineStart && Ascii.isDigit(b[k - 1])) k--;
        if (k == colon) return -1;
        if (k > lineStart && b[k - 1] == '.') {
            int dot = k - 1;
            k = dot;
            while (k > lineStart && Ascii.isDigit(b[k - 1])) k--;
            if (k == dot) return -1;
        }
        if (k <= lineStart || (b[k - 1] != ' ' && b[k - 1] != '\t')) return -1;
        return k;
    }

    /** The timestamp in ns (or counter units); -1 when it does not fit 64 bits. */
    static long parseTimestamp(byte[] b, int start, int colon) {
        long seconds = 0;
        int i = start;
        while (i < colon && b[i] != '.') {
            int d = b[i++] - '0';
            if (seconds > (Long.MAX_VALUE - d) / 10) return -1;
            seconds = seconds * 10 + d;
        }
        if (i == colon) return seconds; // a counter clock: already in its own units
        i++;
        long fraction = 0;
        int digits = 0;
        for (; i < colon && digits < 9; i++, digits++) fraction = fraction * 10 + (b[i] - '0');
        for (; digits < 9; digits++) fraction *= 10;
        if (seconds > (Long.MAX_VALUE - fraction) / 1_000_000_000L) return -1;
        return seconds * 1_000_000_000L + fraction;
    }

    /**
     * Reads {@code task [(tgid)] [cpu] [flags]} from {@code b[start, tsStart)}, right to left.
     * Returns false when the text does not have that shape.
     */
    private boolean readPrefix(byte[] b, int start, int tsStart, TokenizedLine t) {
        int q = Ascii.skipSpacesBack(b, start, tsStart);
        if (q == start) return false;
        int taskEnd;
        if (b[q - 1] == ']') {
            int open = bracketOpen(b, start, q - 1);
            if (open < 0 || !readCpu(b, open + 1, q - 1, t)) return false;
            taskEnd = open;
        } else {
            int tokenStart = q;
            while (tokenStart > start && b[tokenStart - 1] != ' ' && b[tokenStart - 1] != '\t') tokenStart--;
            if (q - tokenStart > MAX_FLAGS + 4) return false;
            int before = Ascii.skipSpacesBack(b, start, tokenStart);
            if (before > start && b[before - 1] == ']') {
                // ftrace with irq-info: [cpu] then the flags column
                int open = bracketOpen(b, start, before - 1);
                if (open < 0 || !readCpu(b, open + 1, before - 1, t)) return false;
                if (q - tokenStart > MAX_FLAGS) return false;
                t.irqStart = tokenStart;
                t.irqEnd = q;
                taskEnd = open;
            } else {
                // trace-cmd report -l: the cpu number glued to the flags ("0d..1.")
                int d = tokenStart;
                int cpu = 0;
                while (d < q && Ascii.isDigit(b[d]) && d - tokenStart < 6) cpu = cpu * 10 + (b[d++] - '0');
                if (d == tokenStart || d == q || q - d > MAX_FLAGS || Ascii.isDigit(b[d])) return false;
                t.cpu = cpu;
                t.irqStart = d;
                t.irqEnd = q;
                taskEnd = tokenStart;
            }
        }
        taskEnd = Ascii.skipSpacesBack(b, start, taskEnd);
        if (taskEnd > start && b[taskEnd - 1] == ')') {
            int open = taskEnd - 1;
            while (open > start && b[open] != '(') open--;
            if (b[open] != '(') return false;
            int digits = Ascii.skipSpaces(b, open + 1, taskEnd - 1);
            long tgid = Ascii.parseDecimal(b, digits, taskEnd - 1);
            if (tgid == Ascii.NOT_A_NUMBER && digits < taskEnd - 1 && Ascii.isDigit(b[digits]) || tgid > Integer.MAX_VALUE) {
                t.problem = "tgid " + Ascii.text(b, digits, Math.min(taskEnd - 1, digits + 40)) + " does not fit 32 bits";
            }
            t.tgid = tgid == Ascii.NOT_A_NUMBER || tgid > Integer.MAX_VALUE ? -1 : (int) tgid;
            taskEnd = Ascii.skipSpacesBack(b, start, open);
        }
        return readTask(b, start, taskEnd, t);
    }

    private static int bracketOpen(byte[] b, int start, int close) {
        for (int k = close - 1; k >= start && close - k <= 8; k--) {
            if (b[k] == '[') return k;
        }
        return -1;
    }

    private static boolean readCpu(byte[] b, int from, int to, TokenizedLine t) {
        if (from >= to) return false;
        int cpu = 0;
        for (int k = from; k < to; k++) {
            if (!Ascii.isDigit(b[k])) return false;
            cpu = cpu * 10 + (b[k] - '0');
        }
        t.cpu = cpu;
        return true;
    }

    /** {@code comm-pid}, or for perf {@code comm pid} / {@code comm pid/tid} (the tid is the task). */
    private boolean readTask(byte[] b, int start, int end, TokenizedLine t) {
        if (end <= start) return false;
        int digitsStart = end;
        while (digitsStart > start && Ascii.isDigit(b[digitsStart - 1])) digitsStart--;
        if (digitsStart == end) return false;
        long pid = Ascii.parseDecimal(b, digitsStart, end);
        if (pid == Ascii.NOT_A_NUMBER || pid > Integer.MAX_VALUE) {
            t.problem = "pid " + Ascii.text(b, digitsStart, Math.min(end, digitsStart + 40)) + " does not fit 32 bits";
        }
        int sep = digitsStart - 1;
        if (format.spaceSeparatedPid()) {
            if (sep > start && b[sep] == '/') {
                // pid/tid: keep the tid, which is what ftrace calls the pid
                int p = sep;
                while (p > start && Ascii.isDigit(b[p - 1])) p--;
                sep = p - 1;
            }
            if (sep < start || (b[sep] != ' ' && b[sep] != '\t')) return false;
            t.commStart = start;
            t.commEnd = Ascii.skipSpacesBack(b, start, sep);
        } else {
            if (sep < start || b[sep] != '-') return false;
            t.commStart = start;
            t.commEnd = sep;
        }
        t.pid = (int) pid;
        return true;
    }

    private void readEvent(byte[] b, int from, int end, TokenizedLine t) {
        int j = Ascii.skipSpaces(b, from, end);
        if (j == end) {
            t.problem = "nothing after the timestamp";
            return;
        }
        if (Ascii.isDigit(b[j]) && isDeviceToken(b, j, end)) {
            t.kind = LineKind.BLK;
            t.bodyStart = j;
            t.bodyEnd = end;
            return;
        }
        int k = j;
        while (k < end && isNameByte(b[k])) k++;
        if (k == j) {
            t.problem = "no event name after the timestamp";
            return;
        }
        if (k < end && b[k] == ':') {
            int nameStart = j;
            int nameEnd = k;
            int afterColon = k + 1;
            if (afterColon < end && isNameByte(b[afterColon])) {
                // system:event: as perf script prints it
                int k2 = afterColon;
                while (k2 < end && isNameByte(b[k2])) k2++;
                if (k2 < end && b[k2] == ':') {
                    nameStart = afterColon;
                    nameEnd = k2;
                    afterColon = k2 + 1;
                }
            }
            t.kind = LineKind.EVENT;
            t.nameStart = nameStart;
            t.nameEnd = nameEnd;
            t.bodyStart = Ascii.skipSpaces(b, afterColon, end);
            t.bodyEnd = Ascii.skipSpacesBack(b, t.bodyStart, end);
            return;
        }
        // function tracer: "func <-parent", possibly with sym-offset ("func+0x0/0x3b0 <-parent+0x1a/0x40")
        int funcEnd = Ascii.tokenEnd(b, j, end);
        int rest = Ascii.skipSpaces(b, funcEnd, end);
        if (rest == end || (rest + 1 < end && b[rest] == '<' && b[rest + 1] == '-')) {
            t.kind = LineKind.FUNCTION;
            t.nameStart = j;
            t.nameEnd = k;
            if (rest == end) {
                t.bodyStart = t.bodyEnd = end;
            } else {
                int callerStart = rest + 2;
                int callerEnd = callerStart;
                while (callerEnd < end && isNameByte(b[callerEnd])) callerEnd++;
                t.bodyStart = callerStart;
                t.bodyEnd = callerEnd;
            }
            return;
        }
        t.problem = "unrecognised text after the timestamp";
    }

    /**
     * A blkparse record, {@code 7,0 1 35872893 18670.512345678 1234 Q WS 7614368 + 8 [fio]}: device,
     * cpu, sequence (wider than its column on a long trace, so read by blanks, not by column), time,
     * pid, action, rwbs, then the action's own fields, which the body's decoder reads. The task's name is
     * the last {@code [..]} of any action but a completion, whose bracket holds the error (an unplug's is
     * followed by the queue depth: {@code U N [fio] 1}); blkparse prints
     * {@code [(null)]} when no notify record named the process, and that is no name.
     */
    private static void readBlkparse(byte[] b, int i, int end, int lineEnd, TokenizedLine t) {
        if (!Ascii.isDigit(b[i]) || !isDeviceToken(b, i, end)) {
            LineKind summary = MetaLine.blkparseSummary(b, i, end);
            if (summary != null) {
                t.kind = summary;
                t.meta.read(summary, b, i, lineEnd);
            } else {
                t.problem = "not a blkparse record (expected 'major,minor cpu sequence seconds.nanoseconds pid "
                        + "action rwbs ...') nor a line of its summary";
            }
            return;
        }
        int dev = i;
        int k = Ascii.skipSpaces(b, Ascii.tokenEnd(b, i, end), end);
        int cpuEnd = Ascii.tokenEnd(b, k, end);
        long cpu = allDigits(b, k, cpuEnd) ? Ascii.parseDecimal(b, k, cpuEnd) : -1;
        k = Ascii.skipSpaces(b, cpuEnd, end);
        int seqEnd = Ascii.tokenEnd(b, k, end);
        long seq = allDigits(b, k, seqEnd) ? Ascii.parseDecimal(b, k, seqEnd) : -1;
        int tsStart = Ascii.skipSpaces(b, seqEnd, end);
        int tsEnd = Ascii.tokenEnd(b, tsStart, end);
        k = Ascii.skipSpaces(b, tsEnd, end);
        int pidEnd = Ascii.tokenEnd(b, k, end);
        long pid = Ascii.parseDecimal(b, k, pidEnd);
        int action = Ascii.skipSpaces(b, pidEnd, end);
        if (!allDigits(b, k, pidEnd) || cpu < 0 || seq < 0 || pid < 0 || action == end
                || !isSecondsToken(b, tsStart, tsEnd)) {
            t.problem = "not a blkparse record (expected 'major,minor cpu sequence seconds.nanoseconds pid "
                    + "action rwbs ...')";
            return;
        }
        if (cpu > Integer.MAX_VALUE || pid > Integer.MAX_VALUE) {
            t.problem = (cpu > Integer.MAX_VALUE ? "cpu " + cpu : "pid " + pid) + " does not fit 32 bits";
            return;
        }
        t.ts = parseTimestamp(b, tsStart, tsEnd);
        if (t.ts < 0) {
            t.problem = "timestamp " + Ascii.text(b, tsStart, Math.min(tsEnd, tsStart + 40))
                    + " does not fit 64 bits of nanoseconds";
            return;
        }
        t.cpu = (int) cpu;
        t.pid = (int) pid;
        t.kind = LineKind.BLK;
        t.bodyStart = dev;
        t.bodyEnd = Ascii.skipSpacesBack(b, dev, end);
        t.commStart = t.commEnd = 0;
        int close = t.bodyEnd;
        if (b[action] == 'U') { // an unplug, U or UT: 'U N [fio] 1', the queue depth after the name
            int digits = close;
            while (digits > action && Ascii.isDigit(b[digits - 1])) digits--;
            close = Ascii.skipSpacesBack(b, dev, digits);
        }
        if (b[action] != 'C' && close > dev && b[close - 1] == ']') {
            int open = close - 1;
            while (open > action && b[open] != '[') open--;
            if (b[open] == '[' && !Ascii.equals(b, open + 1, close - 1, NULL_COMM)) {
                t.commStart = open + 1;
                t.commEnd = close - 1;
            }
        }
    }

    private static final byte[] NULL_COMM = "(null)".getBytes();

    private static boolean allDigits(byte[] b, int start, int end) {
        if (start >= end) return false;
        for (int k = start; k < end; k++) {
            if (!Ascii.isDigit(b[k])) return false;
        }
        return true;
    }

    /** {@code <digits>.<digits>}: blkparse's time column. */
    private static boolean isSecondsToken(byte[] b, int start, int end) {
        int dot = Ascii.indexOf(b, start, end, (byte) '.');
        if (dot <= start || dot == end - 1) return false;
        for (int k = start; k < end; k++) {
            if (k != dot && !Ascii.isDigit(b[k])) return false;
        }
        return true;
    }

    /** {@code <major>,<minor>} followed by a space: the device column of a blk tracer line. */
    private static boolean isDeviceToken(byte[] b, int i, int end) {
        int k = i;
        while (k < end && Ascii.isDigit(b[k])) k++;
        if (k == end || b[k] != ',') return false;
        int m = ++k;
        while (k < end && Ascii.isDigit(b[k])) k++;
        return k > m && k < end && b[k] == ' ';
    }

    static boolean isNameByte(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
    }
}
