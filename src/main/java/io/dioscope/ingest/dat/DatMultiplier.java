package io.dioscope.ingest.dat;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes a big trace.dat out of a real one, at the record level, for the benchmark: {@code copies}
 * copies of every page of the top buffer, each copy's pages shifted in time to start after the
 * previous copy ends (a page's records are deltas from its base timestamp, so moving the base moves
 * them all) and with the inode fields of its records ({@code ino}, {@code i_ino}) offset by
 * {@code copy << 32}, so the copies are different files. Written as an uncompressed version 6 file
 * with the source's formats, kallsyms and command lines.
 */
public final class DatMultiplier {
    /** Inode offset between copies, as the text multiplier uses. */
    public static final long INODE_STRIDE = 1L << 32;
    private static final Pattern ID = Pattern.compile("(?m)^ID:\\s*(\\d+)");

    /** What was written. */
    public record Output(long records, long bytes, long spanNs) {}

    private DatMultiplier() {}

    public static Output write(Path source, int copies, Path target) throws IOException, DatException {
        try (DatFile f = DatFile.open(source)) {
            DatBuffer top = f.buffers().get(0);
            HeaderPage layout = HeaderPage.parse(f.headerPage);
            Map<Integer, int[]> inoFields = inodeFields(f);
            long[] span = span(f, top);
            long shift = span[1] - span[0] + 1_000_000L; // the next copy starts 1 ms after the last record
            int pageSize = top.pageSize();
            ByteOrder order = f.bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            // metadata first, into memory: the CPU data offsets are known once its size is
            ByteArrayOut meta = new ByteArrayOut(order);
            meta.bytes(DatFile.MAGIC).cstring("6").u8(f.bigEndian ? 1 : 0).u8(f.userLongSize).u32(f.pageSize);
            meta.cstring("header_page").u64(f.headerPage.length()).text(f.headerPage);
            meta.cstring("header_event").u64(f.headerEvent.length()).text(f.headerEvent);
            meta.u32(f.ftraceFormats.size());
            for (String t : f.ftraceFormats) meta.u64(t.length()).text(t);
            Map<String, List<String>> systems = new java.util.LinkedHashMap<>();
            for (String[] sf : f.eventFormats) systems.computeIfAbsent(sf[0], k -> new ArrayList<>()).add(sf[1]);
            meta.u32(systems.size());
            for (Map.Entry<String, List<String>> e : systems.entrySet()) {
                meta.cstring(e.getKey()).u32(e.getValue().size());
                for (String t : e.getValue()) meta.u64(t.length()).text(t);
            }
            meta.u32(f.kallsyms.length()).text(f.kallsyms);
            meta.u32(f.printk.length()).text(f.printk);
            meta.u64(f.cmdlines.length()).text(f.cmdlines);
            int cpus = top.cpus().size();
            meta.u32(cpus);
            meta.bytes("options  \0".getBytes(StandardCharsets.ISO_8859_1));
            if (f.clock != null) {
                byte[] clock = ("[" + f.clock + "]\0").getBytes(StandardCharsets.ISO_8859_1);
                meta.u16(DatSections.TRACECLOCK).u32(clock.length).bytes(clock);
            }
            meta.u16(DatSections.DONE);
            meta.bytes("flyrecord\0".getBytes(StandardCharsets.ISO_8859_1));
            long[] pages = new long[cpus];
            for (int i = 0; i < cpus; i++) pages[i] = countPages(f, top, top.cpus().get(i));
            long dataStart = align(meta.size() + 16L * cpus, pageSize);
            long offset = dataStart;
            for (int i = 0; i < cpus; i++) {
                long size = pages[i] * pageSize * copies;
                meta.u64(offset).u64(size);
                offset += size;
            }
            long records = 0;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), 1 << 20)) {
                out.write(meta.toByteArray());
                out.write(new byte[(int) (dataStart - meta.size())]);
                PageReader reader = new PageReader(layout, f.bigEndian, pageSize);
                byte[] copy = new byte[pageSize];
                for (int i = 0; i < cpus; i++) {
                    for (int k = 0; k < copies; k++) {
                        CpuPages src = new CpuPages(f, top, top.cpus().get(i), new DatProblems());
                        int[] at = new int[1];
                        byte[] page;
                        while ((page = src.next(at)) != null) {
                            System.arraycopy(page, at[0], copy, 0, pageSize);
                            ByteBuffer bb = ByteBuffer.wrap(copy).order(order);
                            int tsAt = layout.timestampOffset();
                            bb.putLong(tsAt, bb.getLong(tsAt) + k * shift);
                            reader.load(copy, 0);
                            while (reader.next()) {
                                records++;
                                if (k == 0) continue;
                                int type = (int) ByteCursor.number(copy, reader.payload, 2, f.bigEndian);
                                int[] fields = inoFields.get(type);
                                if (fields == null) continue;
                                for (int off : fields) {
                                    if (off + 8 > reader.length) continue;
                                    int p = reader.payload + off;
                                    bb.putLong(p, bb.getLong(p) + k * INODE_STRIDE);
                                }
                            }
                            out.write(copy);
                        }
                    }
                }
            }
            return new Output(records, Files.size(target), span[1] - span[0]);
        }
    }

    /** For each event type, the offsets of its 8-byte inode fields. */
    private static Map<Integer, int[]> inodeFields(DatFile f) {
        Map<Integer, int[]> out = new HashMap<>();
        for (String[] sf : f.eventFormats) {
            Matcher m = ID.matcher(sf[1]);
            if (!m.find()) continue;
            EventFormat format;
            try {
                format = EventFormat.parse(sf[0], sf[1]);
            } catch (IllegalArgumentException e) {
                continue;
            }
            List<Integer> offsets = new ArrayList<>();
            for (FormatField field : format.fields()) {
                if ((field.name().equals("ino") || field.name().equals("i_ino")) && field.size() == 8) {
                    offsets.add(field.offset());
                }
            }
            if (!offsets.isEmpty()) out.put(format.id(), offsets.stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
    }

    /** First and last record time (raw clock) of the buffer. */
    private static long[] span(DatFile f, DatBuffer top) throws DatException, IOException {
        RecordReader r = new RecordReader(f, top, new DatProblems());
        long first = Long.MAX_VALUE, last = Long.MIN_VALUE;
        while (r.next()) {
            first = Math.min(first, r.ts);
            last = Math.max(last, r.ts);
        }
        if (first == Long.MAX_VALUE) throw new DatException("has no records to multiply");
        return new long[] {first - f.timeOffset, last - f.timeOffset};
    }

    private static long countPages(DatFile f, DatBuffer b, DatBuffer.CpuData cpu) throws IOException {
        CpuPages pages = new CpuPages(f, b, cpu, new DatProblems());
        int[] at = new int[1];
        long n = 0;
        while (pages.next(at) != null) n++;
        return n;
    }

    private static long align(long v, int to) {
        return (v + to - 1) / to * to;
    }

    /** The metadata being written, in the file's byte order. */
    private static final class ByteArrayOut {
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        private final ByteOrder order;

        ByteArrayOut(ByteOrder order) {
            this.order = order;
        }

        private ByteArrayOut number(long v, int size) {
            ByteBuffer b = ByteBuffer.allocate(8).order(order);
            b.putLong(0, v);
            byte[] a = b.array();
            if (order == ByteOrder.LITTLE_ENDIAN) bytes.write(a, 0, size);
            else bytes.write(a, 8 - size, size);
            return this;
        }

        ByteArrayOut u8(int v) {
            bytes.write(v);
            return this;
        }

        ByteArrayOut u16(int v) {
            return number(v, 2);
        }

        ByteArrayOut u32(long v) {
            return number(v, 4);
        }

        ByteArrayOut u64(long v) {
            return number(v, 8);
        }

        ByteArrayOut bytes(byte[] b) {
            bytes.write(b, 0, b.length);
            return this;
        }

        ByteArrayOut text(String s) {
            return bytes(s.getBytes(StandardCharsets.ISO_8859_1));
        }

        ByteArrayOut cstring(String s) {
            return text(s).u8(0);
        }

        int size() {
            return bytes.size();
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }
    }
}
