package io.dioscope.ingest.dat;

import java.util.ArrayList;
import java.util.List;

/**
 * The records in a dump of {@code per_cpu/cpuN/trace_pipe_raw}: 4096-byte ring-buffer pages of a
 * little-endian, 64-bit kernel, laid out as its {@code header_page} and {@code header_event} say
 * (page: u64 timestamp, 8-byte commit whose low 20 bits are the data length, data from offset 16;
 * event: a 32-bit word with type_len in its low 5 bits, then data). A test helper, just enough to
 * find each data record's payload; the real reader is the container engineer's.
 */
final class RingBufferPages {
    private static final int PAGE = 4096;
    private static final int DATA = 16;

    /** One record: where its payload is in the dump and how long it is (4-byte aligned, as stored). */
    record Record(int offset, int length) {}

    private RingBufferPages() {}

    static List<Record> records(byte[] dump) {
        List<Record> out = new ArrayList<>();
        for (int page = 0; page + DATA <= dump.length; page += PAGE) {
            long commit = u32(dump, page + 8) & 0xfffff;
            int end = page + DATA + (int) commit;
            int at = page + DATA;
            while (at + 4 <= end) {
                long header = u32(dump, at);
                int typeLen = (int) (header & 31);
                if (typeLen == 29) { // padding: the rest of the page when time_delta is 0, else array[0] bytes
                    if ((header >>> 5) == 0) break;
                    at += 4 + (int) u32(dump, at + 4);
                } else if (typeLen == 30 || typeLen == 31) { // time extend, absolute time stamp
                    at += 8;
                } else if (typeLen == 0) { // array[0] holds the length, itself included
                    int len = (int) u32(dump, at + 4);
                    out.add(new Record(at + 8, len - 4));
                    at += 4 + len;
                } else {
                    out.add(new Record(at + 4, typeLen * 4));
                    at += 4 + typeLen * 4;
                }
            }
        }
        return out;
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
    }
}
