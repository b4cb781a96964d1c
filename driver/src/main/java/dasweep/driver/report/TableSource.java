package dasweep.driver.report;

import dasweep.driver.spark.ResultsSchema;
import dasweep.driver.spark.ResultsTable;
import dasweep.driver.spark.SparkSessions;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The results table as the reading commands see it: a Spark session (embedded, {@code local[*]}; one already
 * running in this JVM is used and left running), the table checked to exist, and its rows for a sweep and a
 * run date, each checked to be there.
 */
public final class TableSource implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TableSource.class);

    private final SparkSession spark;
    private final boolean owned;
    private final String uri;

    private TableSource(SparkSession spark, boolean owned, String uri) {
        this.spark = spark;
        this.owned = owned;
        this.uri = uri;
    }

    /** Opens {@code uri} (a directory or Hadoop URI); bad input when it is missing or holds no rows. */
    public static TableSource open(String uri, String app) {
        if (uri == null || uri.isBlank()) {
            throw new BadInput("--table is required");
        }
        boolean running = SparkSession.getDefaultSession().isDefined()
                && !SparkSession.getDefaultSession().get().sparkContext().isStopped();
        SparkSession spark;
        try {
            spark = SparkSessions.create("local[*]", app, SparkSessions.settings(null, Map.of()));
        } catch (IOException e) {
            throw new BadInput("cannot read the Spark properties: " + e.getMessage());
        }
        TableSource source = new TableSource(spark, !running, uri);
        try {
            if (!new ResultsTable(spark, uri).exists()) {
                throw new BadInput("no table at " + uri);
            }
        } catch (IOException e) {
            source.close();
            throw new BadInput("cannot read " + uri + ": " + e.getMessage());
        } catch (BadInput e) {
            source.close();
            throw e;
        }
        LOG.info("reading {}", uri);
        return source;
    }

    public SparkSession spark() {
        return spark;
    }

    /** All rows of the table (partition columns as strings). */
    public Dataset<Row> all() {
        return spark.read().schema(ResultsSchema.SCHEMA).parquet(uri);
    }

    /** The rows of {@code sweep} (null: all sweeps) and {@code runDate} (null: all dates); bad input when none. */
    public Dataset<Row> rows(String sweep, String runDate) {
        Dataset<Row> rows = all();
        if (rows.isEmpty()) {
            throw new BadInput("no rows in " + uri);
        }
        if (sweep != null) {
            rows = rows.where(functions.col("sweep").equalTo(sweep));
            if (rows.isEmpty()) {
                throw new BadInput("no sweep '" + sweep + "' in " + uri + " (sweeps: " + String.join(", ", sweeps()) + ")");
            }
        }
        if (runDate != null) {
            List<String> dates = runDates(rows);
            rows = rows.where(functions.col("run_date").equalTo(runDate));
            if (!dates.contains(runDate)) {
                throw new BadInput("no run date " + runDate + (sweep == null ? "" : " for sweep '" + sweep + "'")
                        + " (run dates: " + String.join(", ", dates) + ")");
            }
        }
        return rows;
    }

    /** The sweeps in the table, sorted. */
    public List<String> sweeps() {
        return distinct(all(), "sweep");
    }

    /** The run dates of these rows, oldest first. */
    public static List<String> runDates(Dataset<Row> rows) {
        return distinct(rows, "run_date");
    }

    private static List<String> distinct(Dataset<Row> rows, String column) {
        return rows.select(column).distinct().orderBy(column).collectAsList().stream().map(r -> r.getString(0)).toList();
    }

    /** Runs {@code sql} after registering {@code rows} as the view {@code name}. */
    public List<Row> sql(Dataset<Row> rows, String name, String sql) {
        rows.createOrReplaceTempView(name);
        return spark.sql(sql).collectAsList();
    }

    @Override
    public void close() {
        if (owned) {
            spark.stop();
        }
    }
}
