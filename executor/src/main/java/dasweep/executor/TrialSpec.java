package dasweep.executor;

import dasweep.executor.das.InterventionType;
import dasweep.executor.data.Objective;
import dasweep.executor.data.Variable;
import dasweep.executor.model.Site;
import dasweep.executor.model.View;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything that determines one DAS trial's result, as an immutable, self-validating value.
 * The network's weights travel beside it (as bytes), not inside it.
 *
 * @param objective    the task whose counterfactual labels are learned (spec §2)
 * @param variables    the high-level variables the intervention localises, in source order
 * @param site         the layer whose pre-ReLU output is intervened on
 * @param view         how the site is read as feature vectors
 * @param intervention the intervention type
 * @param k            rotated coordinates per source (for {@code vanilla}: the whole site)
 * @param multiSource  one source per variable, each owning a disjoint block of k coordinates
 * @param epochs       training epochs over the training pairs
 * @param lr           Adam learning rate
 * @param batchSize    pairs per Adam step
 * @param nTrain       training pool size = number of training pairs
 * @param nEval        evaluation pool size = number of evaluation pairs
 * @param dataSeed     seeds the image pools and the pairs
 * @param seed         seeds the rotation's initialisation
 */
public record TrialSpec(
        Objective objective,
        List<Variable> variables,
        Site site,
        View view,
        InterventionType intervention,
        int k,
        boolean multiSource,
        int epochs,
        double lr,
        int batchSize,
        int nTrain,
        int nEval,
        long dataSeed,
        long seed) {

    /** The largest n for which a full n×n {@code rotated} matrix is allowed (64 MiB of floats). */
    public static final int MAX_ROTATED_FEATURES = 4096;

    public TrialSpec {
        SpecException.check(objective != null, "objective", "is required", null);
        SpecException.check(variables != null && !variables.isEmpty(), "variables", "must name at least one variable",
                variables);
        SpecException.check(new HashSet<>(variables).size() == variables.size(), "variables",
                "must not repeat a variable", variables);
        variables = List.copyOf(variables);
        SpecException.check(site != null, "layer", "is required", null);
        SpecException.check(view != null, "view", "is required", null);
        SpecException.check(intervention != null, "intervention", "is required", null);
        SpecException.check(view != View.ROWS || site.convolutional(), "view",
                "rows needs a convolutional layer (conv1, conv2, conv3); use flat at " + site.id(), view.id());
        int n = view.features(site);
        if (intervention == InterventionType.VANILLA) {
            SpecException.check(!multiSource, "multi_source",
                    "vanilla copies the whole site, so it takes a single source", true);
            k = n;
        }
        int sources = multiSource ? variables.size() : 1;
        SpecException.check(k > 0, "k", "must be positive", k);
        SpecException.check((long) k * sources <= n, "k",
                (multiSource ? "k × " + sources + " sources must" : "must") + " be at most " + n
                        + ", the features of site " + site.id() + "/" + view.id(), k);
        SpecException.check(intervention != InterventionType.ROTATED || n <= MAX_ROTATED_FEATURES, "intervention",
                "rotated learns an n×n matrix; site " + site.id() + "/" + view.id() + " has n = " + n
                        + " > " + MAX_ROTATED_FEATURES + ", use low_rank", intervention.id());
        SpecException.positive(epochs, "epochs");
        SpecException.positiveFinite(lr, "lr");
        SpecException.positive(batchSize, "batch");
        SpecException.positive(nTrain, "n_train");
        SpecException.positive(nEval, "n_eval");
    }

    /**
     * The spec as an ordered map with snake_case keys: the one description of a trial that the CLI
     * prints and the driver hashes into {@code trial_id} (so the order and the names are fixed).
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
        m.put("variables", variables.stream().map(Variable::id).toList());
        m.put("layer", site.id());
        m.put("view", view.id());
        m.put("intervention", intervention.id());
        m.put("k", k);
        m.put("multi_source", multiSource);
        m.put("epochs", epochs);
        m.put("lr", lr);
        m.put("batch_size", batchSize);
        m.put("n_train", nTrain);
        m.put("n_eval", nEval);
        m.put("data_seed", dataSeed);
        m.put("seed", seed);
        return m;
    }

    /** Number of sources per pair. */
    public int sources() {
        return multiSource ? variables.size() : 1;
    }

    /** Dimension n of the rotation at this site and view. */
    public int features() {
        return view.features(site);
    }
}
