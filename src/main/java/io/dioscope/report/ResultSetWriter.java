package io.dioscope.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** Writes a query result as an aligned table, CSV (RFC 4180) or a JSON array of objects. */
public final class ResultSetWriter {
    public enum Format {
        TABLE, CSV, JSON;

        /** The name a user types ({@code --format csv}), also in the command line's errors and completion. */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private ResultSetWriter() {}

    public static void write(ResultSet rs, Format format, PrintWriter out) throws SQLException, IOException {
        switch (format) {
            case TABLE -> TextTable.from(rs).print(out);
            case CSV -> csv(rs, out);
            case JSON -> json(rs, out);
        }
        out.flush();
    }

    private static void csv(ResultSet rs, PrintWriter out) throws SQLException, IOException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        String[] header = new String[n];
        for (int i = 1; i <= n; i++) header[i - 1] = (String) CsvCells.cell(md.getColumnLabel(i));
        CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(header).setRecordSeparator('\n').get());
        while (rs.next()) {
            for (int i = 1; i <= n; i++) p.print(CsvCells.cell(rs.getObject(i)));
            p.println();
        }
        p.flush();
    }

    private static void json(ResultSet rs, PrintWriter out) throws SQLException, IOException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        JsonGenerator g = new ObjectMapper().getFactory().createGenerator(out);
        g.useDefaultPrettyPrinter();
        g.writeStartArray();
        while (rs.next()) {
            g.writeStartObject();
            for (int i = 1; i <= n; i++) {
                g.writeFieldName(md.getColumnLabel(i));
                writeValue(g, rs.getObject(i));
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeRaw('\n');
        g.flush();
    }

    static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v == null) g.writeNull();
        else if (v instanceof Long l) g.writeNumber(l);
        else if (v instanceof Integer i) g.writeNumber(i);
        else if (v instanceof Short s) g.writeNumber(s);
        else if (v instanceof Double d) g.writeNumber(d);
        else if (v instanceof Float f) g.writeNumber(f);
        else if (v instanceof BigInteger b) g.writeNumber(b);
        else if (v instanceof BigDecimal b) g.writeNumber(b);
        else if (v instanceof Boolean b) g.writeBoolean(b);
        else g.writeString(v.toString());
    }
}
