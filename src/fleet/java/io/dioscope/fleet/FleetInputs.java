package io.dioscope.fleet;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The traces a fleet run analyses, listed on the driver through Hadoop's FileSystem (local paths, NFS,
 * {@code hdfs://}, {@code s3a://}: whatever the cluster's configuration reads): a file; every file under
 * a directory, recursively, whose name matches the glob; or a path glob ({@code /runs/2026-11-*}). A
 * name that matches nothing is still an input: its task reports it as unreadable, so the run's tables
 * say it was missing. Largest first, so that the longest tasks start first and the small ones fill in.
 */
final class FleetInputs {
    /** A trace and its size (0 when unknown). */
    record Input(String path, long bytes) {}

    private FleetInputs() {}

    static List<Input> list(List<String> args, String glob, Configuration conf) throws IOException {
        PathMatcher names = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        List<Input> out = new ArrayList<>();
        for (String arg : args) {
            Path p = new Path(arg);
            FileSystem fs = p.getFileSystem(conf);
            FileStatus[] matched = fs.globStatus(p);
            if (matched == null || matched.length == 0) {
                out.add(new Input(arg, 0));
                continue;
            }
            for (FileStatus s : matched) {
                if (!s.isDirectory()) {
                    out.add(new Input(name(s.getPath()), s.getLen()));
                    continue;
                }
                RemoteIterator<LocatedFileStatus> files = fs.listFiles(s.getPath(), true);
                while (files.hasNext()) {
                    LocatedFileStatus f = files.next();
                    if (names.matches(java.nio.file.Path.of(f.getPath().getName()))) {
                        out.add(new Input(name(f.getPath()), f.getLen()));
                    }
                }
            }
        }
        out.sort(Comparator.comparingLong(Input::bytes).reversed().thenComparing(Input::path));
        return out;
    }

    /** A local file by its plain path, as `dioscope analyze` names it; anything else by its URI. */
    private static String name(Path p) {
        String scheme = p.toUri().getScheme();
        return scheme == null || scheme.equals("file") ? Path.getPathWithoutSchemeAndAuthority(p).toString() : p.toString();
    }
}
