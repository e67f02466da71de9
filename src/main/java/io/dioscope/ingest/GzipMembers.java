package io.dioscope.ingest;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.zip.CRC32;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * Gzip, member after member ({@code cat a.gz b.gz}, pigz), with the JDK's native inflater. Unlike
 * {@link java.util.zip.GZIPInputStream}, which ends without a word at bytes after a member that are
 * not a whole member (a truncated second member, trailing garbage) and asks its input for
 * {@code available()} (which a pipe cannot answer), this reads to the exact end of each member, then
 * fails on whatever follows that is not another whole member. Every byte inflated before a failure is
 * handed out first: a read returns as soon as it has data, and the failure comes with the next one.
 */
final class GzipMembers extends ChunkInputStream {
    private static final int BUFFER = 1 << 16;

    private final PushbackInputStream in;
    private Member member;
    private int members;
    private boolean done;

    GzipMembers(InputStream raw) throws IOException {
        this.in = new PushbackInputStream(raw, BUFFER);
        this.member = new Member(readHeader(true));
        members = 1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        while (!done) {
            int n = member.read(b, off, len);
            if (n > 0) return n;
            if (n == 0) continue;
            member.finish();
            int next = in.read();
            if (next < 0) {
                done = true;
                break;
            }
            in.unread(next);
            try {
                member = new Member(readHeader(false));
            } catch (EOFException e) {
                done = true;
                throw new EOFException("gzip member " + (members + 1) + " is cut short (" + TraceFile.message(e) + ")");
            } catch (IOException e) {
                done = true;
                throw new IOException("the bytes after gzip member " + members + " are not a whole gzip member ("
                        + TraceFile.message(e) + ")", e);
            }
            members++;
        }
        return -1;
    }

    /** Reads a member header (RFC 1952), leaving {@code in} at its compressed data. */
    private InputStream readHeader(boolean first) throws IOException {
        int id1 = readByte();
        int id2 = readByte();
        if (id1 != 0x1f || id2 != 0x8b) throw new ZipException(first ? "not in gzip format" : "not a gzip member header");
        if (readByte() != 8) throw new ZipException("unsupported compression method");
        int flags = readByte();
        for (int i = 0; i < 6; i++) readByte(); // mtime, xfl, os
        if ((flags & 4) != 0) { // FEXTRA
            int xlen = readByte() | (readByte() << 8);
            for (int i = 0; i < xlen; i++) readByte();
        }
        if ((flags & 8) != 0) while (readByte() != 0) { } // FNAME
        if ((flags & 16) != 0) while (readByte() != 0) { } // FCOMMENT
        if ((flags & 2) != 0) { // FHCRC
            readByte();
            readByte();
        }
        return in;
    }

    private int readByte() throws IOException {
        int c = in.read();
        if (c < 0) throw new EOFException("unexpected end of a gzip header");
        return c;
    }

    @Override
    public void close() throws IOException {
        member.end();
        in.close();
    }

    /** One member's deflate data; on its end gives the bytes read past it back to {@code in}. */
    private final class Member extends InflaterInputStream {
        private final CRC32 crc = new CRC32();
        private long size;

        Member(InputStream source) {
            super(source, new Inflater(true), BUFFER);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                crc.update(b, off, n);
                size += n;
            }
            return n;
        }

        /** After the deflate data ended: returns unread bytes to {@code in}, checks the trailer. */
        void finish() throws IOException {
            int remaining = inf.getRemaining();
            if (remaining > 0) GzipMembers.this.in.unread(buf, len - remaining, remaining);
            inf.end();
            long crcValue = readInt();
            long isize = readInt();
            if (crcValue != crc.getValue()) throw new ZipException("gzip member " + members + ": corrupt (CRC)");
            if (isize != (size & 0xffffffffL)) throw new ZipException("gzip member " + members + ": corrupt (size)");
        }

        void end() {
            inf.end();
        }

        private long readInt() throws IOException {
            long v = 0;
            for (int i = 0; i < 4; i++) v |= ((long) readByte()) << (8 * i);
            return v;
        }

        @Override
        public void close() {
            // the member does not own the file
        }
    }
}
