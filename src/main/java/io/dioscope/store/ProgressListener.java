package io.dioscope.store;

/** Told how far a load has got, in bytes of the input file. */
public interface ProgressListener {
    ProgressListener NONE = new ProgressListener() {
        @Override
        public void start(String name, long totalBytes) {}

        @Override
        public void advance(long bytes) {}

        @Override
        public void finish() {}
    };

    void start(String name, long totalBytes);

    void advance(long bytes);

    void finish();
}
