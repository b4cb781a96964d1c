package dasweep.executor.spec;

import java.util.List;

/**
 * A training objective (spec §2): the task label is {@code (coefficients · labels) > threshold}.
 *
 * @param name         a short name, e.g. {@code equal}
 * @param coefficients one finite coefficient per {@link Variable}, in label order
 * @param threshold    the decision threshold (0.6 in the paper)
 */
public record Objective(String name, List<Double> coefficients, double threshold) {
    public static final Objective EQUAL = new Objective("equal", List.of(0.4, 0.4, 0.4), 0.6);

    public Objective {
        SpecException.check(name != null && !name.isBlank(), "objective.name", "must not be empty", name);
        SpecException.check(coefficients != null && coefficients.size() == Variable.values().length,
                "objective.coefficients", "must hold 3 numbers (circularity, color, area)", coefficients);
        for (Double c : coefficients) {
            SpecException.check(c != null && Double.isFinite(c), "objective.coefficients",
                    "must be finite numbers", coefficients);
        }
        SpecException.check(Double.isFinite(threshold), "objective.threshold", "must be finite", threshold);
        coefficients = List.copyOf(coefficients);
        // labels lie in [0, 1], so c · labels lies in [sum of the negative c, sum of the positive c]
        double low = coefficients.stream().mapToDouble(c -> Math.min(c, 0)).sum();
        double high = coefficients.stream().mapToDouble(c -> Math.max(c, 0)).sum();
        SpecException.check(threshold >= low && threshold < high, "objective.threshold",
                "makes every label " + (threshold >= high ? "0" : "1") + ": c · labels lies in [" + low + ", " + high
                        + "], the threshold must be at least the low end and below the high end", threshold);
    }

    public double coefficient(Variable v) {
        return coefficients.get(v.index());
    }

    /**
     * The weighted sum {@code c · labels} of the three labels stored at {@code labels[offset]},
     * {@code labels[offset + 1]}, {@code labels[offset + 2]} (in {@link Variable} order), summed in
     * variable order: {@code (c0·l0 + c1·l1) + c2·l2}.
     */
    public double score(double[] labels, int offset) {
        double sum = 0.0;
        for (int v = 0; v < coefficients.size(); v++) {
            sum += coefficients.get(v) * labels[offset + v];
        }
        return sum;
    }

    /** The task label (spec §2): {@code score(labels, offset) > threshold}. */
    public boolean label(double[] labels, int offset) {
        return score(labels, offset) > threshold;
    }
}
