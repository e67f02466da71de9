package io.dioscope.ingest.blktrace;

import io.dioscope.bytes.RenderedStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * blktrace's per-CPU binary files rendered, as they are read, into the text {@code blkparse -i DEV}
 * prints by default for them: every CPU's records merged in time order as blkparse merges its
 * input streams (a list kept in order of each stream's next time: the stream that printed last
 * keeps printing while its next record is not later than the next stream's; a stream that moves
 * goes before those of the same time), times relative to the earliest record, each line
 * {@code "%3d,%-3d %2d %8d %5d.%09lu %5u %2s %3s "} (device, CPU, sequence, time, pid, action, RWBS)
 * and the action's own tail. The loader reads it with the blkparse decoder, so a binary trace and its
 * blkparse text give the same events by construction. Notify records are not printed: a process
 * record names its pid as soon as its file is read that far ({@code [(null)]} for a pid no record
 * named, as blkparse prints it), a message record prints as blkparse's {@code m N} line. blkparse's summary
 * blocks are not rendered (nothing in them is an event).
 */
public final class BlkparseText extends RenderedStream {
    private final List<Cpu> cpus = new ArrayList<>();
    /** blkparse's ms_head list: the streams with records left, by the time of their next record. */
    private final List<Cpu> next = new ArrayList<>();
    private final Map<Integer, String> names = new HashMap<>();
    private final long genesis;
    private byte[] line = new byte[0];
    private int pos;

    /** {@code streams[i]} is the file {@code labels[i]}, one CPU's records each. */
    public BlkparseText(List<InputStream> streams, List<String> labels) throws IOException {
        long first = Long.MAX_VALUE;
        for (int i = 0; i < streams.size(); i++) {
            Cpu c = new Cpu(streams.get(i), labels.get(i), names);
            cpus.add(c);
            if (c.advance()) sort(c);
        }
        genesis = next.isEmpty() ? 0 : next.get(0).head.time();
    }

    /** blkparse's ms_sort: before the first stream if earlier than it, else after every earlier one. */
    private void sort(Cpu c) {
        long t = c.head.time();
        if (next.isEmpty() || Long.compareUnsigned(t, next.get(0).head.time()) < 0) {
            next.add(0, c);
            return;
        }
        int i = 0;
        while (i + 1 < next.size() && Long.compareUnsigned(next.get(i + 1).head.time(), t) < 0) i++;
        next.add(i + 1, c);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        while (pos == line.length) {
            if (next.isEmpty()) return -1;
            Cpu c = next.get(0);
            String text = render(c.head);
            if (!c.advance()) {
                next.remove(0);
            } else if (next.size() > 1 && Long.compareUnsigned(c.head.time(), next.get(1).head.time()) > 0) {
                next.remove(0);
                sort(c);
            }
            line = text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
            pos = 0;
        }
        int n = Math.min(len, line.length - pos);
        System.arraycopy(line, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (Cpu c : cpus) {
            try {
                c.in.close();
            } catch (IOException e) {
                if (first == null) first = e;
            }
        }
        if (first != null) throw first;
    }

    /** The record's line as blkparse prints it, or null for a record blkparse does not print. */
    private String render(BlkIoTrace t) {
        long rel = t.time() - genesis;
        if (t.isNotify()) { // a message: the other notify records were taken as their file was read
            byte[] p = t.payload();
            return p.length == 0 ? null : header(t, rel, "0", "m", "N") + new String(p, StandardCharsets.UTF_8) + "\n";
        }
        String act = Actions.letter(t.what());
        if (act == null) return null; // blkparse: "Bad fs action"
        String name = names.getOrDefault(t.pid(), "(null)");
        String head = header(t, rel, Integer.toString(t.sequence()), act, Actions.rwbs(t));
        long sector = t.sector();
        long blocks = Integer.toUnsignedLong(t.bytes()) >> 9;
        boolean pc = (t.categories() & BlkIoTrace.TC_PC) != 0;
        return head + switch (act.charAt(0)) {
            // a request without data (a flush) has no "+ blocks"; its issue and queueing no sector either
            case 'C', 'R' -> pc ? pdu(t) + "[" + t.error() + "]\n"
                    : Long.toUnsignedString(sector) + (blocks == 0 ? "" : " + " + blocks) + " [" + t.error() + "]\n";
            case 'D', 'I', 'Q', 'B' -> pc ? Integer.toUnsignedString(t.bytes()) + " " + pdu(t) + "[" + name + "]\n"
                    : (blocks == 0 ? "" : Long.toUnsignedString(sector) + " + " + blocks + " ") + "[" + name + "]\n";
            case 'M', 'F', 'G', 'S' -> Long.toUnsignedString(sector) + " + " + blocks + " [" + name + "]\n";
            case 'P' -> "[" + name + "]\n";
            case 'U' -> "[" + name + "] " + pduInt(t) + "\n";
            case 'X' -> Long.toUnsignedString(sector) + " / " + pduInt(t) + " [" + name + "]\n";
            case 'A' -> remap(t, sector, blocks);
            default -> throw new IllegalStateException("no tail for action " + act);
        };
    }

    /** blkparse's "%3d,%-3d %2d %8s %5d.%09lu %5u %2s %3s " (String.format is too slow for every record). */
    private static String header(BlkIoTrace t, long rel, String sequence, String act, String rwbs) {
        int dev = t.device();
        StringBuilder s = new StringBuilder(64);
        pad(s, Integer.toString(dev >>> 20), 3, false).append(',');
        pad(s, Integer.toString(dev & 0xfffff), 3, true).append(' ');
        pad(s, Integer.toString(t.cpu()), 2, false).append(' ');
        pad(s, sequence, 8, false).append(' ');
        pad(s, Long.toString(rel / 1_000_000_000L), 5, false).append('.');
        String ns = Long.toString(rel % 1_000_000_000L);
        s.append("000000000", 0, 9 - ns.length()).append(ns).append(' ');
        pad(s, Long.toString(Integer.toUnsignedLong(t.pid())), 5, false).append(' ');
        pad(s, act, 2, false).append(' ');
        return pad(s, rwbs, 3, false).append(' ').toString();
    }

    private static StringBuilder pad(StringBuilder s, String v, int width, boolean left) {
        if (left) s.append(v);
        for (int i = v.length(); i < width; i++) s.append(' ');
        return left ? s : s.append(v);
    }

    /** The payload's first 8 bytes, big-endian (the kernel stores them with cpu_to_be64), truncated to 32 bits as blkparse's %u does. */
    private static long pduInt(BlkIoTrace t) {
        byte[] p = t.payload();
        if (p.length < 8) return 0;
        return ByteBuffer.wrap(p).order(ByteOrder.BIG_ENDIAN).getLong() & 0xffffffffL;
    }

    /** struct blk_io_trace_remap, big-endian: device_from, device_to, sector_from. */
    private static String remap(BlkIoTrace t, long sector, long blocks) {
        byte[] p = t.payload();
        if (p.length < 16) return Long.toUnsignedString(sector) + " + " + blocks + "\n";
        ByteBuffer r = ByteBuffer.wrap(p).order(ByteOrder.BIG_ENDIAN);
        int from = r.getInt(0);
        return Long.toUnsignedString(sector) + " + " + blocks + " <- (" + (from >>> 20) + "," + (from & 0xfffff) + ") "
                + Long.toUnsignedString(r.getLong(8)) + "\n";
    }

    /** A passthrough command's payload as blkparse dumps it: hex bytes, " .." where only zeros remain. */
    private static String pdu(BlkIoTrace t) {
        byte[] p = t.payload();
        if (p.length == 0) return "";
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < p.length; i++) {
            if (i > 0) s.append(' ');
            s.append(String.format("%02x", p[i] & 0xff));
            if (p[i] == 0 && restIsZero(p, i)) {
                s.append(" ..");
                break;
            }
        }
        return s.append(") ").toString();
    }

    private static boolean restIsZero(byte[] p, int from) {
        for (int i = from; i < p.length; i++) if (p[i] != 0) return false;
        return true;
    }

    private static String cString(byte[] p) {
        int n = 0;
        while (n < p.length && p[n] != 0) n++;
        return new String(p, 0, n, StandardCharsets.UTF_8);
    }

    /** One CPU's file: its records read one at a time, in its own byte order. */
    private static final class Cpu {
        final InputStream in;
        final String label;
        final Map<Integer, String> names;
        final byte[] header = new byte[BlkIoTrace.SIZE];
        ByteOrder order;
        long offset;
        BlkIoTrace head;

        Cpu(InputStream in, String label, Map<Integer, String> names) {
            this.in = in;
            this.label = label;
            this.names = names;
        }

        /**
         * Reads the next record to print into head; false at the end of the file. A notify record
         * other than a message is taken on the way, as blkparse takes it when it reads it: a
         * process's name, the start's wall clock (not printed).
         */
        boolean advance() throws IOException {
            while (read()) {
                if (!head.isNotify() || head.what() == BlkIoTrace.TN_MESSAGE) return true;
                if (head.what() == BlkIoTrace.TN_PROCESS) names.put(head.pid(), cString(head.payload()));
            }
            return false;
        }

        private boolean read() throws IOException {
            int n = in.readNBytes(header, 0, header.length);
            if (n == 0) return false;
            if (n < header.length) throw cut(n);
            ByteOrder o = BlkIoTrace.order(header, n);
            if (o == null || (order != null && o != order)) {
                throw new BlktraceException(label + ": byte " + offset + ": not a blk_io_trace record (bad magic "
                        + String.format("%02x%02x%02x%02x", header[0], header[1], header[2], header[3]) + ")");
            }
            order = o;
            ByteBuffer h = ByteBuffer.wrap(header).order(o);
            int pduLen = BlkIoTrace.pduLength(h);
            byte[] pdu = in.readNBytes(pduLen);
            if (pdu.length < pduLen) throw cut(header.length + pdu.length);
            head = BlkIoTrace.of(h, pdu);
            offset += header.length + pduLen;
            return true;
        }

        private EOFException cut(int got) {
            return new BlktraceException(label + ": byte " + offset + ": the last record is cut short (" + got
                    + " of its bytes): the rest of the file is not in the trace");
        }
    }

    /** A per-CPU file that is not blk_io_trace records all through, or ends inside one. */
    public static final class BlktraceException extends EOFException {
        BlktraceException(String message) {
            super(message);
        }
    }
}
