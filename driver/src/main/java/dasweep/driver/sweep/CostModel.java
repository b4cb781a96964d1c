package dasweep.driver.sweep;

import dasweep.executor.spec.BaseNetworkSpec;
import dasweep.executor.spec.PackKey;
import dasweep.executor.spec.TrialSpec;
import dasweep.executor.spec.StepFlops;
import dasweep.executor.spec.Site;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cost model behind {@code --dry-run}: core-seconds on the CPU build. An estimate, not a promise.
 *
 * <p>A training step costs a fixed {@link #STEP_SECONDS}, plus {@link #ELEMENT_SECONDS} per site activation
 * element the step touches (batch × positions × features: the gathers, the interchange and every layer above
 * the site scale with it), plus its counted FLOPs ({@link StepFlops}) at {@link #FLOPS_PER_SECOND}. Evaluation
 * runs the same step forward only, plus one forward pass over the evaluation pool. A trial's setup is its pools
 * (drawn at {@link #IMAGE_SECONDS} an image), the site cache (its pools through the layers below the site) and
 * {@link #TRIAL_SECONDS} fixed; the trials of one pack ({@code pack: true}, the default) share one setup.
 *
 * <p>Calibrated with {@code dasweep bench}/{@code dasweep trial} on an idle 2-core machine, 2 threads
 * (2026-12-02, README "Performance"): paper-setting (flat, {@code low_rank} k 4, batch 512) epochs of 2.0, 0.90,
 * 0.36 and 0.07 s at conv1, conv2, conv3 and fc1, and the seed trial's 2.5 s (conv1 rows, rotated k 64, batch
 * 256); the fit is within 25% of each. Core-seconds are wall seconds × {@link #CORES}.
 */
public final class CostModel {
    /** The calibration machine's cores, all busy in every measurement. */
    static final double CORES = 2;
    /** Wall seconds per training step, fixed (measured at fc1, where a step touches 1,536 elements). */
    static final double STEP_SECONDS = 3.5e-3;
    /** Wall seconds per site activation element of a training step (least squares over the five calibration runs). */
    static final double ELEMENT_SECONDS = 11.5e-9;
    /** Counted FLOPs per wall second in a step's products (the same fit). */
    static final double FLOPS_PER_SECOND = 213e9;
    /** Wall seconds per pool image drawn, and per image run below the site into the cache, per conv FLOP. */
    static final double IMAGE_SECONDS = 30e-6;
    /** FLOPs per wall second of the frozen forward passes (cache fill, base accuracy). */
    static final double FORWARD_FLOPS_PER_SECOND = 40e9;
    /** Wall seconds of a trial's (or a pack's) fixed setup: network, pairs, rotation. */
    static final double TRIAL_SECONDS = 0.5;
    /**
     * Core-seconds per image-epoch of base training, on one thread as a sweep trains each network: the mini paper
     * sweep's three networks of 5 × 100,000 trained in 95.6, 115.8 and 113.5 s (idle machine, 2026-12-02), 54 s per
     * 250,000 image-epochs, plus their images and test images; an earlier whole-process measurement of the notebook
     * recipe (78 s of CPU per 250,000, JVM start included) erred high.
     */
    static final double BASE_PER_IMAGE_EPOCH = 60.0 / 250_000;

    private CostModel() {
    }

    /**
     * A sweep's estimate, in core-seconds: its trained base networks and its trials (packed as the sweep packs them).
     * {@code --dry-run} prints it; a run's progress turns it into an ETA.
     *
     * @param networks core-seconds of the networks to train (imported ones cost nothing here)
     * @param trained  how many networks are trained
     * @param trials   core-seconds of every trial
     * @param count    how many trials
     */
    public record Estimate(double networks, long trained, double trials, long count) {
        public double total() {
            return networks + trials;
        }
    }

    /** The estimate of a whole expanded sweep. */
    public static Estimate of(Grid.Expansion grid, boolean pack) {
        double base = 0;
        long trained = 0;
        for (NetworkRef n : grid.networks()) {
            if (n.trained()) {
                base += baseNetwork(n.recipe());
                trained++;
            }
        }
        double trials = trials(grid.cells().stream()
                .<Map.Entry<Object, TrialSpec>>map(c -> Map.entry(c.network().ordinal(), c.spec())).toList(), pack);
        return new Estimate(base, trained, trials, grid.cells().size());
    }

    public static double baseNetwork(BaseNetworkSpec spec) {
        return BASE_PER_IMAGE_EPOCH * spec.nImages() * spec.epochs()
                + CORES * spec.nTest() * StepFlops.below(Site.FC1) / FORWARD_FLOPS_PER_SECOND;
    }

    /** One trial run alone: its setup, training and evaluation. */
    public static double trial(TrialSpec spec) {
        return setup(spec) + work(spec);
    }

    /**
     * Trials as a sweep runs them: with {@code pack}, trials on one network that share a {@link PackKey} share one
     * setup per {@link PackKey#MAX_MEMBERS} of them.
     *
     * @param trials each trial's network (any key that tells networks apart) and spec
     */
    public static double trials(List<Map.Entry<Object, TrialSpec>> trials, boolean pack) {
        Map<List<Object>, List<TrialSpec>> groups = new LinkedHashMap<>();
        for (Map.Entry<Object, TrialSpec> t : trials) {
            List<Object> key = pack ? List.of(t.getKey(), PackKey.of(t.getValue())) : List.of(groups.size());
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(t.getValue());
        }
        double total = 0;
        for (List<TrialSpec> group : groups.values()) {
            int packs = (group.size() + PackKey.MAX_MEMBERS - 1) / PackKey.MAX_MEMBERS;
            total += packs * setup(group.get(0));
            total += group.stream().mapToDouble(CostModel::work).sum();
        }
        return total;
    }

    /** Core-seconds of a trial's setup: pools (training, evaluation, held-out), site cache, fixed costs. */
    static double setup(TrialSpec spec) {
        double images = (double) spec.data().nTrain() + 2.0 * spec.data().nEval();
        double cache = images * StepFlops.below(spec.intervention().site()) / FORWARD_FLOPS_PER_SECOND;
        return CORES * (TRIAL_SECONDS + images * IMAGE_SECONDS + cache);
    }

    /** Core-seconds of a trial's training and evaluation. */
    static double work(TrialSpec spec) {
        int batch = spec.training().batchSize();
        double trainSteps = spec.intervention().type().trained()
                ? spec.training().epochs() * Math.ceil((double) spec.data().nTrain() / batch) : 0;
        double evalSteps = 2 * Math.ceil((double) spec.data().nEval() / batch);   // evaluation and held-out IIA
        double basePass = spec.data().nEval() * StepFlops.below(Site.FC1) / FORWARD_FLOPS_PER_SECOND;
        return CORES * (trainSteps * step(spec, batch) + evalSteps * step(spec, batch) / 3 + basePass);
    }

    /** Wall seconds of one training step of {@code batch} pairs. */
    static double step(TrialSpec spec, int batch) {
        TrialSpec.Intervention at = spec.intervention();
        double elements = (double) batch * at.view().positions(at.site()) * at.features();
        double flops = batch * StepFlops.perPair(spec, true) + StepFlops.perStep(spec);
        return STEP_SECONDS + elements * ELEMENT_SECONDS + flops / FLOPS_PER_SECOND;
    }
}
