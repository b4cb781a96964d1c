package dasweep.driver.sweep;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.JsonNode;
import dasweep.executor.spec.Control;
import dasweep.executor.spec.SpecException;
import dasweep.executor.spec.TrialField;
import dasweep.executor.spec.InterventionType;
import dasweep.executor.spec.Objective;
import dasweep.executor.spec.Variable;
import dasweep.executor.spec.Flatten;
import dasweep.executor.spec.Init;
import dasweep.executor.spec.Limits;
import dasweep.executor.spec.LrSchedule;
import dasweep.executor.spec.Site;
import dasweep.executor.spec.View;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * A validated sweep file: everything one {@code dasweep run} computes. {@link SweepLoader} binds the file's
 * blocks onto the records below (keys in snake_case: {@code n_train} is {@code nTrain}); each record checks its
 * own values in its compact constructor and reports a bad one as a {@link SpecException} whose field is relative
 * to the record ({@code k[1]}), or a {@link NullPointerException} naming a key left null; the loader adds the
 * record's path. {@link Root} also checks names and references across blocks; the loader checks weights files
 * and repeated grid values.
 *
 * @param name       the sweep's name, the {@code sweep} partition of the table
 * @param file       the file it was read from, as given (for messages)
 * @param data       data sizes and the data seed shared by every trial
 * @param objectives the training objectives, by unique name
 * @param trained    trained base networks (null when none)
 * @param imported   imported base networks (may be empty)
 * @param grids      the grid blocks (one, or a list whose products are concatenated), expanded in declared order
 * @param pack       run trials that share network, site, view, data and batch size together, one Spark task per
 *                   pack ({@code dasweep.driver.run.Packs}); default true. An execution detail: results and trial
 *                   ids do not depend on it (up to float reassociation)
 * @param keepSubspaces store every OK trial's learned subspace in {@code <out>/subspaces} and name it in the row
 *                   ({@code keep_subspaces}, default true); like {@code pack}, no part of any trial id
 */
public record Sweep(String name, String file, DataBlock data, List<Objective> objectives, Trained trained,
                    List<Imported> imported, List<GridBlock> grids, boolean pack, boolean keepSubspaces) {
    public Sweep {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(data, "data");
        objectives = List.copyOf(objectives);
        imported = List.copyOf(imported);
        grids = List.copyOf(grids);
        if (trained == null && imported.isEmpty()) {
            throw new IllegalArgumentException("a sweep needs trained or imported networks");
        }
    }

    /** A sweep that keeps its subspaces (the default). */
    public Sweep(String name, String file, DataBlock data, List<Objective> objectives, Trained trained,
                 List<Imported> imported, List<GridBlock> grids, boolean pack) {
        this(name, file, data, objectives, trained, imported, grids, pack, true);
    }

    /** A sweep with the default {@code pack: true}. */
    public Sweep(String name, String file, DataBlock data, List<Objective> objectives, Trained trained,
                 List<Imported> imported, List<GridBlock> grids) {
        this(name, file, data, objectives, trained, imported, grids, true);
    }

    public Objective objective(String objectiveName) {
        return objectives.stream().filter(o -> o.name().equals(objectiveName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no objective " + objectiveName));
    }

    /** Marks a key a sweep file may leave out; every other key is required. */
    @Retention(RetentionPolicy.RUNTIME)
    @interface OptionalKey {
    }

    /** The file's top-level keys, as bound; grid blocks get their default data seeds here. */
    record Root(String name, @OptionalKey String description, DataBlock data, List<ObjectiveEntry> objectives,
                Networks networks, @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<JsonNode> grid,
                @OptionalKey Boolean pack, @OptionalKey Boolean keepSubspaces) {
        Root {
            named(name, "name", ", starting with a letter or digit");
            if (description != null) {
                text(description, "description");
            }
            Objects.requireNonNull(data, "data");
            objectives = list("objectives", objectives);
            Objects.requireNonNull(networks, "networks");
            List<String> names = objectives.stream().map(ObjectiveEntry::name).toList();
            distinct(names, i -> "objectives[" + i + "].name", "duplicate objective name", n -> "'" + n + "'");
            distinct(networks.imported().stream().map(Imported::name).toList(), i -> "networks.imported[" + i + "].name",
                    "duplicate network name", n -> "'" + n + "'");
            for (int i = 0; i < networks.imported().size(); i++) {
                String objective = networks.imported().get(i).objective();
                SpecException.check(names.contains(objective), "networks.imported[" + i + "].objective",
                        "unknown objective, expected one of " + String.join(", ", names), "'" + objective + "'");
            }
            grid = list("grid", grid);
        }
    }

    /** An objectives entry; the engine's {@link Objective} checks it (its fields are named {@code objective.*}). */
    record ObjectiveEntry(String name, List<Double> coefficients, double threshold) {
        ObjectiveEntry {
            named(name, "name", "");
            list("coefficients", coefficients);
            new Objective(name, coefficients, threshold);
        }

        Objective objective() {
            return new Objective(name, coefficients, threshold);
        }
    }

    /** The networks block: trained, imported, or both. */
    record Networks(@OptionalKey Trained trained, @OptionalKey List<Imported> imported) {
        Networks {
            if (trained == null && imported == null) {
                throw new IllegalArgumentException("must declare trained or imported networks (found neither)");
            }
            imported = imported == null ? List.of() : list("imported", imported);
        }
    }

    /**
     * Data sizes and seeds shared by every trial.
     *
     * @param nTrain   training pairs per trial (= the training image pool)
     * @param nEval    evaluation pairs per trial (= the evaluation image pool)
     * @param dataSeed seeds the image pools and the pairs
     * @param nTest    fresh images each base network's test accuracy is measured on
     */
    public record DataBlock(int nTrain, int nEval, long dataSeed, int nTest) {
        public DataBlock {
            Limits.images(nTrain, TrialField.N_TRAIN.key());
            Limits.images(nEval, TrialField.N_EVAL.key());
            Limits.images(nTest, "n_test");
        }

        /** The value of a trial field the data block sets ({@link TrialField.Role#DATA}, {@code DATA_AXIS}). */
        public Object value(TrialField field) {
            return switch (field) {
                case N_TRAIN -> nTrain;
                case N_EVAL -> nEval;
                case DATA_SEED -> dataSeed;
                default -> throw new IllegalArgumentException(field.key() + " is not set by the data block");
            };
        }
    }

    /**
     * Base networks trained from scratch: {@code count} per objective; network i gets seed {@code seed + i}.
     * {@code lrSchedule} (key {@code lr_schedule}, optional): how Adam's rate moves over the steps, {@code constant}
     * (the default, the notebook's), {@code warmup} (linear over the first epoch, then constant; a run that ends the
     * first epoch with fewer than 2 of fc1's 3 units alive starts again from the next initialisation) or
     * {@code warmup_cosine} (the same warmup, then down to 0 along half a cosine).
     * {@code init} (optional): how the weights start, {@code pytorch} (the default, the notebook's) or {@code keras}
     * (Glorot uniform weights, zero biases, as the paper's networks were trained).
     */
    public record Trained(int count, int images, int epochs, double lr, int batch, long seed,
                          @OptionalKey LrSchedule lrSchedule, @OptionalKey Init init) {
        public Trained {
            lrSchedule = lrSchedule == null ? LrSchedule.CONSTANT : lrSchedule;
            init = init == null ? Init.PYTORCH : init;
            SpecException.positive(count, "count");
            Limits.images(images, "images");
            SpecException.positive(epochs, "epochs");
            SpecException.learningRate(lr, "lr");
            SpecException.positive(batch, "batch");
        }
    }

    /**
     * A base network imported from a weights file ({@code .pth} or {@code .safetensors}).
     *
     * @param name      unique name, the table's {@code network}
     * @param path      a local path (resolved against the sweep file's directory when relative, by the loader) or a
     *                  Hadoop URI (hdfs://, s3a://)
     * @param objective the name of the objective it was trained for
     * @param flatten   the order in which the file's {@code fc1} reads the conv3 output: {@code channels_first}
     *                  (PyTorch, the default when the key is left out) or {@code channels_last} (Keras-converted
     *                  networks, such as the paper's); its columns are permuted once, on import
     */
    public record Imported(String name, String path, String objective, @OptionalKey Flatten flatten) {
        public Imported {
            named(name, "name", "");
            text(path, "path");
            text(objective, "objective");
            flatten = flatten == null ? Flatten.CHANNELS_FIRST : flatten;
        }
    }

    /** A site axis entry: a layer seen through a view, with its own list of k. */
    public record SiteAxis(Site layer, View view, List<Integer> k) {
        public SiteAxis {
            Objects.requireNonNull(layer, "layer");
            Objects.requireNonNull(view, "view");
            k = list("k", k, (v, f) -> SpecException.positive(v, f));
        }
    }

    static String text(String value, String field) {
        SpecException.check(value != null && !value.isBlank(), field, "must be a non-empty string",
                value == null ? "nothing" : "'" + value + "'");
        return value;
    }

    private static void named(String value, String field, String more) {
        SpecException.check(SweepLoader.NAME.matcher(text(value, field)).matches(), field,
                "must be 1-64 letters, digits, '.', '_' or '-'" + more, "'" + value + "'");
    }

    /** Fails on the first key equal to an earlier one: {@code <what>, already at <the earlier one's path>}. */
    static <T> void distinct(List<T> keys, IntFunction<String> path, String what, Function<T, String> found) {
        Map<T, Integer> seen = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            Integer before = seen.putIfAbsent(keys.get(i), i);
            if (before != null) {
                throw new SpecException(path.apply(i), what + ", already at " + path.apply(before), found.apply(keys.get(i)));
            }
        }
    }

    private static <T> List<T> list(String field, List<T> values) {
        return list(field, values, (v, f) -> { });
    }

    /** A non-empty list, each value checked with its field ({@code k[1]}). */
    private static <T> List<T> list(String field, List<T> values, BiConsumer<T, String> check) {
        Objects.requireNonNull(values, field);
        SpecException.check(!values.isEmpty(), field, "must not be empty", "[]");
        for (int i = 0; i < values.size(); i++) {
            check.accept(values.get(i), field + "[" + i + "]");
        }
        return List.copyOf(values);
    }
}
