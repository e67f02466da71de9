package org.duckdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * dioscope's stand-in for the driver's JfrMemoryMonitor (src/main/java/org/duckdb) is the one in use,
 * and has every method the driver's own has, so that a DuckDB upgrade that changes them fails here
 * instead of failing a user's run with a NoSuchMethodError.
 */
class JfrMemoryMonitorStandInTest {
    @Test
    void theStandInIsTheOneInUseAndConnectionsWork() throws Exception {
        try (var c = DriverManager.getConnection("jdbc:duckdb:"); var st = c.createStatement(); var rs = st.executeQuery("SELECT 42")) {
            rs.next();
            assertEquals(42, rs.getInt(1));
        }
        URL ours = JfrMemoryMonitor.class.getProtectionDomain().getCodeSource().getLocation();
        assertNotEquals(driverJar(), ours, "the class comes from dioscope's classes, not the driver's jar");
    }

    @Test
    void theStandInHasTheMethodsOfTheDriversOwn() throws Exception {
        try (URLClassLoader driverOnly = new URLClassLoader(new URL[] {driverJar()}, ClassLoader.getPlatformClassLoader())) {
            Class<?> theirs = Class.forName("org.duckdb.JfrMemoryMonitor", false, driverOnly);
            Set<String> expected = staticMethods(theirs);
            assertTrue(expected.contains("init()"), "the driver still calls init(): " + expected);
            assertEquals(expected, staticMethods(JfrMemoryMonitor.class));
        }
    }

    private static URL driverJar() throws Exception {
        URL jar = DuckDBConnection.class.getProtectionDomain().getCodeSource().getLocation();
        assertTrue(Files.isRegularFile(Path.of(jar.toURI())), "the driver comes from its jar: " + jar);
        return jar;
    }

    /** The class's non-private static methods, as name(parameter types). */
    private static Set<String> staticMethods(Class<?> c) {
        return Arrays.stream(c.getDeclaredMethods())
                .filter(m -> Modifier.isStatic(m.getModifiers()) && !Modifier.isPrivate(m.getModifiers()) && !m.isSynthetic())
                .map(JfrMemoryMonitorStandInTest::signature)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String signature(Method m) {
        return m.getName() + Arrays.stream(m.getParameterTypes()).map(Class::getName).collect(Collectors.joining(",", "(", ")"));
    }
}
