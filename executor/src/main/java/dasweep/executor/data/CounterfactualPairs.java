package dasweep.executor.data;

import dasweep.executor.spec.Objective;
import dasweep.executor.spec.Variable;

import java.util.List;

/**
 * An immutable set of counterfactual examples (spec §3) drawn from one pool of images: for each
 * example a base image, one or more source images, the base's task label and the counterfactual
 * label (the task label when the source variables are swapped into the base).
 *
 * <p>Source {@code s} supplies {@link #sourceVariables(int)}: all the variables for a single-source
 * set, variable {@code variables().get(s)} only for a multi-source set. Build one with
 * {@link PairSampler}.
 */
public final class CounterfactualPairs {
    private final EllipseImages pool;
    private final List<Variable> variables;
    private final Objective objective;
    private final boolean multi;
    private final int[] base;
    private final int[][] sources;
    private final boolean[] baseLabels;
    private final boolean[] counterfactualLabels;

    /** Package-private: takes ownership of the arrays ({@link PairSampler} builds them). */
    CounterfactualPairs(EllipseImages pool, List<Variable> variables, Objective objective, boolean multi,
                        int[] base, int[][] sources, boolean[] baseLabels, boolean[] counterfactualLabels) {
        this.pool = pool;
        this.variables = List.copyOf(variables);
        this.objective = objective;
        this.multi = multi;
        this.base = base;
        this.sources = sources;
        this.baseLabels = baseLabels;
        this.counterfactualLabels = counterfactualLabels;
    }

    /** The pool the indices point into. */
    public EllipseImages pool() {
        return pool;
    }

    /** The intervened variables, in the order given to the sampler. */
    public List<Variable> variables() {
        return variables;
    }

    /** The objective the labels were computed with. */
    public Objective objective() {
        return objective;
    }

    /** Whether there is one source per variable (multi source) rather than one for all. */
    public boolean multi() {
        return multi;
    }

    /** The number of examples. */
    public int size() {
        return base.length;
    }

    /** The number of sources per example: 1 for single source, one per variable for multi source. */
    public int sources() {
        return sources.length;
    }

    /** The variables source {@code s} supplies. */
    public List<Variable> sourceVariables(int s) {
        return multi ? List.of(variables.get(s)) : variables;
    }

    /** The pool index of the base image of example {@code i}. */
    public int base(int i) {
        return base[i];
    }

    /** The pool index of source {@code s} of example {@code i}. */
    public int source(int s, int i) {
        return sources[s][i];
    }

    /** All base indices (a copy). */
    public int[] baseIndices() {
        return base.clone();
    }

    /** All indices of source {@code s} (a copy). */
    public int[] sourceIndices(int s) {
        return sources[s].clone();
    }

    /** The task label of the base of example {@code i}. */
    public boolean baseLabel(int i) {
        return baseLabels[i];
    }

    /** The counterfactual label of example {@code i}. */
    public boolean counterfactualLabel(int i) {
        return counterfactualLabels[i];
    }

    /** All base task labels as 1.0 / 0.0. */
    public float[] baseLabels() {
        return asFloats(baseLabels);
    }

    /** All counterfactual labels as 1.0 / 0.0. */
    public float[] counterfactualLabels() {
        return asFloats(counterfactualLabels);
    }

    /** Copies the base images of examples {@code [from, to)} into {@code dest} from its start. */
    public void copyBaseImages(int from, int to, float[] dest) {
        pool.copyImages(base, from, to, dest, 0);
    }

    /** Copies the images of source {@code s} for examples {@code [from, to)} into {@code dest} from its start. */
    public void copySourceImages(int s, int from, int to, float[] dest) {
        pool.copyImages(sources[s], from, to, dest, 0);
    }

    private static float[] asFloats(boolean[] flags) {
        float[] out = new float[flags.length];
        for (int i = 0; i < flags.length; i++) {
            out[i] = flags[i] ? 1f : 0f;
        }
        return out;
    }
}
