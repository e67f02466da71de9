package io.dioscope.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/**
 * Compression of a trace file, recognised by its magic bytes rather than its name (peeked from the
 * stream: nothing seeks, so a pipe works). Every decompressor reads concatenated streams and fails on
 * bytes after the last one that are not a whole stream: that failure marks the trace truncated.
 */
public enum Compression {
    NONE(new int[0]),
    GZIP(new int[] {0x1f, 0x8b}),
    ZSTD(new int[] {0x28, 0xb5, 0x2f, 0xfd}),
    XZ(new int[] {0xfd, '7', 'z', 'X', 'Z', 0x00}),
    BZIP2(new int[] {'B', 'Z', 'h'}),
    LZ4(new int[] {0x04, 0x22, 0x4d, 0x18});

    private final int[] magic;

    Compression(int[] magic) {
        this.magic = magic;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Compression detect(byte[] head, int length) {
        for (Compression c : values()) {
            if (c == NONE || length < c.magic.length) continue;
            boolean match = true;
            for (int i = 0; i < c.magic.length && match; i++) match = (head[i] & 0xff) == c.magic[i];
            if (match) return c;
        }
        return NONE;
    }

    /**
     * Text bytes asked of a decompressor at a time. commons-compress decompressors fill the whole buffer
     * they are given and, when the input breaks off or has garbage after a stream, throw away what they
     * decoded in that call: asking for little at a time bounds what is lost before the point of failure.
     */
    static final int READ_CHUNK = 4 * 1024;

    InputStream decompress(InputStream raw) throws IOException {
        if (this == NONE) return raw;
        if (this == GZIP) return new GzipMembers(raw);
        if (this == BZIP2) return new Bzip2Streams(new BufferedInputStream(raw, 1 << 16));
        return new SmallReads(open(raw));
    }

    /**
     * Concatenated bzip2 streams (gzip members: GzipMembers), read one after the other: each is read to its end
     * before the bytes after it are looked at, so that nothing decoded is lost when they turn out not to
     * be a whole member (a truncated second member, trailing garbage): that is a failure, reported after
     * every line before it.
     */
    private static final class Bzip2Streams extends ChunkInputStream {
        private final BufferedInputStream in;
        private InputStream current;
        private int streams = 1;

        Bzip2Streams(BufferedInputStream in) throws IOException {
            this.in = in;
            this.current = new BZip2CompressorInputStream(in, false); // stops just after its own end
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            while (true) {
                int n = current.read(b, off, Math.min(len, READ_CHUNK));
                if (n != -1) return n;
                in.mark(1);
                if (in.read() < 0) return -1;
                in.reset();
                try {
                    current = new BZip2CompressorInputStream(in, false);
                } catch (IOException e) {
                    throw new IOException("the bytes after bzip2 stream " + streams
                            + " are not a whole bzip2 stream (" + TraceFile.message(e) + ")", e);
                }
                streams++;
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private static final class SmallReads extends java.io.FilterInputStream {
        SmallReads(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, Math.min(len, READ_CHUNK));
        }

        @Override
        public int available() {
            return 0;
        }
    }

    private InputStream open(InputStream raw) throws IOException {
        switch (this) {
            case ZSTD:
                return new ZstdCompressorInputStream(new BufferedInputStream(raw, 1 << 16));
            case XZ:
                return new XZCompressorInputStream(new BufferedInputStream(raw, 1 << 16), true);
            case LZ4:
                return new FramedLZ4CompressorInputStream(new BufferedInputStream(raw, 1 << 16), true);
            default: // none, gzip (GzipMembers) and bzip2 (Bzip2Streams) are read by decompress()
                throw new IllegalStateException(name());
        }
    }
}
