package dasweep.driver.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dasweep.driver.spark.ResultsSchema;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The table's rows as CSV (a header, RFC 4180 quoting, arrays as JSON text, timestamps ISO-8601 UTC) or JSON lines
 * (every column, nulls included), in a stable order, the same text whichever engine read them; written to a temporary
 * file beside the target and renamed, so no partial file.
 */
public final class Exporter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Exporter() {
    }

    /**
     * Writes the rows of {@code sweep} (null: all) to {@code out}: every row, or with {@code latest} each trial's
     * latest OK row ({@link CellSql#latest}, what the notebook starts from); returns the number of rows.
     */
    public static long write(TableSource source, String sweep, boolean latest, String format, Path out)
            throws IOException {
        source.select(sweep, null);
        String rows = latest ? CellSql.latest(TableSource.VIEW) : "SELECT " + CellSql.COLUMNS + " FROM " + TableSource.VIEW;
        return write(source.query(rows + "\nORDER BY sweep, run_date, cell_index, trial_id, run_id"), format, out);
    }

    /** Writes {@code rows} to {@code out} as {@code csv} or {@code jsonl}; returns the number of rows. */
    static long write(List<SqlRow> rows, String format, Path out) throws IOException {
        List<String> columns = rows.isEmpty() ? List.of(ResultsSchema.SCHEMA.fieldNames()) : rows.get(0).columns();
        Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), "." + out.getFileName() + ".", ".tmp");
        try {
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                if (format.equals("csv")) {
                    w.write(String.join(",", columns.stream().map(Exporter::csv).toList()));
                    w.write('\n');
                }
                for (SqlRow r : rows) {
                    w.write(format.equals("jsonl") ? json(columns, r) : csvLine(r));
                    w.write('\n');
                }
            }
            try {
                Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return rows.size();
    }

    private static String json(List<String> columns, SqlRow r) throws JsonProcessingException {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            Object v = r.get(i);
            m.put(columns.get(i), v instanceof Instant t ? t.toString() : v);
        }
        return JSON.writeValueAsString(m);
    }

    private static String csvLine(SqlRow r) throws JsonProcessingException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < r.size(); i++) {
            Object v = r.get(i);
            if (i > 0) {
                b.append(',');
            }
            if (v != null) {
                b.append(csv(v instanceof List<?> ? JSON.writeValueAsString(v) : v.toString()));
            }
        }
        return b.toString();
    }

    /** A CSV field: quoted when it holds a comma, a quote or a line break. */
    static String csv(String s) {
        boolean quote = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
        return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
