package io.dioscope.store;

import java.sql.Connection;

/**
 * One input of a batch load: the trace id it gets (the batch's first free id plus its position, so
 * {@code trace N} is the same input however many loads run at once), the connection its transaction
 * runs on (each parallel load has its own), and its place in the batch's commit order.
 */
public record LoadSlot(int traceId, Connection connection, LoadTurns turns, int index) {
    void awaitTurn() throws java.sql.SQLException {
        try {
            turns.await(index);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.sql.SQLException("interrupted while waiting for the loads before it", e);
        }
    }
}
