package io.dioscope.record;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The mount table ({@code /proc/self/mountinfo}): for each mount its device as the kernel numbers the
 * superblock ({@code s_dev}, field 3: what the filemap, iomap, xfs and ext4 events print; btrfs's is an
 * anonymous 0:N, not its block device's), its mount point, type, source and options.
 */
public final class Mounts {
    /** One line of mountinfo. */
    public record Mount(int major, int minor, Path mountPoint, String fsType, String source, String options,
            String superOptions) {
        /** The device as the events print it, "7:0". */
        public String dev() {
            return major + ":" + minor;
        }

        /** The dev_t as a tracepoint stores it ({@code MKDEV}: major << 20 | minor), what a filter compares. */
        public long kernelDev() {
            return ((long) major << 20) | minor;
        }

        /**
         * The backing device info (bdi) name writeback events print as {@code bdi 7:0:} for this mount:
         * the whole disk's device for a block filesystem (a partition shares its disk's bdi), btrfs's own
         * {@code btrfs-N}; null when it cannot be told (a network or virtual filesystem).
         */
        public String bdi() throws IOException {
            if (fsType.equals("btrfs")) return btrfsBdi();
            Path dev = Path.of("/sys/dev/block", dev());
            if (!Files.exists(dev)) return null;
            Path real = dev.toRealPath();
            Path bdi = real.resolve("bdi");
            if (!Files.exists(bdi) && Files.exists(real.resolve("partition"))) bdi = real.getParent().resolve("bdi");
            return Files.exists(bdi) ? bdi.toRealPath().getFileName().toString() : null;
        }

        /** btrfs names its bdi btrfs-N and links it from /sys/fs/btrfs/FSID/bdi; the FSID is the one listing this mount's source. */
        private String btrfsBdi() throws IOException {
            Path btrfs = Path.of("/sys/fs/btrfs");
            if (!Files.isDirectory(btrfs) || !source.startsWith("/dev/")) return null;
            String name = Path.of(source).toRealPath().getFileName().toString();
            try (Stream<Path> fss = Files.list(btrfs)) {
                for (Path fs : fss.toList()) {
                    if (Files.exists(fs.resolve("devices").resolve(name)) && Files.exists(fs.resolve("bdi"))) {
                        return fs.resolve("bdi").toRealPath().getFileName().toString();
                    }
                }
            }
            return null;
        }

        /** The block device's sysfs directory (/sys/devices/.../loop0), or null when the mount has none. */
        public Path blockDevice() throws IOException {
            Path dev = Path.of("/sys/dev/block", dev());
            if (Files.exists(dev)) return dev.toRealPath();
            if (source.startsWith("/dev/") && Files.exists(Path.of(source))) {
                String name = Path.of(source).toRealPath().getFileName().toString();
                Path cls = Path.of("/sys/class/block", name);
                if (Files.exists(cls)) return cls.toRealPath();
            }
            return null;
        }
    }

    private final List<Mount> mounts;

    private Mounts(List<Mount> mounts) {
        this.mounts = mounts;
    }

    public static Mounts read() throws IOException {
        return parse(Files.readAllLines(Path.of("/proc/self/mountinfo")));
    }

    /**
     * Parses mountinfo lines: "ID PARENT MAJ:MIN ROOT POINT OPTIONS [OPTIONAL...] - TYPE SOURCE SUPER".
     * Spaces, tabs, newlines and backslashes in paths are written as octal escapes (\040).
     */
    static Mounts parse(List<String> lines) {
        List<Mount> mounts = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split(" ");
            int dash = java.util.Arrays.asList(f).indexOf("-");
            if (dash < 6 || dash + 2 >= f.length) continue;
            String[] mm = f[2].split(":");
            mounts.add(new Mount(Integer.parseInt(mm[0]), Integer.parseInt(mm[1]), Path.of(unescape(f[4])), f[dash + 1],
                    unescape(f[dash + 2]), f[5], dash + 3 < f.length ? f[dash + 3] : ""));
        }
        return new Mounts(mounts);
    }

    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) return s;
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    public List<Mount> all() {
        return mounts;
    }

    /** The mount {@code path} lies on: the last-mounted one whose mount point is the longest prefix of its real path. */
    public Mount containing(Path path) throws IOException {
        Path real = path.toRealPath();
        Mount best = null;
        for (Mount m : mounts) {
            if (real.startsWith(m.mountPoint())
                    && (best == null || m.mountPoint().getNameCount() >= best.mountPoint().getNameCount())) {
                best = m;
            }
        }
        return best;
    }
}
