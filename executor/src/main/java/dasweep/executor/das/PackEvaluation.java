package dasweep.executor.das;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.ParameterStore;
import dasweep.executor.model.BaseTrainer;
import dasweep.executor.model.EllipseCnn;
import dasweep.executor.spec.PackKey;
import dasweep.executor.spec.Subspace;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The evaluation of a pack's members that finish together ({@link PackTrainer}): each member's interchange IIA and
 * trivial IIA on the evaluation pairs (members in {@link MemberStack}s, the base predictions shared by members whose
 * pairs draw the same base images), the network's base accuracy (once per pack), and the learned subspaces applied
 * to held-out pairs in one pass ({@link SubspaceEval}, its pools and cache made once per pack).
 */
final class PackEvaluation {
    private final EllipseCnn cnn;
    private final ParameterStore ps;
    private final NDManager manager;
    private final PackKey key;
    private final SiteRows evalRows;
    /** Images already cached at the site (-1: none, so the held-out pool is not cached either), and the budget. */
    private final long cachedImages;
    private final long cacheBudget;
    private Double baseAccuracy;
    private SubspaceEval heldout;

    PackEvaluation(EllipseCnn cnn, ParameterStore ps, NDManager manager, PackKey key, SiteRows evalRows,
                   long cachedImages, long cacheBudget) {
        this.cnn = cnn;
        this.ps = ps;
        this.manager = manager;
        this.key = key;
        this.evalRows = evalRows;
        this.cachedImages = cachedImages;
        this.cacheBudget = cacheBudget;
    }

    /** Each member's scores on the evaluation pairs, in {@code group}'s order. */
    List<PackMember.Scores> scores(List<PackMember> group) {
        long[] hits = new long[group.size()];
        long[] trivial = new long[group.size()];
        int n = key.data().nEval();
        for (int from = 0; from < n; from += key.batchSize()) {
            int to = Math.min(n, from + key.batchSize());
            try (NDScope scope = new NDScope()) {
                Map<int[], NDArray> rows = evalRows.gather(group, false, from, to);
                Map<int[], NDArray> basePredictions = new IdentityHashMap<>();
                for (MemberStack stack : MemberStack.of(group, false)) {
                    NDArray predictions = EllipseCnn.predict(cnn.fromSite(ps, stack.intervene(rows, false, from, to),
                            key.site()));
                    for (int j = 0; j < stack.members().size(); j++) {
                        PackMember m = stack.members().get(j);
                        int i = group.indexOf(m);
                        NDArray y = manager.create(m.pairs(false).labels(from, to));
                        hits[i] += BaseTrainer.count(stack.part(predictions, j, to - from), y);
                        NDArray base = basePredictions.computeIfAbsent(m.pairs(false).base,
                                a -> EllipseCnn.predict(cnn.fromSite(ps, rows.get(a), key.site())));
                        trivial[i] += BaseTrainer.count(base, y);
                    }
                }
            }
        }
        if (baseAccuracy == null) {
            baseAccuracy = BaseTrainer.accuracy(cnn, ps, manager, evalRows.pool(), key.objective(), key.batchSize());
        }
        double accuracy = baseAccuracy;
        return IntStream.range(0, group.size())
                .mapToObj(i -> new PackMember.Scores((double) hits[i] / n, (double) trivial[i] / n, accuracy))
                .toList();
    }

    /** The group's members with a rotation, their subspaces, held-out IIAs and each one's share of the pass. */
    record HeldOut(List<PackMember> members, List<Subspace> subspaces, double[] iia, double seconds) {
    }

    /** The learned subspaces of {@code group}'s members, applied in one pass to their held-out pairs. */
    HeldOut heldOut(List<PackMember> group) {
        List<PackMember> learned = group.stream().filter(m -> m.rotation != null).toList();
        if (learned.isEmpty()) {
            return new HeldOut(learned, List.of(), new double[0], 0);
        }
        long t0 = System.nanoTime();
        List<Subspace> subspaces = learned.stream().map(m -> SubspaceEval.of(m.rotation, m.spec)).toList();
        if (heldout == null) {
            heldout = SubspaceEval.heldout(cnn, ps, manager, learned.get(0).spec, cachedImages, cacheBudget);
        }
        double[] iia = heldout.iia(learned.stream().map(m -> m.spec).toList(), subspaces, SubspaceEval.HELDOUT);
        return new HeldOut(learned, subspaces, iia, (System.nanoTime() - t0) / 1e9 / learned.size());
    }
}
