package dasweep.driver.report;

import dasweep.driver.spark.ResultsSchema;
import dasweep.executor.cli.BadInput;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The results table as the reading commands ({@code report}, {@code compare}, {@code export}, {@code paper}) see it:
 * a local table is read by embedded DuckDB (no Spark session: seconds), a Hadoop URI ({@code hdfs://}, {@code s3a://})
 * by Spark. Both run the same SQL ({@link CellSql} and the report's queries, with {@link #distinctText} and
 * {@link #timeText} where their dialects differ) and give the same values as {@link SqlRow}s.
 */
public abstract class TableSource implements AutoCloseable {
    /** The view of the selected rows ({@link #select}). */
    public static final String VIEW = "dasweep_rows";
    /** The view of every row of the table. */
    public static final String ALL = "dasweep_all";

    protected final String uri;

    protected TableSource(String uri) {
        this.uri = uri;
    }

    /**
     * Opens {@code uri}: DuckDB for a local directory ({@code file:} or a path), Spark otherwise (and where DuckDB is
     * not on the class path: the cluster's application jar leaves it out).
     */
    public static TableSource open(String uri) {
        Path local = localPath(uri);
        if (local != null && duckdb()) {
            if (!Files.isDirectory(local)) {
                throw new BadInput("no table at " + uri);
            }
            return DuckTableSource.openDuck(uri, local);
        }
        return SparkTableSource.openSpark(uri);
    }

    private static boolean duckdb() {
        try {
            Class.forName("org.duckdb.DuckDBDriver");
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** The local directory {@code uri} names, or null for a Hadoop URI of another file system. */
    static Path localPath(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new BadInput("--table is required");
        }
        if (uri.startsWith("file:")) {
            return Path.of(URI.create(uri));
        }
        return uri.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*") ? null : Path.of(uri);
    }

    public String uri() {
        return uri;
    }

    /** The Hadoop configuration files beside the table are read with (Spark's, when Spark reads it). */
    public org.apache.hadoop.conf.Configuration hadoopConf() {
        return new org.apache.hadoop.conf.Configuration();
    }

    /** Runs {@code sql} (views {@link #ALL} and, after {@link #select}, {@link #VIEW}). */
    public abstract List<SqlRow> query(String sql);

    /** Registers {@code sql}'s result as the view {@code name}. */
    protected abstract void view(String name, String sql);

    /** SQL for the distinct values of {@code column}, sorted, joined by ", " (an aggregate). */
    public abstract String distinctText(String column);

    /** SQL for a timestamp as {@code yyyy-MM-dd HH:mm:ss} (UTC). */
    public abstract String timeText(String expression);

    /** The sweeps in the table, sorted; bad input when the table has no rows. */
    public List<String> sweeps() {
        List<String> sweeps = column("SELECT DISTINCT sweep FROM " + ALL + " ORDER BY sweep");
        if (sweeps.isEmpty()) {
            throw new BadInput("no rows in " + uri);
        }
        return sweeps;
    }

    /** The run dates of {@code sweep} (null: every sweep), oldest first. */
    public List<String> runDates(String sweep) {
        return column("SELECT DISTINCT run_date FROM " + ALL + where(sweep, null) + " ORDER BY run_date");
    }

    /**
     * Makes {@link #VIEW} the rows of {@code sweep} (null: all) and {@code runDate} (null: all); returns how many.
     * Bad input when the sweep or the date is not in the table.
     */
    public long select(String sweep, String runDate) {
        List<String> sweeps = sweeps();
        if (sweep != null && !sweeps.contains(sweep)) {
            throw new BadInput("no sweep '" + sweep + "' in " + uri + " (sweeps: " + String.join(", ", sweeps) + ")");
        }
        if (runDate != null) {
            List<String> dates = runDates(sweep);
            if (!dates.contains(runDate)) {
                throw new BadInput("no run date " + runDate + (sweep == null ? "" : " for sweep '" + sweep + "'")
                        + " (run dates: " + String.join(", ", dates) + ")");
            }
        }
        view(VIEW, "SELECT * FROM " + ALL + where(sweep, runDate));
        return query("SELECT count(*) FROM " + VIEW).get(0).getLong(0);
    }

    /** The table's columns in {@link ResultsSchema} order, as a select list (a column no file has reads as NULL). */
    protected static String schemaColumns(List<String> present) {
        StringBuilder b = new StringBuilder();
        for (var f : ResultsSchema.SCHEMA.fields()) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(present.contains(f.name()) ? f.name() : "CAST(NULL AS " + f.dataType().sql() + ") AS " + f.name());
        }
        return b.toString();
    }

    private List<String> column(String sql) {
        return query(sql).stream().map(r -> r.getString(0)).toList();
    }

    private static String where(String sweep, String runDate) {
        String w = sweep == null ? "" : " WHERE sweep = " + literal(sweep);
        return runDate == null ? w : w + (w.isEmpty() ? " WHERE " : " AND ") + "run_date = " + literal(runDate);
    }

    /** {@code text} as an SQL string literal. */
    public static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    @Override
    public abstract void close();
}
