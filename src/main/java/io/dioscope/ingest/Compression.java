package io.dioscope.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
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
        if (this == BZIP2) return new StreamByStream(this, new BufferedInputStream(raw, 1 << 16));
        return new SmallReads(open(raw));
    }

    /** One gzip member or bzip2 stream, which leaves {@code in} (mark-supporting) just after its end. */
    private InputStream single(BufferedInputStream in) throws IOException {
        return this == GZIP ? new GzipCompressorInputStream(in, false) : new BZip2CompressorInputStream(in, false);
    }

    /**
     * Concatenated gzip members or bzip2 streams, read one after the other: each is read to its end
     * before the bytes after it are looked at, so that nothing decoded is lost when they turn out not to
     * be a whole member (a truncated second member, trailing garbage): that is a failure, reported after
     * every line before it.
     */
    private static final class StreamByStream extends InputStream {
        private final Compression kind;
        private final BufferedInputStream in;
        private InputStream current;
        private int streams = 1;

        StreamByStream(Compression kind, BufferedInputStream in) throws IOException {
            this.kind = kind;
            this.in = in;
            this.current = kind.single(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
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
                    current = kind.single(in);
                } catch (IOException e) {
                    throw new IOException("the bytes after " + kind.label() + " stream " + streams
                            + " are not a whole " + kind.label() + " stream (" + TraceFile.message(e) + ")", e);
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
            case NONE:
                return raw;
            case GZIP: // read by StreamByStream; this is what a single decompressor would be
                // concatenated members (pigz, cat a.gz b.gz) are read; unlike the JDK's GZIPInputStream,
                // which stops without a word at bytes after a member that are not a whole member (a
                // truncated second member, trailing garbage), this one fails there, so that the trace is
                // marked truncated. Its inflater is the JDK's (native zlib) too.
                return new GzipCompressorInputStream(new BufferedInputStream(raw, 1 << 16), true);
            case ZSTD:
                return new ZstdCompressorInputStream(new BufferedInputStream(raw, 1 << 16));
            case XZ:
                return new XZCompressorInputStream(new BufferedInputStream(raw, 1 << 16), true);
            case BZIP2:
                return new BZip2CompressorInputStream(new BufferedInputStream(raw, 1 << 16), true);
            case LZ4:
                return new FramedLZ4CompressorInputStream(new BufferedInputStream(raw, 1 << 16), true);
            default:
                throw new IllegalStateException(name());
        }
    }
}
