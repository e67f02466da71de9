package io.dioscope.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dioscope.store.Database;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Connections handed to the charts' threads have the model's macros, whether opened ahead or on demand. */
class ConnectionsTest {
    @Test
    void openedAheadAndOnDemandAlikeHaveTheMacros() throws Exception {
        try (Database db = Database.open(null); Connections connections = new Connections(db)) {
            connections.openAhead(2);
            // more than were opened ahead: the rest are opened on demand, whether or not the thread is done
            List<Connection> taken = new ArrayList<>();
            for (int i = 0; i < 4; i++) taken.add(connections.take());
            for (Connection c : taken) {
                assertEquals(Long.MAX_VALUE, never(c), "never() is one of 00_macros.sql's");
                c.close();
            }
        }
    }

    @Test
    void closingClosesWhatWasNotTaken() throws Exception {
        try (Database db = Database.open(null)) {
            Connections connections = new Connections(db);
            connections.openAhead(3);
            // wait for the thread, so that the connections it opened are there to be taken and closed
            for (int i = 0; i < 500 && aheadAlive(); i++) Thread.sleep(10);
            Connection first = connections.take();
            assertEquals(Long.MAX_VALUE, never(first));
            first.close();
            List<Connection> left = connections.readyForTest();
            assertEquals(2, left.size(), "three opened ahead, one of them taken");
            connections.close();
            for (Connection c : left) assertTrue(c.isClosed(), "a connection opened ahead and not taken is closed");
            assertTrue(connections.readyForTest().isEmpty());
        }
    }

    private static boolean aheadAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("dioscope-connections"));
    }

    private static long never(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT never()")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
