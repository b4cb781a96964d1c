package dasweep.driver.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.StructField;

/**
 * The table's rows as CSV (a header, RFC 4180 quoting, arrays as JSON text) or JSON lines (every column, nulls
 * included), in a stable order; written to a temporary file beside the target and renamed, so no partial file.
 */
public final class Exporter {
    private Exporter() {
    }

    /** Writes {@code rows} to {@code out}; returns the number of rows. */
    public static long write(Dataset<Row> rows, String format, Path out) throws IOException {
        Dataset<Row> sorted = rows.orderBy("sweep", "run_date", "cell_index", "trial_id", "run_id");
        Dataset<Row> lines = format.equals("jsonl")
                ? sorted.select(functions.to_json(functions.struct(Arrays.stream(sorted.columns()).map(functions::col)
                        .toArray(Column[]::new)), Map.of("ignoreNullFields", "false")))
                : flat(sorted);
        Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), "." + out.getFileName() + ".", ".tmp");
        long n = 0;
        try {
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                if (format.equals("csv")) {
                    w.write(String.join(",", Arrays.stream(lines.columns()).map(Exporter::csv).toList()));
                    w.write('\n');
                }
                // collected on the driver (toLocalIterator's results need Kryo classes dasweep does not register)
                for (Iterator<Row> it = lines.collectAsList().iterator(); it.hasNext(); n++) {
                    Row r = it.next();
                    if (format.equals("jsonl")) {
                        w.write(r.getString(0));
                    } else {
                        for (int i = 0; i < r.size(); i++) {
                            w.write((i > 0 ? "," : "") + (r.isNullAt(i) ? "" : csv(r.get(i).toString())));
                        }
                    }
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
        return n;
    }

    /** Arrays as JSON text, timestamps as text; everything else as Spark prints it. */
    private static Dataset<Row> flat(Dataset<Row> rows) {
        Column[] cols = new Column[rows.schema().fields().length];
        int i = 0;
        for (StructField f : rows.schema().fields()) {
            Column c = functions.col(f.name());
            cols[i++] = (f.dataType() instanceof ArrayType ? functions.to_json(c) : c.cast("string")).as(f.name());
        }
        return rows.select(cols);
    }

    /** A CSV field: quoted when it holds a comma, a quote or a line break. */
    static String csv(String s) {
        boolean quote = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
        return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
