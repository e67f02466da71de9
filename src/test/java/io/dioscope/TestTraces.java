package io.dioscope;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** The real traces under src/test/resources (see its README): paths and their lines. */
public final class TestTraces {
    private TestTraces() {}

    /** A test resource, e.g. {@code corpus/xfs-mmap-overlap.trace.gz}. */
    public static Path path(String resource) {
        URL url = TestTraces.class.getClassLoader().getResource(resource);
        if (url == null) throw new IllegalArgumentException("no test resource " + resource);
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The lines of a (possibly gzipped) test trace. */
    public static List<String> lines(String resource) {
        Path p = path(resource);
        try (InputStream raw = Files.newInputStream(p);
                InputStream in = resource.endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
            if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) lines.remove(lines.size() - 1);
            return lines;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Line {@code number} (from 1) of a test trace: tests quote real lines, never invented ones. */
    public static String line(String resource, int number) {
        return lines(resource).get(number - 1);
    }

    /** The first line of a test trace containing {@code text}. */
    public static String firstLineWith(String resource, String text) {
        for (String l : lines(resource)) {
            if (l.contains(text)) return l;
        }
        throw new IllegalArgumentException(resource + " has no line with " + text);
    }
}
