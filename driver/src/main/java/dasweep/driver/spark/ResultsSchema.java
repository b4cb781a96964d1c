package dasweep.driver.spark;

import dasweep.driver.trial.TrialIds;
import dasweep.driver.trial.Provenance;
import dasweep.driver.trial.TableRow;
import dasweep.executor.spec.TrialResult;
import dasweep.executor.spec.TrialSpec;
import dasweep.executor.spec.TrialField;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    /**
     * A column: name, type, nullability, documentation, how to read it from a {@link TableRow}, and whether running the
     * trial gave it ({@code ran}: the result, where and how it ran) or the plan did (the spec, the network, the run).
     */
    public record Column(String name, DataType type, boolean nullable, String doc, Function<TableRow, Object> get,
                         boolean ran) {
    }

    private static final DataType STRING = DataTypes.StringType;
    private static final DataType INT = DataTypes.IntegerType;
    private static final DataType LONG = DataTypes.LongType;
    private static final DataType DOUBLE = DataTypes.DoubleType;
    private static final DataType BOOLEAN = DataTypes.BooleanType;
    private static final DataType DOUBLES = DataTypes.createArrayType(DataTypes.DoubleType, true);
    private static final DataType STRINGS = DataTypes.createArrayType(DataTypes.StringType, true);
    private static final Map<TrialField.Type, DataType> TYPES = Map.of(TrialField.Type.STRING, STRING,
            TrialField.Type.STRINGS, STRINGS, TrialField.Type.INT, INT, TrialField.Type.LONG, LONG,
            TrialField.Type.DOUBLE, DOUBLE, TrialField.Type.BOOLEAN, BOOLEAN);

    public static final List<Column> COLUMNS = columns(
            col("trial_id", STRING, false, "sha256 of everything that determines the result", r -> r.trial().trialId()),
            ran("run_id", STRING, false, "the run that computed the row", r -> r.run().runId()),
            col("cell_index", INT, false, "position of the cell in the sweep's expansion", r -> r.trial().cellIndex()),
            col("objective", STRING, false, "objective name", r -> spec(r).objective().name()),
            col("objective_coefficients", DOUBLES, false, "coefficients (circularity, color, area)", r -> spec(r).objective().coefficients()),
            col("objective_threshold", DOUBLE, false, "decision threshold", r -> spec(r).objective().threshold()),
            col("network", STRING, false, "network name", r -> r.trial().network()),
            col("network_source", STRING, false, "trained, imported or untrained", r -> r.trial().networkSource()),
            col("network_index", INT, false, "index of the network", r -> r.trial().networkIndex()),
            col("network_sha256", STRING, false, "sha256 of the network's safetensors bytes", r -> r.trial().stored().sha256()),
            col("network_test_accuracy", DOUBLE, false, "network test accuracy", r -> r.trial().stored().testAccuracy()),
            specColumns(),
            ran("iia", DOUBLE, true, "interchange intervention accuracy", r -> result(r, TrialResult::iia)),
            ran("trivial_iia", DOUBLE, true, "unintervened output vs counterfactual labels", r -> result(r, TrialResult::trivialIia)),
            ran("base_accuracy", DOUBLE, true, "task accuracy on the evaluation images", r -> result(r, TrialResult::baseAccuracy)),
            ran("final_loss", DOUBLE, true, "mean loss of the last epoch", r -> result(r, TrialResult::finalLoss)),
            ran("epoch_losses", DOUBLES, true, "mean loss per epoch", r -> result(r, TrialResult::epochLosses)),
            ran("orthogonality_error", DOUBLE, true, "max|RᵀR − I| after training", r -> result(r, TrialResult::orthogonalityError)),
            ran("epoch_seconds", DOUBLES, true, "wall seconds per epoch", r -> result(r, TrialResult::epochSeconds)),
            ran("train_seconds", DOUBLE, true, "wall seconds of training", r -> result(r, TrialResult::trainSeconds)),
            ran("eval_seconds", DOUBLE, true, "wall seconds of evaluation", r -> result(r, TrialResult::evalSeconds)),
            ran("wall_seconds", DOUBLE, false, "wall seconds of the whole task", r -> where(r).wallSeconds()),
            ran("device", STRING, true, "where the engine ran", r -> where(r).device()),
            ran("threads", INT, false, "intra-op threads", r -> where(r).threads()),
            ran("host", STRING, false, "executor host", r -> where(r).host()),
            ran("executor_id", STRING, false, "Spark executor id", r -> where(r).executorId()),
            ran("status", STRING, false, "OK or FAILED", r -> r.outcome().status()),
            ran("error", STRING, true, "when FAILED: the exception chain and its first frames", r -> r.outcome().error()),
            col("spec_json", STRING, false, "the trial spec as canonical JSON", r -> TrialIds.specJson(spec(r))),
            ran("code_version", STRING, false, "dasweep version and git commit of the executor's jar", r -> where(r).codeVersion()),
            col("spark_version", STRING, false, "Spark version", r -> r.run().sparkVersion()),
            ran("djl_version", STRING, true, "DJL version", r -> where(r).djlVersion()),
            ran("pytorch_version", STRING, true, "PyTorch version", r -> where(r).pytorchVersion()),
            ran("started_at", DataTypes.TimestampType, false, "when the trial started", r -> new Timestamp(where(r).startedAtMillis())),
            col("control", STRING, true, "null for DAS; random_rotation or untrained_network", r -> spec(r).control().id()),
            col("controls_trial_id", STRING, true, "a control's DAS cell: its trial_id", r -> r.trial().controlsTrialId()),
            ran("pack_size", INT, true, "trials in the task's pack (1: alone)", r -> where(r).packSize()),
            ran("pack_id", STRING, true, "the pack's id; null when alone", r -> where(r).packId()),
            ran("iia_low", DOUBLE, true, "95% Wilson score interval of iia over the n_eval pairs: low end", r -> interval(r, 0)),
            ran("iia_high", DOUBLE, true, "95% Wilson score interval of iia: high end (both in [0, 1])", r -> interval(r, 1)),
            ran("iia_heldout", DOUBLE, true, "the learned subspace, untrained, on n_eval fresh pairs from unseen images", r -> result(r, TrialResult::iiaHeldout)),
            ran("heldout_seconds", DOUBLE, true, "wall seconds of the held-out evaluation", r -> result(r, TrialResult::heldoutSeconds)),
            ran("subspace_uri", STRING, true, "the learned subspace's file (<out>/subspaces/<sha256>.safetensors)", r -> r.outcome().subspaceUri()),
            ran("subspace_sha256", STRING, true, "sha256 of that file", r -> r.outcome().subspaceSha256()),
            col("sweep", STRING, false, "partition: the sweep's name", r -> r.run().sweep()),
            col("run_date", STRING, false, "partition: the run's date (yyyy-MM-dd)", r -> r.run().runDate()));

    public static final StructType SCHEMA = new StructType(COLUMNS.stream()
            .map(c -> new StructField(c.name(), c.type(), c.nullable(), org.apache.spark.sql.types.Metadata.empty()))
            .toArray(StructField[]::new));

    public static final List<String> PARTITIONS = List.of("sweep", "run_date");

    private ResultsSchema() {
    }

    private static Column col(String name, DataType type, boolean nullable, String doc, Function<TableRow, Object> get) {
        return new Column(name, type, nullable, doc, get, false);
    }

    private static Column ran(String name, DataType type, boolean nullable, String doc, Function<TableRow, Object> get) {
        return new Column(name, type, nullable, doc, get, true);
    }

    /** The columns given, a list among them spliced in. */
    private static List<Column> columns(Object... columns) {
        List<Column> out = new ArrayList<>();
        for (Object c : columns) {
            if (c instanceof Column one) {
                out.add(one);
            } else {
                ((List<?>) c).forEach(x -> out.add((Column) x));
            }
        }
        return List.copyOf(out);
    }

    /** One column per {@link TrialField}, in the fields' order; {@code variable_set} beside {@code variables}. */
    private static List<Column> specColumns() {
        List<Column> out = new ArrayList<>();
        for (TrialField f : TrialField.values()) {
            out.add(col(f.key(), TYPES.get(f.type()), false, f.doc(), r -> f.get(spec(r))));
            if (f == TrialField.VARIABLES) {
                out.add(col("variable_set", STRING, false, "the variables joined with +",
                        r -> String.join("+", variables(r))));
            }
        }
        return out;
    }

    private static TrialSpec spec(TableRow r) {
        return r.trial().spec();
    }

    private static Provenance where(TableRow r) {
        return r.outcome().provenance();
    }

    @SuppressWarnings("unchecked")
    private static List<String> variables(TableRow r) {
        return (List<String>) TrialField.VARIABLES.get(spec(r));
    }

    private static Object result(TableRow r, Function<TrialResult, Object> get) {
        return r.outcome().ok() ? get.apply(r.outcome().result()) : null;
    }

    private static Object interval(TableRow r, int end) {
        return r.outcome().ok() ? IiaInterval.of(r.outcome().result().iia(), spec(r).data().nEval())[end] : null;
    }

    /** The one function from an outcome (with its run and planned trial) to a Parquet row. */
    public static Row toRow(TableRow r) {
        return toRow(r, c -> c.get().apply(r));
    }

    /**
     * A row from the values {@code value} gives each column (in Java types: lists, {@link Timestamp}); a null in a
     * column that may not hold one is an error naming the column and the trial.
     */
    static Row toRow(TableRow r, Function<Column, Object> value) {
        List<Object> values = new ArrayList<>(COLUMNS.size());
        for (Column c : COLUMNS) {
            Object v = value.apply(c);
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
