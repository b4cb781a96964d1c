package dasweep.driver.subspace;

import dasweep.driver.spark.SubspaceStore;
import dasweep.executor.spec.Subspace;
import dasweep.executor.spec.TrialField;
import dasweep.executor.weights.SubspaceFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The kept subspaces of a results table's rows, read from their files, and the pairs' Parquet table. */
public final class SubspaceTable {
    /**
     * A trial's latest OK row with a kept subspace (rows of tables written before it have none): DAS trials and their
     * random-rotation controls (their random starts, for the {@code init} comparison).
     */
    public static String keptSql(String view) {
        return KEPT.replace("%VIEW%", view);
    }

    private static final String KEPT = "SELECT trial_id, sweep, objective, network, network_sha256, layer, view, intervention,"
            + " " + TrialField.MULTI_SOURCE.key() + ", variable_set, k, lr, epochs, batch_size, n_train, n_eval, seed, data_seed, iia, iia_heldout,"
            + " subspace_uri, subspace_sha256, control, controls_trial_id FROM (SELECT *, row_number() OVER"
            + " (PARTITION BY sweep, trial_id ORDER BY run_date DESC, started_at DESC) AS latest FROM %VIEW%"
            + " WHERE status = 'OK' AND subspace_sha256 IS NOT NULL AND (control IS NULL OR control = 'random_rotation'))"
            + " WHERE latest = 1";

    private SubspaceTable() {
    }

    /** The kept subspaces: the values of the rows {@link #keptSql} returned (on DuckDB or Spark). */
    public static List<SubspacePairs.Kept> kept(List<List<Object>> rows) {
        List<SubspacePairs.Kept> out = new ArrayList<>();
        for (List<Object> r : rows) {
            out.add(new SubspacePairs.Kept(text(r, 0), text(r, 1), text(r, 2), text(r, 3), text(r, 4), text(r, 5),
                    text(r, 6), text(r, 7), (Boolean) r.get(8), text(r, 9), number(r, 10).intValue(),
                    number(r, 11).doubleValue(), number(r, 12).intValue(), number(r, 13).intValue(),
                    number(r, 14).intValue(), number(r, 15).intValue(), number(r, 16).longValue(),
                    number(r, 17).longValue(), number(r, 18).doubleValue(),
                    r.get(19) == null ? null : number(r, 19).doubleValue(), text(r, 20), text(r, 21), text(r, 22),
                    text(r, 23)));
        }
        return out;
    }

    private static String text(List<Object> r, int i) {
        return r.get(i) == null ? null : r.get(i).toString();
    }

    private static Number number(List<Object> r, int i) {
        return (Number) r.get(i);
    }

    /**
     * Reads a kept subspace: at its {@code uri}, or, when the output folder has moved since, under
     * {@code <table>/../subspaces/} by its sha256; checked against the sha256 either way.
     */
    public static Subspace load(String uri, String sha256, String table, Configuration conf) {
        try {
            Path at = new Path(uri);
            if (!at.getFileSystem(conf).exists(at)) {
                at = new Path(new Path(table).getParent(), SubspaceStore.FOLDER + "/" + sha256 + ".safetensors");
            }
            return SubspaceFile.decode(SubspaceStore.read(at.toString(), sha256, conf), at.toString()).subspace();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the subspace " + uri + ": " + e.getMessage(), e);
        }
    }

    private static final DataType STRING = DataTypes.StringType;
    private static final DataType INT = DataTypes.IntegerType;
    private static final DataType LONG = DataTypes.LongType;
    private static final DataType DOUBLE = DataTypes.DoubleType;

    /** The pairs table's columns (one row per pair; _1 and _2 are the two trials). */
    public static final StructType SCHEMA = new StructType(new StructField[] {
        field("sweep", STRING), field("objective", STRING), field("network", STRING), field("network_sha256", STRING),
        field("layer", STRING), field("view", STRING), field("intervention", STRING),
        field(TrialField.MULTI_SOURCE.key(), DataTypes.BooleanType), field("comparison", STRING),
        field("variable_set_1", STRING), field("variable_set_2", STRING), field("k_1", INT), field("k_2", INT),
        field("seed_1", LONG), field("seed_2", LONG), field("data_seed_1", LONG), field("data_seed_2", LONG),
        field("features", INT), field("columns_1", INT), field("columns_2", INT),
        field("similarity", DOUBLE), field("chance", DOUBLE),
        field("angles_degrees", DataTypes.createArrayType(DOUBLE, false)),
        field("iia_1", DOUBLE), field("iia_2", DOUBLE), field("trial_id_1", STRING), field("trial_id_2", STRING)});

    private static StructField field(String name, DataType type) {
        return new StructField(name, type, !name.equals("similarity"), org.apache.spark.sql.types.Metadata.empty());
    }

    static Row row(SubspacePairs.Pair p) {
        SubspacePairs.Kept a = p.first();
        SubspacePairs.Kept b = p.second();
        List<Double> angles = Arrays.stream(p.overlap().anglesDegrees()).boxed().toList();
        return RowFactory.create(a.sweep(), a.objective(), a.network(), a.networkSha256(), a.layer(), a.view(),
                a.intervention(), a.multiSource(), p.comparison(), a.variableSet(), b.variableSet(), a.k(), b.k(),
                a.seed(), b.seed(), a.dataSeed(), b.dataSeed(), p.features(), p.columns1(), p.columns2(),
                p.overlap().similarity(), p.overlap().chance(),
                scala.jdk.javaapi.CollectionConverters.asScala(angles).toSeq(), a.iia(), b.iia(), a.trialId(),
                b.trialId());
    }

    /** The pairs as a Spark table. */
    public static Dataset<Row> frame(SparkSession spark, List<SubspacePairs.Pair> pairs) {
        return spark.createDataFrame(pairs.stream().map(SubspaceTable::row).toList(), SCHEMA);
    }

    /** Writes {@code dir/subspace_pairs} (replaced). */
    public static String write(SparkSession spark, List<SubspacePairs.Pair> pairs, String dir) {
        String uri = new Path(dir, "subspace_pairs").toString();
        frame(spark, pairs).coalesce(1).write().mode(SaveMode.Overwrite).parquet(uri);
        return uri;
    }
}
