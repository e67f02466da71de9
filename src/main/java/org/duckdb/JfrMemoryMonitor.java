package org.duckdb;

/**
 * dioscope's stand-in for the DuckDB driver's class of this name, which the build leaves out of
 * dioscope's jars (pom.xml, the shade plugin's filters; on the test class path this one comes first).
 *
 * <p>The driver's own registers a Java Flight Recorder periodic event ({@code duckdb.MemoryUsage}) at
 * the first connection, whether or not any connection asks to be monitored (its
 * {@code jdbc_jfr_memory_monitor} property, which dioscope never sets). Registering it starts JFR's
 * metadata and instruments the event class: 0.1 to 0.2 s of CPU at every start, a tenth of a small
 * {@code analyze}, for an event that would never report anything. This one does nothing; its methods
 * are the ones the driver calls ({@code JfrMemoryMonitorStandInTest} checks them against the driver's
 * class, so that an upgrade that changes them fails the build rather than a user's run).
 */
final class JfrMemoryMonitor {
    private JfrMemoryMonitor() {}

    static void init() {}

    static void connectionOpened(DuckDBConnection connection) {}

    static void connectionClosed(long instance) {}
}
