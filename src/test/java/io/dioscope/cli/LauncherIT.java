package io.dioscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tarball {@code mvn package} builds, unpacked into an empty directory and run as a user would:
 * {@code bin/dioscope} finds Java, runs the jar with DuckDB's native library beside it, and says in
 * one line (exit 2) when Java is missing or too old or the library is not there. Failsafe runs it in
 * {@code mvn verify}, after package; without the tarball (surefire, {@code -Dtest=LauncherIT} before
 * package) it is skipped.
 */
class LauncherIT {
    @TempDir static Path unpacked;
    static Path home;
    static String version;

    record Run(int exitCode, String out, String err) {}

    static Path tarball;

    @BeforeAll
    static void unpack() throws Exception {
        tarball = tarball();
        if (tarball == null || !Files.isRegularFile(tarball)) return;
        Run tar = run(unpacked, Map.of(), "tar", "-xzf", tarball.toString());
        assertEquals(0, tar.exitCode, tar.toString());
        // every entry under one directory named like the tarball
        home = unpacked.resolve(tarball.getFileName().toString().replaceFirst("\\.tar\\.gz$", ""));
        assertTrue(Files.isDirectory(home), home.toString());
        Run list = run(unpacked, Map.of(), "tar", "-tzf", tarball.toString());
        assertTrue(list.out.lines().allMatch(entry -> entry.startsWith(home.getFileName() + "/")), list.out);
        version = home.getFileName().toString().replaceFirst("^dioscope-", "");
    }

    @BeforeEach
    void needsTheTarball() {
        // an assumption here, not in @BeforeAll, so that the reports say why each test was skipped
        assumeTrue(home != null, "no dioscope tarball (" + tarball + "): run mvn package (or mvn verify) first");
    }

    private static Path tarball() throws IOException {
        String given = System.getProperty("dioscope.tarball");
        if (given != null) return Path.of(given);
        Path target = Path.of("target");
        if (!Files.isDirectory(target)) return null;
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().matches("dioscope-.*\\.tar\\.gz")).findFirst().orElse(null);
        }
    }

    /** bin/dioscope with the Java running this test as JAVA_HOME, from the unpacked directory. */
    private static Run dioscope(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/dioscope").toString()));
        command.addAll(List.of(args));
        Map<String, String> withJava = new java.util.HashMap<>(Map.of("JAVA_HOME", System.getProperty("java.home")));
        withJava.putAll(env);
        return run(home, withJava, command.toArray(String[]::new));
    }

    private static Run run(Path dir, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().remove("DIOSCOPE_DEBUG");
        pb.environment().remove("DIOSCOPE_JAVA_OPTS");
        pb.environment().remove("JAVA_HOME");
        pb.environment().remove("DIOSCOPE_CDS");
        // the launcher's class-data archives go here, not to the home directory of whoever runs the tests
        pb.environment().put("XDG_CACHE_HOME", unpacked.resolve("cache").toString());
        env.forEach((k, v) -> {
            if (v == null) pb.environment().remove(k);
            else pb.environment().put(k, v);
        });
        Path out = Files.createTempFile(unpacked, "out", ".txt");
        Path err = Files.createTempFile(unpacked, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        int code = pb.start().waitFor();
        return new Run(code, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static void assertOneLine(Run r, String contains) {
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.startsWith("dioscope: ") && r.err.indexOf('\n') == r.err.length() - 1, "one line on stderr: " + r);
        assertTrue(r.err.contains(contains), r.err);
    }

    /**
     * bench --report-only times report against analyze on the sample, the trace and each --report-trace,
     * and its last line counts the inputs within the target, as the lines above it say.
     */
    @Test
    void benchTimesTheReportOnEveryTraceItIsGivenAndCountsThoseWithinTheTarget() throws Exception {
        String trace = Path.of("src/test/resources/corpus/xfs-read-overlap.trace.gz").toAbsolutePath().toString();
        String more = Path.of("src/test/resources/captured/xfs-hostile-names.trace.gz").toAbsolutePath().toString();
        Run r = dioscope(Map.of(), "bench", "--trace", trace, "--report-only", "--report-trace", more);
        assertEquals(0, r.exitCode, r.toString());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("report vs analyze: (\\S+): report ([0-9.]+) s, "
                + "analyze ([0-9.]+) s: [0-9.]+x \\(target <= 1.5x(, report < 2 s)?\\): (within|OVER)\n").matcher(r.out);
        List<String> inputs = new ArrayList<>();
        int within = 0;
        while (m.find()) {
            inputs.add(m.group(1));
            if (m.group(5).equals("within")) within++;
        }
        assertEquals(List.of("samples/xfs-mmap-overlap.trace", trace, more), inputs, r.out);
        assertTrue(r.out.contains("report vs analyze: within the target on " + within + " of 3 input(s)\n"), r.out);
    }

    @Test
    void theTarballHoldsTheToolItsSqlSamplesAndReadme() {
        for (String f : List.of("bin/dioscope", "lib/dioscope.jar", "lib/libduckdb_java.so_linux_amd64", "queries/schema.sql",
                "queries/rules/README.md", "samples/xfs-mmap-overlap.trace", "README.md")) {
            assertTrue(Files.isRegularFile(home.resolve(f)), f);
        }
        assertTrue(Files.isExecutable(home.resolve("bin/dioscope")));
    }

    @Test
    void analyzeASampleReportsItsCriticalRacesWithExit1() throws Exception {
        Run r = dioscope(Map.of(), "analyze", "samples/xfs-mmap-overlap.trace");
        assertEquals(1, r.exitCode, r.toString());
        assertTrue(r.out.contains("#1 CRITICAL mmap-fault-during-dio-write"), r.out);
        assertTrue(r.out.contains("Verdict: FINDINGS (exit 1): 9 finding(s) at or above critical."), r.out);
        assertEquals("", r.err);
    }

    /**
     * {@code dioscope fleet} (issue 17) from the tarball: without Spark one line and exit 2; with
     * SPARK_HOME (the build's copy of Spark's jars, target/spark-home) the samples analysed in Spark's
     * local mode, their verdicts under OUT.
     */
    @Test
    void fleetRunsOnTheSparkOfSparkHome(@TempDir Path dir) throws Exception {
        Path sparkHome = Path.of("target/spark-home").toAbsolutePath();
        assumeTrue(Files.isDirectory(sparkHome.resolve("jars")), "no " + sparkHome + " (a build with -DskipFleet)");
        Run none = dioscope(Map.of(), "fleet", "--out", dir.resolve("none").toString(), "samples/");
        assertOneLine(none, "dioscope: fleet needs Apache Spark 4.0 on the class path: set SPARK_HOME");
        Path out = dir.resolve("out");
        Run r = dioscope(Map.of("SPARK_HOME", sparkHome.toString()), "fleet", "--master", "local[2]", "--out",
                out.toString(), "--run", "nightly", "samples/");
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.out.matches("(?s).*findings +exit 1 +\\S*samples/xfs-mmap-overlap\\.trace +\\(33 finding\\(s\\).*"), r.out);
        try (Stream<Path> verdicts = Files.list(out.resolve("verdicts/run=nightly"))) {
            assertEquals(4, verdicts.count(), "one partition per sample trace");
        }
    }

    @Test
    void rulesListsEveryRuleFileOfTheTarball() throws Exception {
        Run r = dioscope(Map.of(), "rules");
        assertEquals(0, r.exitCode, r.toString());
        try (Stream<Path> rules = Files.list(home.resolve("queries/rules"))) {
            List<String> ids = rules.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql"))
                    .map(n -> n.substring(0, n.length() - 4)).toList();
            assertEquals(12, ids.size(), ids.toString());
            for (String id : ids) assertTrue(r.out.contains(id), id + " in\n" + r.out);
        }
    }

    @Test
    void aSymbolicLinkToTheLauncherRunsIt() throws Exception {
        Path elsewhere = Files.createTempDirectory(unpacked, "on-path");
        Path link = Files.createSymbolicLink(elsewhere.resolve("dioscope"), home.resolve("bin/dioscope"));
        Run r = run(elsewhere, Map.of("JAVA_HOME", System.getProperty("java.home")), link.toString(), "--version");
        assertEquals(0, r.exitCode, r.toString());
        assertEquals("dioscope " + version + "\n", r.out);
    }

    /**
     * Class data sharing (the launcher's comment): the first analyze writes the archive, the next maps its
     * classes, and an archive the JVM cannot use (here: overwritten) changes nothing a user sees, in the JSON on
     * standard output least of all.
     */
    @Test
    void theFirstAnalyzeWritesAClassArchiveLaterRunsMapAndADamagedOneIsIgnoredSilently(@TempDir Path cache) throws Exception {
        Map<String, String> env = Map.of("XDG_CACHE_HOME", cache.toString());
        Run first = dioscope(env, "analyze", "--format", "json", "samples/xfs-mmap-overlap.trace");
        assertEquals(1, first.exitCode, first.toString());
        List<Path> archives = archives(cache);
        assertEquals(1, archives.size(), archives.toString());
        assertTrue(archives.get(0).getFileName().toString().matches("classes-\\d+-analyze\\.jsa"), archives.toString());

        Path classes = cache.resolve("classes.log");
        Run second = dioscope(Map.of("XDG_CACHE_HOME", cache.toString(), "DIOSCOPE_JAVA_OPTS",
                "-Xlog:class+load=info:file=" + classes), "analyze", "--format", "json", "samples/xfs-mmap-overlap.trace");
        assertEquals(1, second.exitCode, second.toString());
        assertEquals(findings(first.out), findings(second.out));
        assertTrue(Files.readString(classes).contains("io.dioscope.cli.AnalyzeCommand source: shared objects file (top)"),
                "AnalyzeCommand mapped from the archive");

        assertTrue(archives.get(0).toFile().setWritable(true), "the JVM writes its archive read-only");
        Files.write(archives.get(0), new byte[] {1, 2, 3});
        Run damaged = dioscope(env, "analyze", "--format", "json", "samples/xfs-mmap-overlap.trace");
        assertEquals(1, damaged.exitCode, damaged.toString());
        assertEquals(findings(first.out), findings(damaged.out));
        assertEquals(first.err.lines().filter(l -> !l.contains(" events/s")).toList(),
                damaged.err.lines().filter(l -> !l.contains(" events/s")).toList());
    }

    /**
     * The compiler the launcher picks (its comment): C1 only where every file of a run adds up to 128 MB
     * of trace text at most, a compressed file or a trace.dat counting 20 times its size (the output
     * directory not counted): C1 for the samples, the 3.7 MB trace.dat and the 5.1 MB gzip of the corpus
     * fio trace; C2 for 129 MB of text, 7 MB of gzip, two files that add up to more, and a directory;
     * DIOSCOPE_JAVA_OPTS decides last.
     */
    @Test
    void aSmallRunStopsAtC1AndALargeOneDoesNot(@TempDir Path dir) throws Exception {
        Path out = Files.createDirectories(dir.resolve("existing-report"));
        assertEquals("1", tieredStopAtLevel(Map.of(), "report", "samples/xfs-mmap-overlap.trace", "-o", out.toString()));
        assertEquals("1", tieredStopAtLevel(Map.of(), "analyze", "--format=json", "samples/ext4-punch-overlap.trace"));
        assertEquals("1", tieredStopAtLevel(Map.of(), "analyze", "samples/xfs-fio-mixed.dat"));
        assertEquals("1", tieredStopAtLevel(Map.of(), "report",
                Path.of("src/test/resources/corpus/fio/xfs-fio-mixed.trace.gz").toAbsolutePath().toString(), "-o", out.toString()));
        // only the size counts: sparse files of that size stand for the large traces
        Path text = sparse(dir.resolve("large.trace"), 129L << 20);
        Path gzip = sparse(dir.resolve("large.trace.gz"), 7L << 20);
        Path half = sparse(dir.resolve("half.trace"), 70L << 20);
        Path halfDb = sparse(dir.resolve("half.duckdb"), 70L << 20);
        assertEquals("4", tieredStopAtLevel(Map.of(), "analyze", text.toString()));
        assertEquals("4", tieredStopAtLevel(Map.of(), "analyze", gzip.toString()));
        assertEquals("4", tieredStopAtLevel(Map.of(), "analyze", half.toString(), "--db=" + halfDb));
        assertEquals("4", tieredStopAtLevel(Map.of(), "analyze", "samples/"));
        assertEquals("4", tieredStopAtLevel(Map.of(), "rules"));
        assertEquals("4", tieredStopAtLevel(Map.of("DIOSCOPE_JAVA_OPTS", "-XX:TieredStopAtLevel=4"), "analyze",
                "samples/xfs-mmap-overlap.trace"));
    }

    /**
     * The heap is in transparent huge pages when the kernel gives them on request (its madvise mode), and
     * not asked for otherwise (where the kernel has none, the JVM would say so on stdout), nor by a small
     * report (its serial collector; the launcher's comment says why); DIOSCOPE_JAVA_OPTS decides last.
     */
    @Test
    void theHeapAsksForHugePagesWhereTheKernelGivesThemOnRequest(@TempDir Path dir) throws Exception {
        String mode = "";
        try {
            mode = Files.readString(Path.of("/sys/kernel/mm/transparent_hugepage/enabled"));
        } catch (java.io.IOException e) {
            // no transparent huge pages in this kernel
        }
        String expected = mode.contains("[madvise]") ? "true" : "false";
        assertEquals(expected, flag("UseTransparentHugePages", Map.of(), "analyze", "samples/xfs-mmap-overlap.trace"));
        assertEquals(expected, flag("UseTransparentHugePages", Map.of(), "rules"));
        assertEquals("false", flag("UseTransparentHugePages", Map.of("DIOSCOPE_JAVA_OPTS", "-XX:-UseTransparentHugePages"),
                "analyze", "samples/xfs-mmap-overlap.trace"));
        Path out = Files.createDirectories(dir.resolve("existing-report"));
        assertEquals("false", flag("UseTransparentHugePages", Map.of(), "report", "samples/xfs-mmap-overlap.trace", "-o",
                out.toString()));
        Path text = sparse(dir.resolve("large.trace"), 129L << 20);
        assertEquals(expected, flag("UseTransparentHugePages", Map.of(), "report", text.toString(), "-o", out.toString()));
    }

    /**
     * A small report runs with the serial collector (the launcher's comment says why), a large one and
     * every other command with the JVM's default; DIOSCOPE_JAVA_OPTS decides last.
     */
    @Test
    void aSmallReportRunsWithTheSerialCollector(@TempDir Path dir) throws Exception {
        Path out = Files.createDirectories(dir.resolve("existing-report"));
        assertEquals("true", flag("UseSerialGC", Map.of(), "report", "samples/xfs-mmap-overlap.trace", "-o", out.toString()));
        assertEquals("false", flag("UseSerialGC", Map.of(), "analyze", "samples/xfs-mmap-overlap.trace"));
        Path text = sparse(dir.resolve("large.trace"), 129L << 20);
        assertEquals("false", flag("UseSerialGC", Map.of(), "report", text.toString(), "-o", out.toString()));
        assertEquals("true", flag("UseG1GC", Map.of("DIOSCOPE_JAVA_OPTS", "-XX:-UseSerialGC -XX:+UseG1GC"), "report",
                "samples/xfs-mmap-overlap.trace", "-o", out.toString()));
    }

    /**
     * On one or two processors a small run's C1 gets one compiler thread (the launcher's comment says why); a
     * large run, or a machine of more processors, the JVM's count; DIOSCOPE_JAVA_OPTS decides last.
     */
    @Test
    void aSmallRunOnTwoProcessorsCompilesOnOneThread(@TempDir Path dir) throws Exception {
        Process nproc = new ProcessBuilder("nproc").start();
        boolean few = Integer.parseInt(new String(nproc.getInputStream().readAllBytes()).strip()) <= 2;
        String small = flag("CICompilerCount", Map.of(), "analyze", "samples/xfs-mmap-overlap.trace");
        if (few) {
            assertEquals("1", small);
        } else {
            assertNotEquals("1", small);
        }
        Path text = sparse(dir.resolve("large.trace"), 129L << 20);
        assertNotEquals("1", flag("CICompilerCount", Map.of(), "analyze", text.toString()));
        assertEquals("2", flag("CICompilerCount", Map.of("DIOSCOPE_JAVA_OPTS", "-XX:CICompilerCount=2"), "analyze",
                "samples/xfs-mmap-overlap.trace"));
    }

    /**
     * A small report's C1 inlines less deeply (the launcher's comment says why); analyze, and a report of more
     * than 64 MB of trace text, as the JVM does; DIOSCOPE_JAVA_OPTS decides last.
     */
    @Test
    void aSmallReportInlinesLess(@TempDir Path dir) throws Exception {
        Path out = Files.createDirectories(dir.resolve("existing-report"));
        assertEquals("20", flag("C1MaxInlineSize", Map.of(), "report", "samples/xfs-mmap-overlap.trace", "-o", out.toString()));
        assertEquals("5", flag("C1InlineStackLimit", Map.of(), "report", "samples/xfs-mmap-overlap.trace", "-o", out.toString()));
        assertEquals("35", flag("C1MaxInlineSize", Map.of(), "analyze", "samples/xfs-mmap-overlap.trace"));
        Path text = sparse(dir.resolve("mid.trace"), 65L << 20);
        assertEquals("1", tieredStopAtLevel(Map.of(), "report", text.toString(), "-o", out.toString()), "still small for C1");
        assertEquals("35", flag("C1MaxInlineSize", Map.of(), "report", text.toString(), "-o", out.toString()));
        assertEquals("35", flag("C1MaxInlineSize", Map.of("DIOSCOPE_JAVA_OPTS", "-XX:C1MaxInlineSize=35"), "report",
                "samples/xfs-mmap-overlap.trace", "-o", out.toString()));
    }

    private static Path sparse(Path file, long bytes) throws Exception {
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(bytes);
        }
        return file;
    }

    /** The JVM's TieredStopAtLevel in a run of the launcher. */
    private static String tieredStopAtLevel(Map<String, String> env, String... args) throws Exception {
        return flag("TieredStopAtLevel", env, args);
    }

    /** A JVM flag's value in a run of the launcher (-XX:+PrintFlagsFinal prints it first on stdout). */
    private static String flag(String name, Map<String, String> env, String... args) throws Exception {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("DIOSCOPE_JAVA_OPTS", (env.getOrDefault("DIOSCOPE_JAVA_OPTS", "") + " -XX:+PrintFlagsFinal").strip());
        Run r = dioscope(all, args);
        return r.out.lines().filter(l -> l.matches("\\s*\\w+ " + name + "\\s+=.*")).findFirst()
                .map(l -> l.replaceAll(".*=\\s*(\\S+).*", "$1")).orElse("not printed: " + r);
    }

    /** Writing an archive keeps that command's three newest: other builds' archives do not pile up in the cache. */
    @Test
    void aNewArchiveLeavesTheThreeNewestOfItsCommand(@TempDir Path cache) throws Exception {
        Path dir = Files.createDirectories(cache.resolve("dioscope"));
        long hourAgo = System.currentTimeMillis() - 3_600_000;
        for (int i = 1; i <= 4; i++) {
            Path old = Files.write(dir.resolve("classes-" + i + "-analyze.jsa"), new byte[] {1});
            Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.fromMillis(hourAgo + i * 60_000L));
        }
        Path report = Files.write(dir.resolve("classes-1-report.jsa"), new byte[] {1});
        Files.setLastModifiedTime(report, java.nio.file.attribute.FileTime.fromMillis(hourAgo));
        Run r = dioscope(Map.of("XDG_CACHE_HOME", cache.toString()), "analyze", "samples/xfs-mmap-overlap.trace");
        assertEquals(1, r.exitCode, r.toString());
        List<String> names = archives(cache).stream().map(p -> p.getFileName().toString()).sorted().toList();
        assertEquals(4, names.size(), names.toString()); // three of analyze, report's untouched
        assertTrue(names.containsAll(List.of("classes-3-analyze.jsa", "classes-4-analyze.jsa", "classes-1-report.jsa")), names.toString());
        assertEquals(1, names.stream().filter(n -> n.matches("classes-\\d{5,}-analyze\\.jsa")).count(), names.toString());
    }

    @Test
    void dioscopeCdsOffNeitherWritesNorMapsAnArchive(@TempDir Path cache) throws Exception {
        Run r = dioscope(Map.of("XDG_CACHE_HOME", cache.toString(), "DIOSCOPE_CDS", "off"), "analyze", "samples/xfs-mmap-overlap.trace");
        assertEquals(1, r.exitCode, r.toString());
        assertEquals(List.of(), archives(cache));
    }

    private static List<Path> archives(Path cache) throws IOException {
        Path dir = cache.resolve("dioscope");
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    /** The findings of analyze's JSON, without what differs from run to run (timings). */
    private static String findings(String json) throws IOException {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).path("findings").toString();
    }

    @Test
    void dioscopeJavaOptsReachTheJvmSplitOnBlanks() throws Exception {
        Run r = dioscope(Map.of("DIOSCOPE_JAVA_OPTS", "-XshowSettings:properties -Ddioscope.test.opt=*"), "--version");
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.err.contains("dioscope.test.opt = *"), r.err);
    }

    @Test
    void withoutJavaItSaysSoInOneLine(@TempDir Path emptyPath) throws Exception {
        Run r = run(home, Map.of("PATH", emptyPath.toString()), home.resolve("bin/dioscope").toString(), "rules");
        assertOneLine(r, "no java on PATH and JAVA_HOME is not set");
    }

    @Test
    void anOldJavaIsRefusedInOneLine(@TempDir Path fakeHome) throws Exception {
        for (String versionLine : List.of("openjdk version \"11.0.22\" 2024-01-16", "java version \"1.8.0_392\"")) {
            Path java = fakeHome.resolve("bin/java");
            Files.createDirectories(java.getParent());
            Files.writeString(java, "#!/bin/sh\necho '" + versionLine + "' >&2\nexit 0\n");
            assertTrue(java.toFile().setExecutable(true));
            Run r = dioscope(Map.of("JAVA_HOME", fakeHome.toString()), "rules");
            assertOneLine(r, "dioscope needs Java 17 or later");
        }
        // an installation's release file is read instead of starting a JVM to ask it
        Files.writeString(fakeHome.resolve("bin/java"), "#!/bin/sh\necho 'openjdk version \"21\"' >&2\nexit 0\n");
        Files.writeString(fakeHome.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"11.0.22\"\n");
        Run r = dioscope(Map.of("JAVA_HOME", fakeHome.toString()), "rules");
        assertOneLine(r, "is Java 11.0.22; dioscope needs Java 17 or later");
    }

    @Test
    void theJarAloneWithoutItsNativeLibraryIsOneLineAndExit2(@TempDir Path alone) throws Exception {
        Path jar = Files.copy(home.resolve("lib/dioscope.jar"), alone.resolve("dioscope.jar"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Run r = run(home, Map.of(), java.toString(), "-jar", jar.toString(), "analyze", "samples/xfs-mmap-overlap.trace");
        assertOneLine(r, "DuckDB's native library libduckdb_java.so_");
        assertTrue(r.err.contains("is not beside the jar (" + alone.toRealPath()), r.err);
    }
}
