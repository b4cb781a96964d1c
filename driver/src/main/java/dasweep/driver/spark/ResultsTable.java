package dasweep.driver.spark;

import dasweep.driver.trial.TableRow;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/** The results table, {@code <out>/trials}: Parquet partitioned by sweep and run date, written only by appends. */
public final class ResultsTable {
    private final SparkSession spark;
    private final String uri;

    public ResultsTable(SparkSession spark, String uri) {
        this.spark = spark;
        this.uri = uri;
    }

    public String uri() {
        return uri;
    }

    public Configuration hadoopConf() {
        return spark.sparkContext().hadoopConfiguration();
    }

    public FileSystem fileSystem(Path p) throws IOException {
        return p.getFileSystem(hadoopConf());
    }

    public boolean exists() throws IOException {
        Path p = new Path(uri);
        return fileSystem(p).exists(p);
    }

    /** This sweep's rows, any run date (empty when there is no table yet). */
    public Dataset<Row> sweep(String sweep) throws IOException {
        if (!exists()) {
            return spark.createDataFrame(List.of(), ResultsSchema.SCHEMA);
        }
        return spark.read().schema(ResultsSchema.SCHEMA).parquet(uri).where(functions.col("sweep").equalTo(sweep));
    }

    /** trial_ids of this sweep already OK in the table: on {@code runDate}, or on any date when it is null. */
    public Set<String> doneIds(String sweep, String runDate) throws IOException {
        Dataset<Row> ok = sweep(sweep).where(functions.col("status").equalTo("OK"));
        if (runDate != null) {
            ok = ok.where(functions.col("run_date").equalTo(runDate));
        }
        return ok.select("trial_id").distinct()
                .collectAsList().stream().map(r -> r.getString(0)).collect(Collectors.toSet());
    }

    /** One append of the rows (one file per partition). */
    public void append(List<Row> rows) {
        spark.createDataFrame(rows, ResultsSchema.SCHEMA).coalesce(1).write().mode(SaveMode.Append)
                .partitionBy(ResultsSchema.PARTITIONS.toArray(String[]::new)).parquet(uri);
    }
}
