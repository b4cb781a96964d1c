package dasweep.driver.spark;

import dasweep.driver.TrialIds;
import dasweep.driver.run.Provenance;
import dasweep.driver.run.TableRow;
import dasweep.executor.spec.TrialResult;
import dasweep.executor.spec.TrialSpec;
import dasweep.executor.spec.Variable;
import java.sql.Timestamp;
import java.util.ArrayList;
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
    /** A column: name, type, nullability, documentation, and how to read it from a {@link TableRow}. */
    public record Column(String name, DataType type, boolean nullable, String doc, Function<TableRow, Object> get) {
    }

    private static final DataType STRING = DataTypes.StringType;
    private static final DataType INT = DataTypes.IntegerType;
    private static final DataType LONG = DataTypes.LongType;
    private static final DataType DOUBLE = DataTypes.DoubleType;
    private static final DataType BOOLEAN = DataTypes.BooleanType;
    private static final DataType DOUBLES = DataTypes.createArrayType(DataTypes.DoubleType, true);
    private static final DataType STRINGS = DataTypes.createArrayType(DataTypes.StringType, true);

    public static final List<Column> COLUMNS = List.of(
            col("trial_id", STRING, false, "sha256 of everything that determines the result", r -> r.trial().trialId()),
            col("run_id", STRING, false, "the run that computed the row", r -> r.run().runId()),
            col("cell_index", INT, false, "position of the cell in the sweep's expansion", r -> r.trial().cell().index()),
            col("objective", STRING, false, "objective name", r -> spec(r).objective().name()),
            col("objective_coefficients", DOUBLES, false, "coefficients (circularity, color, area)", r -> spec(r).objective().coefficients()),
            col("objective_threshold", DOUBLE, false, "decision threshold", r -> spec(r).objective().threshold()),
            col("network", STRING, false, "network name", r -> r.trial().cell().network().name()),
            col("network_source", STRING, false, "trained, imported or untrained", r -> r.trial().cell().network().source()),
            col("network_index", INT, false, "index of the network", r -> r.trial().cell().network().index()),
            col("network_sha256", STRING, false, "sha256 of the network's safetensors bytes", r -> r.trial().network().sha256()),
            col("network_test_accuracy", DOUBLE, false, "network test accuracy", r -> r.trial().network().testAccuracy()),
            col("variables", STRINGS, false, "the variables localised, in source order", r -> variables(r)),
            col("variable_set", STRING, false, "the variables joined with +", r -> String.join("+", variables(r))),
            col("layer", STRING, false, "intervention site", r -> at(r).site().id()),
            col("view", STRING, false, "rows or flat", r -> at(r).view().id()),
            col("intervention", STRING, false, "rotated, low_rank or vanilla", r -> at(r).type().id()),
            col("k", INT, false, "rotated coordinates per source", r -> at(r).k()),
            col("multi_source", BOOLEAN, false, "one source per variable", r -> at(r).multiSource()),
            col("lr", DOUBLE, false, "Adam learning rate", r -> spec(r).training().lr()),
            col("epochs", INT, false, "training epochs", r -> spec(r).training().epochs()),
            col("batch_size", INT, false, "pairs per step", r -> spec(r).training().batchSize()),
            col("seed", LONG, false, "rotation initialisation seed", r -> spec(r).training().seed()),
            col("data_seed", LONG, false, "image pools and pairs seed", r -> spec(r).data().dataSeed()),
            col("n_train", INT, false, "training pairs", r -> spec(r).data().nTrain()),
            col("n_eval", INT, false, "evaluation pairs", r -> spec(r).data().nEval()),
            col("iia", DOUBLE, true, "interchange intervention accuracy", r -> result(r, TrialResult::iia)),
            col("trivial_iia", DOUBLE, true, "unintervened output vs counterfactual labels", r -> result(r, TrialResult::trivialIia)),
            col("base_accuracy", DOUBLE, true, "task accuracy on the evaluation images", r -> result(r, TrialResult::baseAccuracy)),
            col("final_loss", DOUBLE, true, "mean loss of the last epoch", r -> result(r, TrialResult::finalLoss)),
            col("epoch_losses", DOUBLES, true, "mean loss per epoch", r -> result(r, TrialResult::epochLosses)),
            col("orthogonality_error", DOUBLE, true, "max|RᵀR − I| after training", r -> result(r, TrialResult::orthogonalityError)),
            col("epoch_seconds", DOUBLES, true, "wall seconds per epoch", r -> result(r, TrialResult::epochSeconds)),
            col("train_seconds", DOUBLE, true, "wall seconds of training", r -> result(r, TrialResult::trainSeconds)),
            col("eval_seconds", DOUBLE, true, "wall seconds of evaluation", r -> result(r, TrialResult::evalSeconds)),
            col("wall_seconds", DOUBLE, false, "wall seconds of the whole task", r -> where(r).wallSeconds()),
            col("device", STRING, true, "where the engine ran", r -> where(r).device()),
            col("threads", INT, false, "intra-op threads", r -> where(r).threads()),
            col("host", STRING, false, "executor host", r -> where(r).host()),
            col("executor_id", STRING, false, "Spark executor id", r -> where(r).executorId()),
            col("status", STRING, false, "OK or FAILED", r -> r.outcome().status()),
            col("error", STRING, true, "when FAILED: the exception chain and its first frames", r -> r.outcome().error()),
            col("spec_json", STRING, false, "the trial spec as canonical JSON", r -> TrialIds.specJson(spec(r))),
            col("code_version", STRING, false, "dasweep version and git commit of the executor's jar", r -> where(r).codeVersion()),
            col("spark_version", STRING, false, "Spark version", r -> r.run().sparkVersion()),
            col("djl_version", STRING, true, "DJL version", r -> where(r).djlVersion()),
            col("pytorch_version", STRING, true, "PyTorch version", r -> where(r).pytorchVersion()),
            col("started_at", DataTypes.TimestampType, false, "when the trial started", r -> new Timestamp(where(r).startedAtMillis())),
            col("control", STRING, true, "null for DAS; random_rotation or untrained_network", r -> spec(r).control().id()),
            col("controls_trial_id", STRING, true, "a control's DAS cell: its trial_id", r -> r.trial().controlsTrialId()),
            col("pack_size", INT, true, "trials in the task's pack (1: alone)", r -> where(r).packSize()),
            col("pack_id", STRING, true, "the pack's id; null when alone", r -> where(r).packId()),
            col("iia_low", DOUBLE, true, "95% Wilson score interval of iia over the n_eval pairs: low end", r -> interval(r, 0)),
            col("iia_high", DOUBLE, true, "95% Wilson score interval of iia: high end (both in [0, 1])", r -> interval(r, 1)),
            col("iia_heldout", DOUBLE, true, "the learned subspace, untrained, on n_eval fresh pairs from unseen images", r -> result(r, TrialResult::iiaHeldout)),
            col("heldout_seconds", DOUBLE, true, "wall seconds of the held-out evaluation", r -> result(r, TrialResult::heldoutSeconds)),
            col("subspace_uri", STRING, true, "the learned subspace's file (<out>/subspaces/<sha256>.safetensors)", r -> r.outcome().subspaceUri()),
            col("subspace_sha256", STRING, true, "sha256 of that file", r -> r.outcome().subspaceSha256()),
            col("sweep", STRING, false, "partition: the sweep's name", r -> r.run().sweep()),
            col("run_date", STRING, false, "partition: the run's date (yyyy-MM-dd)", r -> r.run().runDate()));

    public static final StructType SCHEMA = new StructType(COLUMNS.stream()
            .map(c -> new StructField(c.name(), c.type(), c.nullable(), org.apache.spark.sql.types.Metadata.empty()))
            .toArray(StructField[]::new));

    public static final List<String> PARTITIONS = List.of("sweep", "run_date");

    private ResultsSchema() {
    }

    private static Column col(String name, DataType type, boolean nullable, String doc, Function<TableRow, Object> get) {
        return new Column(name, type, nullable, doc, get);
    }

    private static TrialSpec spec(TableRow r) {
        return r.outcome().spec();
    }

    private static TrialSpec.Intervention at(TableRow r) {
        return spec(r).intervention();
    }

    private static Provenance where(TableRow r) {
        return r.outcome().provenance();
    }

    private static List<String> variables(TableRow r) {
        return spec(r).variables().stream().map(Variable::id).toList();
    }

    private static Object result(TableRow r, Function<TrialResult, Object> get) {
        return r.outcome().ok() ? get.apply(r.outcome().result()) : null;
    }

    private static Object interval(TableRow r, int end) {
        return r.outcome().ok() ? IiaInterval.of(r.outcome().result().iia(), spec(r).data().nEval())[end] : null;
    }

    /** The one function from an outcome (with its run and planned trial) to a Parquet row. */
    public static Row toRow(TableRow r) {
        List<Object> values = new ArrayList<>(COLUMNS.size());
        for (Column c : COLUMNS) {
            Object v = c.get().apply(r);
            if (v == null && !c.nullable()) {
                throw new IllegalStateException("column " + c.name() + " of trial " + r.trial().trialId() + " is null");
            }
            if (v instanceof List<?> l) {
                v = scala.jdk.javaapi.CollectionConverters.asScala(l).toSeq();
            }
            values.add(v);
        }
        return RowFactory.create(values.toArray());
    }
}
