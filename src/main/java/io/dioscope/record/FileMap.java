package io.dioscope.record;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The inode-to-path map of a traced filesystem, walked after the command ran: the events name files
 * only by device and inode, so this is what lets a finding say which file. The walk stays on the
 * mount's filesystem (a directory that is another mount's mount point is not walked into; not st_dev:
 * btrfs gives each subvolume an anonymous st_dev of its own, none of them the superblock's device the
 * events print) and stops after
 * {@link #LIMIT} files in all; a file the command deleted before it ended is not in it.
 */
public final class FileMap {
    /** Enough for a scratch filesystem of a test run; a root filesystem would go beyond it. */
    public static final int LIMIT = 200_000;

    /** One file: its device ("7:0"), inode and absolute path. */
    public record File(String dev, long ino, String path) {}

    private final List<File> files = new ArrayList<>();
    private boolean truncated;

    public List<File> files() {
        return files;
    }

    /** Whether the walk stopped at {@link #LIMIT}. */
    public boolean truncated() {
        return truncated;
    }

    /**
     * Adds the files of the mount at {@code mountPoint}, whose superblock is {@code dev} (the events'
     * major:minor); {@code otherMounts}: every mount point of the machine, those under it are skipped.
     */
    public void walk(Path mountPoint, String dev, java.util.Set<Path> otherMounts) throws IOException {
        Files.walkFileTree(mountPoint, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(mountPoint) && otherMounts.contains(dir)) return FileVisitResult.SKIP_SUBTREE;
                return add(dir) ? FileVisitResult.CONTINUE : FileVisitResult.TERMINATE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                return add(file) ? FileVisitResult.CONTINUE : FileVisitResult.TERMINATE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // deleted while walking, or unreadable: not mapped
            }

            private boolean add(Path p) throws IOException {
                if (files.size() >= LIMIT) {
                    truncated = true;
                    return false;
                }
                files.add(new File(dev, ((Number) Files.getAttribute(p, "unix:ino", java.nio.file.LinkOption.NOFOLLOW_LINKS)).longValue(),
                        p.toAbsolutePath().toString()));
                return true;
            }
        });
    }
}
