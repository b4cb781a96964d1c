package dasweep.executor.spec;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything that determines one DAS trial's result, as an immutable, self-validating value, grouped by
 * meaning: what is localised ({@code objective}, {@code variables}), where and how it is intervened on
 * ({@link Intervention}), how the rotation is trained ({@link Training}) and on which pairs ({@link Data}).
 * The network's weights travel beside it, not inside it. Build one with {@link #builder()}.
 *
 * @param objective    the task whose counterfactual labels are learned (spec §2)
 * @param variables    the high-level variables the intervention localises, in source order
 * @param intervention the site, view, intervention type and subspace size
 * @param training     epochs, learning rate, batch size and the rotation's seed
 * @param data         the training and evaluation pools and their seed
 * @param control      {@link Control#NONE} for a DAS trial, else the baseline it is (null reads as {@code NONE});
 *                     a {@code RANDOM_ROTATION} trial trains for 0 epochs (the only spec that may)
 */
public record TrialSpec(Objective objective, List<Variable> variables, Intervention intervention, Training training,
                        Data data, Control control) {

    /** The largest n for which a full n×n {@code rotated} matrix is allowed (64 MiB of floats). */
    public static final int MAX_ROTATED_FEATURES = 4096;

    public TrialSpec {
        SpecException.check(objective != null, "objective", "is required", null);
        SpecException.check(variables != null && !variables.isEmpty(), TrialField.VARIABLES.key(), "must name at least one variable",
                variables);
        SpecException.check(new HashSet<>(variables).size() == variables.size(), TrialField.VARIABLES.key(),
                "must not repeat a variable", variables);
        variables = List.copyOf(variables);
        SpecException.check(intervention != null, TrialField.INTERVENTION.key(), "is required", null);
        SpecException.check(training != null, "training", "is required", null);
        SpecException.check(data != null, "data", "is required", null);
        control = control == null ? Control.NONE : control;
        if (control == Control.RANDOM_ROTATION) {
            SpecException.check(training.epochs() == 0, TrialField.EPOCHS.key(),
                    "must be 0 for a random_rotation control (its rotation is never trained)", training.epochs());
            SpecException.check(intervention.type().trained(), TrialField.INTERVENTION.key(),
                    "a random_rotation control needs a rotation (rotated or low_rank)", intervention.type().id());
        } else {
            SpecException.positive(training.epochs(), TrialField.EPOCHS.key());
        }
        int sources = intervention.multiSource() ? variables.size() : 1;
        int n = intervention.features();
        SpecException.check((long) intervention.k() * sources <= n, TrialField.K.key(),
                (sources > 1 ? "k × " + sources + " sources must" : "must") + " be at most " + n
                        + ", the features of site " + intervention.siteId(), intervention.k());
    }

    /** A DAS trial ({@link Control#NONE}). */
    public TrialSpec(Objective objective, List<Variable> variables, Intervention intervention, Training training,
                     Data data) {
        this(objective, variables, intervention, training, data, Control.NONE);
    }

    /**
     * Where and how the network is intervened on.
     *
     * @param site        the layer whose pre-ReLU output is intervened on
     * @param view        how the site is read as feature vectors
     * @param type        the intervention type
     * @param k           rotated coordinates per source (for {@code vanilla}: the whole site, whatever is given)
     * @param multiSource one source per variable, each owning a disjoint block of k coordinates
     */
    public record Intervention(Site site, View view, InterventionType type, int k, boolean multiSource) {
        public Intervention {
            SpecException.check(site != null, TrialField.LAYER.key(), "is required", null);
            SpecException.check(view != null, TrialField.VIEW.key(), "is required", null);
            SpecException.check(type != null, TrialField.INTERVENTION.key(), "is required", null);
            SpecException.check(view != View.ROWS || site.convolutional(), TrialField.VIEW.key(),
                    "rows needs a convolutional layer (conv1, conv2, conv3); use flat at " + site.id(), view.id());
            int n = view.features(site);
            if (type == InterventionType.VANILLA) {
                SpecException.check(!multiSource, TrialField.MULTI_SOURCE.key(),
                        "vanilla copies the whole site, so it takes a single source", true);
                k = n;
            }
            SpecException.check(k > 0, TrialField.K.key(), "must be positive", k);
            SpecException.check(k <= n, TrialField.K.key(), "must be at most " + n + ", the features of site " + site.id() + "/"
                    + view.id(), k);
            SpecException.check(type != InterventionType.ROTATED || n <= MAX_ROTATED_FEATURES, TrialField.INTERVENTION.key(),
                    "rotated learns an n×n matrix; site " + site.id() + "/" + view.id() + " has n = " + n
                            + " > " + MAX_ROTATED_FEATURES + ", use low_rank", type.id());
        }

        /** Dimension n of the rotation at this site and view. */
        public int features() {
            return view.features(site);
        }

        /** {@code layer/view}, e.g. {@code conv1/rows}. */
        public String siteId() {
            return site.id() + "/" + view.id();
        }
    }

    /**
     * How the rotation is trained.
     *
     * @param epochs    training epochs over the training pairs (positive; 0 only in a {@code random_rotation}
     *                  control, which {@link TrialSpec} checks)
     * @param lr        Adam learning rate
     * @param batchSize pairs per Adam step
     * @param seed      seeds the rotation's initialisation
     */
    public record Training(int epochs, double lr, int batchSize, long seed) {
        public Training {
            SpecException.check(epochs >= 0, TrialField.EPOCHS.key(), "must be positive", epochs);
            SpecException.learningRate(lr, TrialField.LR.key());
            SpecException.positive(batchSize, TrialField.BATCH_SIZE.key());
        }
    }

    /**
     * The counterfactual pairs.
     *
     * @param nTrain   training pool size = number of training pairs
     * @param nEval    evaluation pool size = number of evaluation pairs
     * @param dataSeed seeds the image pools and the pairs
     */
    public record Data(int nTrain, int nEval, long dataSeed) {
        public Data {
            Limits.images(nTrain, TrialField.N_TRAIN.key());
            Limits.images(nEval, TrialField.N_EVAL.key());
        }
    }

    /** Number of sources per pair. */
    public int sources() {
        return intervention.multiSource() ? variables.size() : 1;
    }

    /** Dimension n of the rotation at this site and view. */
    public int features() {
        return intervention.features();
    }

    /**
     * The spec as an ordered map with snake_case keys: the one description of a trial that the CLI
     * prints and the driver hashes into {@code trial_id} (so the order and the names are fixed).
     *
     * A control's map adds {@code "control"} last; a DAS trial's has no such key, so its {@code trial_id} is the
     * same as before controls existed.
     *
     * @param withObjectiveName include the objective's name (it does not change the result)
     */
    public Map<String, Object> toMap(boolean withObjectiveName) {
        Map<String, Object> o = new LinkedHashMap<>();
        if (withObjectiveName) {
            o.put("name", objective.name());
        }
        o.put("coefficients", objective.coefficients());
        o.put("threshold", objective.threshold());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("objective", o);
        for (TrialField f : TrialField.ID_ORDER) {
            m.put(f.key(), f.get(this));
        }
        if (control != Control.NONE) {
            m.put("control", control.id());
        }
        return m;
    }

    /** A builder holding this spec's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * A builder preset to the seed notebook's single-source trial: objective {@code equal}, variables
     * {circularity, color}, conv1/rows, rotated, k = 64, one source, 3 epochs, lr 5e-4, batch 256,
     * 10,000 training and 1,000 evaluation pairs, data seed and seed 42.
     */
    public static Builder builder() {
        return new Builder(null);
    }

    /** Builds specs readably; each setter names its field, {@link #build()} validates. */
    public static final class Builder {
        private Objective objective = Objective.EQUAL;
        private List<Variable> variables = List.of(Variable.CIRCULARITY, Variable.COLOR);
        private Site site = Site.CONV1;
        private View view = View.ROWS;
        private InterventionType type = InterventionType.ROTATED;
        private int k = 64;
        private boolean multiSource;
        private int epochs = 3;
        private double lr = 5e-4;
        private int batchSize = 256;
        private long seed = 42;
        private int nTrain = 10_000;
        private int nEval = 1_000;
        private long dataSeed = 42;
        private Control control = Control.NONE;

        private Builder(TrialSpec from) {
            if (from != null) {
                objective(from.objective).variables(from.variables).intervention(from.intervention)
                        .training(from.training).data(from.data).control(from.control);
            }
        }

        public Builder objective(Objective o) { objective = o; return this; }
        public Builder variables(List<Variable> v) { variables = v; return this; }
        public Builder variables(Variable... v) { variables = List.of(v); return this; }
        public Builder site(Site s) { site = s; return this; }
        public Builder view(View v) { view = v; return this; }
        public Builder type(InterventionType t) { type = t; return this; }
        public Builder k(int value) { k = value; return this; }
        public Builder multiSource(boolean m) { multiSource = m; return this; }
        public Builder epochs(int e) { epochs = e; return this; }
        public Builder lr(double value) { lr = value; return this; }
        public Builder batchSize(int b) { batchSize = b; return this; }
        public Builder seed(long s) { seed = s; return this; }
        public Builder nTrain(int n) { nTrain = n; return this; }
        public Builder nEval(int n) { nEval = n; return this; }
        public Builder dataSeed(long s) { dataSeed = s; return this; }
        public Builder control(Control c) { control = c; return this; }

        public Builder intervention(Intervention i) {
            return site(i.site()).view(i.view()).type(i.type()).k(i.k()).multiSource(i.multiSource());
        }

        public Builder training(Training t) {
            return epochs(t.epochs()).lr(t.lr()).batchSize(t.batchSize()).seed(t.seed());
        }

        public Builder data(Data d) {
            return nTrain(d.nTrain()).nEval(d.nEval()).dataSeed(d.dataSeed());
        }

        /** The spec; throws {@link SpecException} naming the first field that breaks a rule. */
        public TrialSpec build() {
            return new TrialSpec(objective, variables, new Intervention(site, view, type, k, multiSource),
                    new Training(epochs, lr, batchSize, seed), new Data(nTrain, nEval, dataSeed), control);
        }
    }
}
