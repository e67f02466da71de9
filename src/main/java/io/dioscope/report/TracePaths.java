package io.dioscope.report;

import java.util.ArrayList;
import java.util.List;

/**
 * How a report names the traces of one analysis: by their path under the directory all of them share,
 * so a batch over {@code runs/} says {@code xfs/clean.trace.gz} and {@code ext4/clean.trace.gz}.
 */
public final class TracePaths {
    private final String root;

    private TracePaths(String root) {
        this.root = root;
    }

    public static TracePaths of(Analysis a) {
        List<String> paths = new ArrayList<>();
        for (TraceCoverage t : a.traces()) paths.add(t.path());
        for (Analysis.UnreadInput u : a.unreadInputs()) paths.add(u.path());
        return new TracePaths(commonRoot(paths));
    }

    /** The path under the common directory (the path itself when there is none). */
    public String name(String path) {
        return path.startsWith(root) && path.length() > root.length() ? path.substring(root.length()) : path;
    }

    /** The directory every path lies under ("" when they share none). */
    static String commonRoot(List<String> paths) {
        String root = null;
        for (String p : paths) {
            int slash = p.lastIndexOf('/');
            String dir = slash < 0 ? "" : p.substring(0, slash + 1);
            if (root == null) {
                root = dir;
            } else {
                int n = 0;
                while (n < Math.min(root.length(), dir.length()) && root.charAt(n) == dir.charAt(n)) n++;
                root = root.substring(0, root.lastIndexOf('/', n - 1) + 1);
            }
        }
        return root == null ? "" : root;
    }
}
