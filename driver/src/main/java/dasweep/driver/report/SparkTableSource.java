package dasweep.driver.report;

import dasweep.driver.spark.ResultsSchema;
import dasweep.driver.spark.ResultsTable;
import dasweep.driver.spark.SparkSessions;
import dasweep.executor.cli.BadInput;
import dasweep.executor.cli.Exit;
import java.io.IOException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A results table read by Spark (a Hadoop URI: {@code hdfs://}, {@code s3a://}): an embedded {@code local[*]} session,
 * or the one already running in this JVM (used and left running).
 */
public final class SparkTableSource extends TableSource {
    private static final Logger LOG = LoggerFactory.getLogger(SparkTableSource.class);

    private final SparkSession spark;
    private final boolean owned;

    private SparkTableSource(String uri, SparkSession spark, boolean owned) {
        super(uri);
        this.spark = spark;
        this.owned = owned;
    }

    public static SparkTableSource openSpark(String uri) {
        boolean running = SparkSession.getDefaultSession().isDefined()
                && !SparkSession.getDefaultSession().get().sparkContext().isStopped();
        SparkSession spark;
        try {
            spark = SparkSessions.create("local[*]", "dasweep-read", SparkSessions.settings(null, Map.of()));
        } catch (IOException e) {
            throw new BadInput("cannot read the Spark properties: " + e.getMessage());
        }
        SparkTableSource source = new SparkTableSource(uri, spark, !running);
        try {
            if (!new ResultsTable(spark, uri).exists()) {
                throw new BadInput("no table at " + uri);
            }
            spark.read().schema(ResultsSchema.SCHEMA).parquet(uri).createOrReplaceTempView(ALL);
        } catch (IOException e) {
            source.close();
            throw new BadInput("cannot read " + uri + ": " + Exit.firstLine(e));
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
        LOG.info("reading {} with Spark", uri);
        return source;
    }

    @Override
    public org.apache.hadoop.conf.Configuration hadoopConf() {
        return spark.sparkContext().hadoopConfiguration();
    }

    /** The session reading the table. */
    public SparkSession spark() {
        return spark;
    }

    /** A source on an already open session (tests: the same numbers from both engines). */
    static SparkTableSource of(SparkSession spark, String uri) {
        spark.read().schema(ResultsSchema.SCHEMA).parquet(uri).createOrReplaceTempView(ALL);
        return new SparkTableSource(uri, spark, false);
    }

    @Override
    public List<SqlRow> query(String sql) {
        var result = spark.sql(sql);
        List<String> columns = List.of(result.columns());
        List<SqlRow> rows = new ArrayList<>();
        for (Row r : result.collectAsList()) {
            List<Object> values = new ArrayList<>(r.size());
            for (int i = 0; i < r.size(); i++) {
                values.add(plain(r.get(i)));
            }
            rows.add(new SqlRow(columns, java.util.Collections.unmodifiableList(values)));
        }
        return rows;
    }

    @Override
    protected void view(String name, String sql) {
        spark.sql(sql).createOrReplaceTempView(name);
    }

    @Override
    public String distinctText(String column) {
        return "concat_ws(', ', sort_array(collect_set(" + column + ")))";
    }

    @Override
    public String timeText(String expression) {
        return "date_format(" + expression + ", 'yyyy-MM-dd HH:mm:ss')";
    }

    private static Object plain(Object v) {
        if (v instanceof scala.collection.Seq<?> s) {
            List<Object> out = new ArrayList<>();
            scala.jdk.javaapi.CollectionConverters.asJava(s).forEach(o -> out.add(plain(o)));
            return java.util.Collections.unmodifiableList(out);
        }
        if (v instanceof Timestamp t) {
            return t.toInstant();
        }
        if (v instanceof Object[] a) {
            return Arrays.stream(a).map(SparkTableSource::plain).toList();
        }
        return v;
    }

    @Override
    public void close() {
        if (owned) {
            spark.stop();
        }
    }
}
