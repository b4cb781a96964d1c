package dasweep.executor.data;

import dasweep.executor.spec.Objective;
import dasweep.executor.spec.Variable;

import dasweep.executor.spec.SpecException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Draws counterfactual examples from a pool (spec §3), uniformly with replacement, from an explicit
 * seed. Draw order: all {@code size} base indices, then all indices of source 0, source 1, ...
 *
 * <p>The counterfactual label is {@code (base term + source terms) > threshold} with the base term
 * {@code Σ_{v∉V} c_v·base_v} summed in {@link Variable} order and the source terms summed in source
 * order, each source's term summed in {@link Variable} order. This float order decides exact ties
 * at the threshold, which the 2-decimal label grid makes possible (about 1 in 10⁴ pairs); it is the
 * order of the reference implementation.
 */
public final class PairSampler {
    private static final Variable[] ALL = Variable.values();

    private PairSampler() {}

    /** Single source: one source per example supplies all {@code variables}. */
    public static CounterfactualPairs single(EllipseImages pool, List<Variable> variables, Objective objective,
                                             int size, long seed) {
        return sample(pool, variables, objective, size, seed, false);
    }

    /** Multi source: one source per variable; source {@code i} supplies {@code variables.get(i)} only. */
    public static CounterfactualPairs multi(EllipseImages pool, List<Variable> variables, Objective objective,
                                            int size, long seed) {
        return sample(pool, variables, objective, size, seed, true);
    }

    private static CounterfactualPairs sample(EllipseImages pool, List<Variable> variables, Objective objective,
                                              int size, long seed, boolean multi) {
        SpecException.check(pool != null, "pool", "must not be null", null);
        SpecException.check(pool.count() > 0, "pool", "must hold at least one image", pool.count());
        SpecException.check(objective != null, "objective", "must not be null", null);
        SpecException.check(variables != null && !variables.isEmpty(), "variables",
                "must name at least one variable", variables);
        Set<Variable> set = EnumSet.noneOf(Variable.class);
        for (Variable v : variables) {
            SpecException.check(v != null, "variables", "must not contain null", variables);
            SpecException.check(set.add(v), "variables", "must not repeat a variable", variables);
        }
        SpecException.positive(size, "size");

        int n = pool.count();
        SplittableRandom random = new SplittableRandom(seed);
        int[] base = draw(random, n, size);
        int groups = multi ? variables.size() : 1;
        int[][] sources = new int[groups][];
        for (int s = 0; s < groups; s++) {
            sources[s] = draw(random, n, size);
        }

        // coefficient tables: the base keeps the variables outside V; source s supplies its group
        Variable[] all = ALL;
        double[] baseCoefficients = new double[all.length];
        for (Variable v : all) {
            baseCoefficients[v.index()] = set.contains(v) ? 0.0 : objective.coefficient(v);
        }
        double[][] sourceCoefficients = new double[groups][all.length];
        for (int s = 0; s < groups; s++) {
            for (Variable v : multi ? List.of(variables.get(s)) : variables) {
                sourceCoefficients[s][v.index()] = objective.coefficient(v);
            }
        }

        boolean[] baseLabels = new boolean[size];
        boolean[] counterfactualLabels = new boolean[size];
        double threshold = objective.threshold();
        for (int i = 0; i < size; i++) {
            baseLabels[i] = pool.taskLabel(base[i], objective);
            double sourceSum = 0.0;
            for (int s = 0; s < groups; s++) {
                sourceSum += term(pool, sources[s][i], sourceCoefficients[s]);
            }
            counterfactualLabels[i] = term(pool, base[i], baseCoefficients) + sourceSum > threshold;
        }
        return new CounterfactualPairs(pool, variables, objective, multi, base, sources, baseLabels,
                counterfactualLabels);
    }

    /** {@code Σ_v c_v·label_v} over the variables with a nonzero coefficient entry, in variable order. */
    private static double term(EllipseImages pool, int image, double[] coefficients) {
        double sum = 0.0;
        for (Variable v : ALL) {
            double c = coefficients[v.index()];
            if (c != 0.0) {
                sum += c * pool.label(image, v);
            }
        }
        return sum;
    }

    private static int[] draw(SplittableRandom random, int n, int size) {
        int[] indices = new int[size];
        for (int i = 0; i < size; i++) {
            indices[i] = random.nextInt(n);
        }
        return indices;
    }
}
