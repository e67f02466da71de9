package io.dioscope.ingest.blktrace;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One {@code struct blk_io_trace} (include/uapi/linux/blktrace_api.h), as blktrace writes it to
 * {@code DEV.blktrace.CPU} and the kernel's blk tracer writes it with {@code options/bin}: 48 bytes
 * ({@code magic sequence time sector bytes action pid device cpu error pdu_len}) followed by
 * {@code pdu_len} bytes of payload, in the byte order of the machine that traced.
 */
record BlkIoTrace(int sequence, long time, long sector, int bytes, int action, int pid, int device, int cpu,
        int error, byte[] pdu) {
    static final int SIZE = 48;
    /** BLK_IO_TRACE_MAGIC; the low byte is the version. */
    static final int MAGIC = 0x65617400;
    /** The version this reader knows (BLK_IO_TRACE_VERSION): 32-bit actions. */
    static final int VERSION = 7;

    /** BLK_TC_SHIFT: an action's low 16 bits say what happened, the high 16 the request's categories. */
    static final int TC_SHIFT = 16;
    static final int TC_WRITE = 1 << 1;
    static final int TC_FLUSH = 1 << 2;
    static final int TC_SYNC = 1 << 3;
    static final int TC_PC = 1 << 9;
    static final int TC_NOTIFY = 1 << 10;
    static final int TC_AHEAD = 1 << 11;
    static final int TC_META = 1 << 12;
    static final int TC_DISCARD = 1 << 13;
    static final int TC_FUA = 1 << 15;

    /** Notify records (TC_NOTIFY): a process name, the wall clock at the start (1, not printed), a message. */
    static final int TN_PROCESS = 0;
    static final int TN_MESSAGE = 2;
    /** __BLK_TA_CGROUP / __BLK_TN_CGROUP: a cgroup id (8 bytes) leads the payload. */
    static final int CGROUP = 1 << 8;

    /** The byte order whose reading of the first 4 bytes is the magic with a known version, or null. */
    static ByteOrder order(byte[] head, int n) {
        if (n < 4) return null;
        for (ByteOrder o : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            int magic = ByteBuffer.wrap(head, 0, 4).order(o).getInt();
            if ((magic & 0xffffff00) == MAGIC && (magic & 0xff) == VERSION) return o;
        }
        return null;
    }

    /** The version byte when the first 4 bytes are the magic in either order (another version too), else -1. */
    static int version(byte[] head, int n) {
        if (n < 4) return -1;
        for (ByteOrder o : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            int magic = ByteBuffer.wrap(head, 0, 4).order(o).getInt();
            if ((magic & 0xffffff00) == MAGIC) return magic & 0xff;
        }
        return -1;
    }

    /** The 48-byte header in {@code h} (the order already checked); {@code pdu} read after it. */
    static BlkIoTrace of(ByteBuffer h, byte[] pdu) {
        return new BlkIoTrace(h.getInt(4), h.getLong(8), h.getLong(16), h.getInt(24), h.getInt(28), h.getInt(32),
                h.getInt(36), h.getInt(40), Short.toUnsignedInt(h.getShort(44)), pdu);
    }

    static int pduLength(ByteBuffer h) {
        return Short.toUnsignedInt(h.getShort(46));
    }

    int what() {
        return action & 0xffff & ~CGROUP;
    }

    int categories() {
        return action >>> TC_SHIFT;
    }

    boolean isNotify() {
        return (categories() & TC_NOTIFY) != 0;
    }

    /** The payload without the cgroup id a cgroup-tagged record puts first. */
    byte[] payload() {
        if ((action & CGROUP) == 0 || pdu.length < 8) return pdu;
        byte[] rest = new byte[pdu.length - 8];
        System.arraycopy(pdu, 8, rest, 0, rest.length);
        return rest;
    }
}
