package io.dioscope.store;

import io.dioscope.ingest.ExtentMap;
import io.dioscope.ingest.TraceInputException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * Puts extent maps ({@code --extents FILE}) into the {@code extents} table, where the model joins block
 * requests to files. A file given again replaces its earlier rows: a map is a snapshot, the newer one wins.
 */
public final class ExtentLoader {
    private ExtentLoader() {}

    /** Loads each file; returns the extents loaded. Nothing is loaded when one file cannot be read. */
    public static long load(Database database, List<Path> files) throws TraceInputException, SQLException {
        if (files == null || files.isEmpty()) return 0;
        long n = 0;
        List<List<ExtentMap.Extent>> maps = new java.util.ArrayList<>();
        for (Path f : files) maps.add(ExtentMap.read(f));
        try (PreparedStatement del = database.connection().prepareStatement("DELETE FROM extents WHERE source = ?");
                PreparedStatement ins = database.connection().prepareStatement(
                        "INSERT INTO extents (source, line, path, file_pos, sector, len, flags) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (int k = 0; k < files.size(); k++) {
                String source = files.get(k).toString();
                del.setString(1, source);
                del.executeUpdate();
                for (ExtentMap.Extent e : maps.get(k)) {
                    ins.setString(1, source);
                    ins.setLong(2, e.line());
                    ins.setString(3, e.path());
                    ins.setLong(4, e.filePos());
                    ins.setLong(5, e.sector());
                    ins.setLong(6, e.len());
                    if (e.flags() == null) ins.setNull(7, Types.VARCHAR); else ins.setString(7, e.flags());
                    ins.addBatch();
                    n++;
                }
                ins.executeBatch();
            }
        }
        return n;
    }
}
