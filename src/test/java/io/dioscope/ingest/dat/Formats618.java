package io.dioscope.ingest.dat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The format files copied from a 6.18 kernel into {@code src/test/resources/dat/formats-6.18/SYSTEM/EVENT/format}. */
final class Formats618 {
    private Formats618() {}

    static Path root() {
        try {
            return Path.of(Formats618.class.getResource("/dat/formats-6.18").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every copied format, by "system/event". */
    static Map<String, EventFormat> all() {
        Map<String, EventFormat> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root())) {
            for (Path f : s.filter(p -> p.getFileName().toString().equals("format")).toList()) {
                String system = f.getParent().getParent().getFileName().toString();
                EventFormat e = EventFormat.parse(system, Files.readString(f));
                out.put(system + "/" + e.name(), e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static EventFormat get(String systemSlashEvent) {
        try {
            Path f = root().resolve(systemSlashEvent).resolve("format");
            return EventFormat.parse(f.getParent().getParent().getFileName().toString(), Files.readString(f));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every format of the 6.18 kernel ({@code dat/formats-6.18-all.txt.gz}: each file after a
     * {@code ### system/event} line), by "system/event".
     */
    static Map<String, EventFormat> bundle() {
        Map<String, EventFormat> out = new TreeMap<>();
        try (InputStream in = new java.util.zip.GZIPInputStream(Formats618.class.getResourceAsStream("/dat/formats-6.18-all.txt.gz"))) {
            String all = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            for (String part : all.split("(?m)^### ")) {
                if (part.isEmpty()) continue;
                int eol = part.indexOf('\n');
                String key = part.substring(0, eol);
                out.put(key, EventFormat.parse(key.substring(0, key.indexOf('/')), part.substring(eol + 1)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The excerpt of the 6.18 machine's /proc/kallsyms in {@code dat/kallsyms-6.18-excerpt.txt}. */
    static Kallsyms kallsymsExcerpt() {
        try (InputStream in = Formats618.class.getResourceAsStream("/dat/kallsyms-6.18-excerpt.txt")) {
            return Kallsyms.parse(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
