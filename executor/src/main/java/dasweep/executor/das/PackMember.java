package dasweep.executor.das;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dasweep.executor.spec.Subspace;
import dasweep.executor.spec.TrialResult;
import dasweep.executor.spec.TrialSpec;
import dasweep.executor.data.CounterfactualPairs;
import dasweep.executor.torch.Adam;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One trial of a pack ({@link PackTrainer}): its own pairs, rotation and Adam, its losses and its share of
 * the pack's time. Its pairs' index arrays are canonical ({@link Indices}): members whose pairs draw the same
 * pool images (single-source pairs of one data seed do, whatever the variables) hold the same array, so a
 * step gathers those rows once for all of them.
 */
final class PackMember {
    final int index;
    final TrialSpec spec;
    final Rotation rotation;
    final Adam adam;
    final List<Double> losses = new ArrayList<>();
    final List<Double> seconds = new ArrayList<>();
    private final Pairs train;
    private final Pairs eval;
    double lossSum;
    boolean done;

    PackMember(int index, TrialSpec spec, CounterfactualPairs train, Indices trainIndices, CounterfactualPairs eval,
               Indices evalIndices, NDManager manager) {
        this.index = index;
        this.spec = spec;
        this.train = new Pairs(train, trainIndices);
        this.eval = new Pairs(eval, evalIndices);
        this.rotation = DasTrainer.rotation(spec, manager);
        this.adam = rotation == null ? null : new Adam(rotation.parameters(), spec.training().lr());
    }

    Pairs pairs(boolean training) {
        return training ? train : eval;
    }

    /** Whether this member trains in {@code epoch} (0-based). */
    boolean trains(int epoch) {
        return !done && rotation != null && epoch < spec.training().epochs();
    }

    /** The epoch after which this member is evaluated: 0 for one that trains nothing. */
    int lastEpoch() {
        return rotation == null ? 0 : spec.training().epochs();
    }

    /** The interchange at the site for pairs [from, to), from rows gathered once per step. */
    NDArray intervene(Map<int[], NDArray> rows, boolean training, int from, int to) {
        Pairs p = pairs(training);
        List<NDArray> sources = new ArrayList<>();
        for (int[] s : p.sources) {
            sources.add(rows.get(s));
        }
        NDArray w = rotation == null ? null : rotation.columns();
        TrialSpec.Intervention at = spec.intervention();
        return Interchange.apply(rows.get(p.base), sources, w, at.k(), at.site(), at.view());
    }

    TrialResult result(Scores scores, double evalSeconds, String device, int threads) {
        return result(scores, evalSeconds, device, threads, null, null, null);
    }

    /** With the held-out IIA, its seconds and the learned subspace (all null for vanilla). */
    TrialResult result(Scores scores, double evalSeconds, String device, int threads, Double heldout,
                       Double heldoutSeconds, Subspace subspace) {
        double orthogonality = rotation == null ? 0 : rotation.orthogonalityError();
        return new TrialResult(scores.iia(), scores.trivial(), scores.baseAccuracy(),
                losses.isEmpty() ? Double.NaN : losses.get(losses.size() - 1), losses, orthogonality, seconds,
                trainSeconds(), evalSeconds, device, threads, heldout, heldoutSeconds, subspace);
    }

    /**
     * The bytes a step of {@code batch} pairs keeps for this member's backward, roughly: its intervened site
     * activations and their intermediates (4 copies), and its rotation's graph (the Householder frame keeps two n×m
     * arrays per reflection, 2m reflections; a Cayley rotation, a few n×n arrays).
     */
    long stepBytes(int batch) {
        long n = spec.features();
        long m = (long) spec.intervention().k() * spec.sources();
        long graph = switch (spec.intervention().type()) {
            case LOW_RANK -> 4L * 2 * (2 * m) * n * m;
            case ROTATED -> 4L * 8 * n * n;
            default -> 0;
        };
        return 4L * 4 * batch * spec.intervention().site().size() + graph;
    }

    /** Its shares of the epochs it trained. */
    double trainSeconds() {
        return seconds.stream().mapToDouble(Double::doubleValue).sum();
    }

    void close() {
        done = true;
        if (rotation != null) {
            rotation.close();
        }
    }

    record Scores(double iia, double trivial, double baseAccuracy) {
    }

    /** A member's pairs with canonical index arrays and the counterfactual labels. */
    static final class Pairs {
        final int size;
        final int[] base;
        final int[][] sources;
        final float[] labels;

        Pairs(CounterfactualPairs pairs, Indices indices) {
            size = pairs.size();
            base = indices.canonical(pairs.baseIndices());
            sources = new int[pairs.sources()][];
            for (int s = 0; s < sources.length; s++) {
                sources[s] = indices.canonical(pairs.sourceIndices(s));
            }
            labels = pairs.counterfactualLabels();
        }

        /** The counterfactual labels of pairs [from, to). */
        float[] labels(int from, int to) {
            return Arrays.copyOfRange(labels, from, to);
        }
    }

    /** Equal index arrays as one instance, so that a step can gather each distinct array once. */
    static final class Indices {
        private final List<int[]> seen = new ArrayList<>();

        int[] canonical(int[] indices) {
            for (int[] s : seen) {
                if (Arrays.equals(s, indices)) {
                    return s;
                }
            }
            seen.add(indices);
            return indices;
        }
    }
}
