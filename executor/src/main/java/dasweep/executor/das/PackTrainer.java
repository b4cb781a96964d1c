package dasweep.executor.das;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.ParameterStore;
import dasweep.executor.spec.PackKey;
import dasweep.executor.spec.PackedTrial;
import dasweep.executor.spec.TrialResult;
import dasweep.executor.spec.TrialFailure;
import dasweep.executor.spec.TrialSpec;
import dasweep.executor.data.EllipseImages;
import dasweep.executor.model.EllipseCnn;
import dasweep.executor.torch.Losses;
import dasweep.executor.torch.Torch;
import dasweep.executor.weights.NetworkWeights;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * A pack: trials that share network, site, view, pools, objective, number of sources and batch size
 * ({@link PackKey}) trained side by side. Shared: the image pools, ONE site-activation cache, the rows
 * each step gathers from it (members whose pairs draw the same images use the same rows), the network's
 * base accuracy. Per member: pairs, rotation, Adam. At each batch index the members still training intervene in
 * stacks ({@link MemberStack}: same rows and k, one shared projection), each stack's batches go through the layers
 * above the site in one forward, and one backward runs on loss = Σ of the members' mean BCEs: those layers treat
 * every example on its own and a member's rotation reaches only its own examples, so each rotation gets exactly
 * its own gradient (up to float reassociation in the batched products). Members with fewer epochs drop out; a member whose loss turns
 * non-finite fails alone at that step and the rest go on.
 *
 * <p>Time: each epoch's wall time is split evenly among the members that trained in it
 * ({@code epoch_seconds}); the evaluation of the members that finish together, evenly among them. A pack
 * of one does what {@link DasTrainer} does, op for op (tested bit-identical).
 */
public final class PackTrainer {
    /** The most graph (bytes, {@link PackMember#stepBytes}) in one batched forward; larger packs run in chunks. */
    static final long STEP_BYTES = 256L << 20;

    private final EllipseCnn cnn;
    private final ParameterStore ps;
    private final NDManager manager;
    private final PackKey key;
    private final SiteRows trainRows;
    private final List<PackMember> members;
    private final PackedTrial.Listener listener;
    private final IntPredicate diverge;
    private final String device;
    private final int threads;
    private final PackEvaluation evaluation;
    private double setupShare;

    private PackTrainer(EllipseCnn cnn, ParameterStore ps, NDManager manager, PackKey key, SiteRows trainRows,
                        PackEvaluation evaluation, List<PackMember> members, PackedTrial.Listener listener,
                        IntPredicate diverge, String device, int threads) {
        this.cnn = cnn;
        this.ps = ps;
        this.manager = manager;
        this.key = key;
        this.trainRows = trainRows;
        this.evaluation = evaluation;
        this.members = members;
        this.listener = listener;
        this.diverge = diverge;
        this.device = device;
        this.threads = threads;
    }

    /** Runs the pack, telling {@code listener} about its members as they finish. */
    public static void run(List<TrialSpec> specs, NetworkWeights weights, int threads, Device device,
                           PackedTrial.Listener listener) {
        run(specs, weights, threads, device, SiteActivations.budgetBytes(), listener, member -> false);
    }

    /** @param diverge members whose loss is made NaN at every step (tests of a member that fails alone) */
    static void run(List<TrialSpec> specs, NetworkWeights weights, int threads, Device device, long cacheBudgetBytes,
                    PackedTrial.Listener listener, IntPredicate diverge) {
        PackKey key = PackKey.common(specs);
        long start = System.nanoTime();
        Torch.threads(threads);
        TrialSpec first = specs.get(0);
        EllipseImages trainPool = DasTrainer.pool(first, "train", first.data().nTrain());
        EllipseImages evalPool = DasTrainer.pool(first, "eval", first.data().nEval());
        boolean gradBefore = Torch.gradMode(false);
        List<PackMember> members = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager(device)) {
            EllipseCnn cnn = EllipseCnn.of(manager, weights, true);
            ParameterStore ps = new ParameterStore(manager, false);
            PackMember.Indices trainIndices = new PackMember.Indices();
            PackMember.Indices evalIndices = new PackMember.Indices();
            for (int i = 0; i < specs.size(); i++) {
                TrialSpec spec = specs.get(i);
                members.add(new PackMember(i, spec, DasTrainer.pairs(spec, "train", trainPool), trainIndices,
                        DasTrainer.pairs(spec, "eval", evalPool), evalIndices, manager));
            }
            boolean cache = SiteActivations.fits(key.site(), (long) trainPool.count() + evalPool.count(),
                    cacheBudgetBytes);
            PackEvaluation evaluation = new PackEvaluation(cnn, ps, manager, key,
                    new SiteRows(cnn, ps, manager, key.site(), evalPool, cache),
                    cache ? (long) trainPool.count() + evalPool.count() : -1, cacheBudgetBytes);
            new PackTrainer(cnn, ps, manager, key, new SiteRows(cnn, ps, manager, key.site(), trainPool, cache),
                    evaluation, members, listener, diverge, device.toString(), threads).train(start);
        } finally {
            members.forEach(PackMember::close);
            Torch.gradMode(gradBefore);
        }
    }

    private void train(long start) {
        setupShare = (System.nanoTime() - start) / 1e9 / members.size();
        int epochs = members.stream().mapToInt(PackMember::lastEpoch).max().orElse(0);
        finish(0);
        for (int epoch = 0; epoch < epochs; epoch++) {
            final int e = epoch;
            List<PackMember> active = members.stream().filter(m -> m.trains(e)).toList();
            active.forEach(m -> m.lossSum = 0);
            long t0 = System.nanoTime();
            int n = key.data().nTrain();
            for (int from = 0; from < n; from += key.batchSize()) {
                step(active, epoch, from, Math.min(n, from + key.batchSize()));
            }
            double share = (System.nanoTime() - t0) / 1e9 / Math.max(1, active.size());
            for (PackMember m : active) {
                if (!m.done) {
                    m.seconds.add(share);
                    m.losses.add(m.lossSum / n);
                }
            }
            finish(epoch + 1);
        }
    }

    /** One batched step of the members still training: forward, backward, each member's Adam. */
    private void step(List<PackMember> active, int epoch, int from, int to) {
        List<PackMember> live = active.stream().filter(m -> !m.done).toList();
        if (live.isEmpty()) {
            return;
        }
        List<PackedTrial> failed = new ArrayList<>();
        try (NDScope scope = new NDScope()) {
            Map<int[], NDArray> rows = trainRows.gather(live, true, from, to);
            List<NDArray> losses = new ArrayList<>();
            Torch.gradMode(true);
            for (int c = 0, end; c < live.size(); c = end) {       // chunks of at most STEP_BYTES of graph
                long bytes = 0;
                for (end = c; end < live.size() && (end == c || bytes + live.get(end).stepBytes(to - from)
                        <= STEP_BYTES); end++) {
                    bytes += live.get(end).stepBytes(to - from);
                }
                losses.addAll(forwardBackward(live.subList(c, end), rows, from, to));
            }
            Torch.gradMode(false);
            for (int i = 0; i < live.size(); i++) {
                PackMember m = live.get(i);
                float loss = losses.get(i).getFloat();
                if (!Float.isFinite(loss)) {
                    failed.add(new PackedTrial(m.index, null, new TrialFailure("training diverged: the loss is " + loss
                            + " at epoch " + (epoch + 1) + " of " + m.spec.training().epochs()),
                            setupShare + m.seconds.stream().mapToDouble(Double::doubleValue).sum()));
                    m.done = true;
                    continue;
                }
                m.adam.step();
                m.lossSum += loss * (to - from);
            }
        }
        if (!failed.isEmpty()) {     // out of the step's scope: their rotations go now, the rest train on
            failed.forEach(f -> members.get(f.member()).close());
            listener.finished(failed);
        }
    }

    /** Forward and backward of {@code chunk} at pairs [from, to); returns its members' losses, in its order. */
    private List<NDArray> forwardBackward(List<PackMember> chunk, Map<int[], NDArray> rows, int from, int to) {
        Map<PackMember, NDArray> losses = new IdentityHashMap<>();
        NDArray total = null;
        int b = to - from;
        for (MemberStack stack : MemberStack.of(chunk, true)) {
            NDArray logit = cnn.fromSite(ps, stack.intervene(rows, true, from, to), key.site());
            for (int j = 0; j < stack.members().size(); j++) {
                PackMember m = stack.members().get(j);
                NDArray loss = Losses.bceWithLogits(stack.part(logit, j, b), manager.create(m.pairs(true).labels(from, to)));
                if (diverge.test(m.index)) {
                    loss = loss.mul(Float.NaN);
                }
                losses.put(m, loss);
                total = total == null ? loss : total.add(loss);
            }
        }
        Torch.backward(total);
        return chunk.stream().map(losses::get).toList();
    }

    /** Evaluates the members whose training ends after {@code epoch} epochs and reports them together. */
    private void finish(int epoch) {
        List<PackMember> group = members.stream().filter(m -> !m.done && m.lastEpoch() == epoch).toList();
        if (group.isEmpty()) {
            return;
        }
        long t0 = System.nanoTime();
        List<PackMember.Scores> scores = evaluation.scores(group);
        double share = (System.nanoTime() - t0) / 1e9 / group.size();
        PackEvaluation.HeldOut held = evaluation.heldOut(group);
        List<PackedTrial> done = new ArrayList<>();
        for (int i = 0; i < group.size(); i++) {
            PackMember m = group.get(i);
            int h = held.members().indexOf(m);
            try {
                TrialResult result = h < 0 ? m.result(scores.get(i), share, device, threads)
                        : m.result(scores.get(i), share, device, threads, held.iia()[h], held.seconds(),
                        held.subspaces().get(h));
                done.add(new PackedTrial(m.index, TrialFailure.checkFinite(result), null, setupShare));
            } catch (RuntimeException e) {
                done.add(new PackedTrial(m.index, null, e, setupShare + share + m.trainSeconds()));
            }
            m.close();
        }
        listener.finished(done);
    }
}
