package dasweep.driver.spark;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The results table's schema, written down once: one row per trial, snake_case columns, the partition
 * columns {@code sweep} and {@code run_date} last (where Spark puts them when it reads the table back).
 * The README's column table documents exactly these columns (a test checks it).
 */
public final class ResultsSchema {
    /** A column: name, type, nullability, documentation, and how to read it from a {@link TrialRow}. */
    public record Column(String name, DataType type, boolean nullable, String doc, Function<TrialRow, Object> get) {
    }

    private static final DataType DOUBLES = DataTypes.createArrayType(DataTypes.DoubleType, true);
    private static final DataType STRINGS = DataTypes.createArrayType(DataTypes.StringType, true);

    public static final List<Column> COLUMNS = List.of(
            col("trial_id", DataTypes.StringType, false, "sha256 of everything that determines the result", r -> r.trialId),
            col("run_id", DataTypes.StringType, false, "the run that computed the row", r -> r.runId),
            col("cell_index", DataTypes.IntegerType, false, "position of the cell in the sweep's expansion", r -> r.cellIndex),
            col("objective", DataTypes.StringType, false, "objective name", r -> r.objective),
            col("objective_coefficients", DOUBLES, false, "coefficients (circularity, color, area)", r -> list(r.objectiveCoefficients)),
            col("objective_threshold", DataTypes.DoubleType, false, "decision threshold", r -> r.objectiveThreshold),
            col("network", DataTypes.StringType, false, "network name", r -> r.network),
            col("network_source", DataTypes.StringType, false, "trained or imported", r -> r.networkSource),
            col("network_index", DataTypes.IntegerType, false, "index of the network", r -> r.networkIndex),
            col("network_sha256", DataTypes.StringType, false, "sha256 of the network's safetensors bytes", r -> r.networkSha256),
            col("network_test_accuracy", DataTypes.DoubleType, false, "network test accuracy", r -> r.networkTestAccuracy),
            col("variables", STRINGS, false, "the variables localised, in source order", r -> strings(r.variables)),
            col("variable_set", DataTypes.StringType, false, "the variables joined with +", r -> r.variableSet),
            col("layer", DataTypes.StringType, false, "intervention site", r -> r.layer),
            col("view", DataTypes.StringType, false, "rows or flat", r -> r.view),
            col("intervention", DataTypes.StringType, false, "rotated, low_rank or vanilla", r -> r.intervention),
            col("k", DataTypes.IntegerType, false, "rotated coordinates per source", r -> r.k),
            col("multi_source", DataTypes.BooleanType, false, "one source per variable", r -> r.multiSource),
            col("lr", DataTypes.DoubleType, false, "Adam learning rate", r -> r.lr),
            col("epochs", DataTypes.IntegerType, false, "training epochs", r -> r.epochs),
            col("batch_size", DataTypes.IntegerType, false, "pairs per step", r -> r.batchSize),
            col("seed", DataTypes.LongType, false, "rotation initialisation seed", r -> r.seed),
            col("data_seed", DataTypes.LongType, false, "image pools and pairs seed", r -> r.dataSeed),
            col("n_train", DataTypes.IntegerType, false, "training pairs", r -> r.nTrain),
            col("n_eval", DataTypes.IntegerType, false, "evaluation pairs", r -> r.nEval),
            col("iia", DataTypes.DoubleType, true, "interchange intervention accuracy", r -> r.iia),
            col("trivial_iia", DataTypes.DoubleType, true, "unintervened output vs counterfactual labels", r -> r.trivialIia),
            col("base_accuracy", DataTypes.DoubleType, true, "task accuracy on the evaluation images", r -> r.baseAccuracy),
            col("final_loss", DataTypes.DoubleType, true, "mean loss of the last epoch", r -> r.finalLoss),
            col("epoch_losses", DOUBLES, true, "mean loss per epoch", r -> list(r.epochLosses)),
            col("orthogonality_error", DataTypes.DoubleType, true, "max|RᵀR − I| after training", r -> r.orthogonalityError),
            col("epoch_seconds", DOUBLES, true, "wall seconds per epoch", r -> list(r.epochSeconds)),
            col("train_seconds", DataTypes.DoubleType, true, "wall seconds of training", r -> r.trainSeconds),
            col("eval_seconds", DataTypes.DoubleType, true, "wall seconds of evaluation", r -> r.evalSeconds),
            col("wall_seconds", DataTypes.DoubleType, false, "wall seconds of the whole task", r -> r.wallSeconds),
            col("device", DataTypes.StringType, true, "where the engine ran", r -> r.device),
            col("threads", DataTypes.IntegerType, false, "intra-op threads", r -> r.threads),
            col("host", DataTypes.StringType, false, "executor host", r -> r.host),
            col("executor_id", DataTypes.StringType, false, "Spark executor id", r -> r.executorId),
            col("status", DataTypes.StringType, false, "OK or FAILED", r -> r.status),
            col("error", DataTypes.StringType, true, "exception class and message when FAILED", r -> r.error),
            col("spec_json", DataTypes.StringType, false, "the trial spec as canonical JSON", r -> r.specJson),
            col("code_version", DataTypes.StringType, false, "dasweep version and git commit", r -> r.codeVersion),
            col("spark_version", DataTypes.StringType, false, "Spark version", r -> r.sparkVersion),
            col("djl_version", DataTypes.StringType, true, "DJL version", r -> r.djlVersion),
            col("pytorch_version", DataTypes.StringType, true, "PyTorch version", r -> r.pytorchVersion),
            col("started_at", DataTypes.TimestampType, false, "when the trial started", r -> new Timestamp(r.startedAtMillis)),
            col("sweep", DataTypes.StringType, false, "partition: the sweep's name", r -> r.sweep),
            col("run_date", DataTypes.StringType, false, "partition: the run's date (yyyy-MM-dd)", r -> r.runDate));

    public static final StructType SCHEMA = new StructType(COLUMNS.stream()
            .map(c -> new StructField(c.name(), c.type(), c.nullable(), org.apache.spark.sql.types.Metadata.empty()))
            .toArray(StructField[]::new));

    public static final List<String> PARTITIONS = List.of("sweep", "run_date");

    private ResultsSchema() {
    }

    private static Column col(String name, DataType type, boolean nullable, String doc, Function<TrialRow, Object> get) {
        return new Column(name, type, nullable, doc, get);
    }

    private static List<Double> list(double[] a) {
        return a == null ? null : Arrays.stream(a).boxed().toList();
    }

    private static List<String> strings(String[] a) {
        return a == null ? null : Arrays.asList(a);
    }

    public static Row toRow(TrialRow r) {
        List<Object> values = new ArrayList<>(COLUMNS.size());
        for (Column c : COLUMNS) {
            Object v = c.get().apply(r);
            if (v == null && !c.nullable()) {
                throw new IllegalStateException("column " + c.name() + " of trial " + r.trialId + " is null");
            }
            if (v instanceof List<?> l) {
                v = scala.jdk.javaapi.CollectionConverters.asScala(l).toSeq();
            }
            values.add(v);
        }
        return RowFactory.create(values.toArray());
    }
}
