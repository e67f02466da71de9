package io.dioscope.record;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A loop-mounted scratch filesystem for the recording tests (as samples/capture/scratch-fs.sh makes
 * one): a sparse 512 MiB image in a temporary directory, a loop device, mkfs, a mount point. Closing
 * it unmounts, detaches the loop device and deletes the image, whatever the test did.
 */
public final class ScratchFilesystem implements AutoCloseable {
    public final Path mountPoint;
    public final String loop;
    private final Path image;
    private boolean mounted;

    private ScratchFilesystem(Path image, String loop, Path mountPoint) {
        this.image = image;
        this.loop = loop;
        this.mountPoint = mountPoint;
    }

    /** Makes and mounts one: {@code mkfs} is the command and its options before the device (mkfs.xfs -q -f). */
    public static ScratchFilesystem make(Path dir, String name, String... mkfs) throws IOException {
        return makeMounted(dir, name, null, mkfs);
    }

    /** ... mounted with {@code mountOptions} (mount -o), when not null. */
    public static ScratchFilesystem makeMounted(Path dir, String name, String mountOptions, String... mkfs) throws IOException {
        Path image = dir.resolve(name + ".img");
        Path mnt = Files.createDirectories(dir.resolve(name + "-mnt"));
        try (var f = new java.io.RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(512L << 20);
        }
        String loop = run("losetup", "-f", "--show", image.toString()).strip();
        ScratchFilesystem fs = new ScratchFilesystem(image, loop, mnt);
        try {
            List<String> cmd = new ArrayList<>(List.of(mkfs));
            cmd.add(loop);
            run(cmd.toArray(String[]::new));
            if (mountOptions == null) run("mount", loop, mnt.toString());
            else run("mount", "-o", mountOptions, loop, mnt.toString());
            fs.mounted = true;
        } catch (IOException | RuntimeException e) {
            fs.close();
            throw e;
        }
        return fs;
    }

    @Override
    public void close() throws IOException {
        try {
            if (mounted) run("umount", mountPoint.toString());
            mounted = false;
        } finally {
            run("losetup", "-d", loop);
            Files.deleteIfExists(image);
        }
    }

    /** Runs a command to its end; a non-zero exit is an IOException with what it printed. */
    public static String run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) throw new IOException(String.join(" ", command) + ": exit " + p.exitValue() + ": " + out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return out;
    }
}
