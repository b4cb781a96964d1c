package dasweep.executor.model;

import dasweep.executor.spec.Site;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dasweep.executor.spec.BaseNetwork;
import dasweep.executor.spec.BaseNetworkSpec;
import dasweep.executor.spec.Hashes;
import dasweep.executor.spec.Seeds;
import dasweep.executor.spec.TrialFailure;
import dasweep.executor.data.EllipseGenerator;
import dasweep.executor.data.EllipseImages;
import dasweep.executor.spec.Objective;
import dasweep.executor.torch.Adam;
import dasweep.executor.torch.Losses;
import dasweep.executor.torch.Torch;
import dasweep.executor.weights.NetworkWeights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a base network (spec §4: Adam, BCE, sequential batches; the rate per step from the recipe's
 * {@link LrSchedule}) and measures task accuracy.
 */
public final class BaseTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(BaseTrainer.class);
    private static final int IMAGE = EllipseImages.SIZE * EllipseImages.SIZE;

    private BaseTrainer() {
    }

    /**
     * Trains a network by the recipe in {@code spec}. A run still on the initial plateau after
     * {@link Restarts#PLATEAU_EPOCH} epochs (mean loss ≥ {@link Restarts#PLATEAU_LOSS}; a constant predictor scores
     * about 0.69), or a warmup run that lost two of fc1's units in its first epoch, is restarted from the next
     * derived initialisation, at most {@link Restarts#MAX_ATTEMPTS} times (see {@link Restarts}).
     * A recipe of 0 epochs (an untrained control network) is its first initialisation whose fc1 units are alive,
     * measured as it is: the epoch loop does not run, so there is no plateau to check and no losses.
     */
    public static BaseNetwork train(BaseNetworkSpec spec, int threads, Device device) {
        Torch.threads(threads);
        EllipseImages images = EllipseGenerator.generate(Seeds.derive(spec.seed(), "base-train"), spec.nImages());
        EllipseImages test = EllipseGenerator.generate(Seeds.derive(spec.seed(), "base-test"), spec.nTest());
        float[] labels = images.taskLabels(spec.objective());
        int[] order = IntStream.range(0, images.count()).toArray();
        boolean gradBefore = Torch.gradMode(false);
        long start = System.nanoTime();
        int draw = 0;
        try {
            for (int attempt = 1; ; attempt++) {
                try (NDManager manager = NDManager.newBaseManager(device)) {
                    ParameterStore ps = new ParameterStore(manager, false);
                    EllipseCnn cnn = null;
                    while (cnn == null) {
                        cnn = initialise(manager, ps, images, order, spec, draw++);
                    }
                    List<Double> losses = train(cnn, ps, manager, images, labels, order, spec,
                            attempt < Restarts.MAX_ATTEMPTS);
                    if (losses == null) {
                        continue;
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    double accuracy = accuracy(cnn, ps, manager, test, spec.objective(), 500);
                    byte[] bytes = cnn.weights().toSafetensors();
                    return new BaseNetwork(bytes, Hashes.sha256(bytes), accuracy, losses, seconds);
                }
            }
        } finally {
            Torch.gradMode(gradBefore);
        }
    }

    /** Mean loss per epoch, or null when {@code mayGiveUp} and {@link Restarts} gives a reason to start again. */
    private static List<Double> train(EllipseCnn cnn, ParameterStore ps, NDManager manager, EllipseImages images,
                                      float[] labels, int[] order, BaseNetworkSpec spec, boolean mayGiveUp) {
        List<NDArray> parameters = new ArrayList<>();
        cnn.getParameters().forEach(p -> parameters.add(p.getValue().getArray()));
        Adam adam = new Adam(parameters, spec.lr());
        List<Double> losses = new ArrayList<>();
        int stepsPerEpoch = (images.count() + spec.batchSize() - 1) / spec.batchSize();
        int steps = 0;
        for (int epoch = 0; epoch < spec.epochs(); epoch++) {
            double sum = 0;
            for (int from = 0; from < images.count(); from += spec.batchSize()) {
                int to = Math.min(images.count(), from + spec.batchSize());
                try (NDScope step = new NDScope()) {
                    NDArray x = images(manager, images, order, from, to);
                    Torch.gradMode(true);
                    NDArray loss = Losses.bceWithLogits(cnn.logit(ps, x),
                            manager.create(Arrays.copyOfRange(labels, from, to)));
                    Torch.backward(loss);
                    Torch.gradMode(false);
                    adam.step(spec.schedule().rate(spec.lr(), steps++, stepsPerEpoch, stepsPerEpoch * spec.epochs()));
                    sum += loss.getFloat() * (to - from);
                }
            }
            losses.add(sum / images.count());
            LOG.debug("base network epoch {}: loss {}", epoch + 1, losses.get(epoch));
            String restart = mayGiveUp ? Restarts.reason(spec, epoch + 1, losses.get(epoch),
                    () -> aliveFc1Units(cnn, ps, manager, images, order, spec)) : null;
            if (restart != null) {
                LOG.info("base network seed {}: {}, restarting from a new initialisation", spec.seed(), restart);
                return null;
            }
        }
        return losses;
    }

    /** The fc1 units on for at least one image of the first batch. */
    static int aliveFc1Units(EllipseCnn cnn, ParameterStore ps, NDManager manager, EllipseImages images, int[] order,
                             BaseNetworkSpec spec) {
        try (NDScope scope = new NDScope()) {
            NDArray x = images(manager, images, order, 0, Math.min(images.count(), spec.batchSize()));
            return (int) cnn.toSite(ps, x, Site.FC1).max(new int[] {0}).gt(0).sum().toType(DataType.INT64, false)
                    .getLong();
        }
    }

    /**
     * A random initialisation (the recipe's {@link Init}) whose three fc1 units are all alive on the first batch.
     * They are fed by non-negative, nearly constant activations (the images are mostly white
     * background), so each unit is, at random, either on or off for every image at once; a draw
     * with units off for every image starts on a plateau that Adam at 1e-4 may not leave in 5 epochs
     * (seen with the PyTorch reference's own CNN as well as here). Such draws are redrawn from the
     * next derived seed (returns null; the caller draws again), and logged.
     */
    static EllipseCnn initialise(NDManager manager, ParameterStore ps, EllipseImages images, int[] order,
                                 BaseNetworkSpec spec, int draw) {
        EllipseCnn cnn = EllipseCnn.random(manager, Seeds.derive(spec.seed(), "base-init/" + draw), spec.init());
        try (NDScope scope = new NDScope()) {
            NDArray x = images(manager, images, order, 0, Math.min(images.count(), spec.batchSize()));
            if (cnn.toSite(ps, x, Site.FC1).max(new int[] {0}).min().getFloat() > 0) {
                return cnn;
            }
        }
        LOG.debug("base network seed {}: initialisation {} has an fc1 unit off for every image, redrawing",
                spec.seed(), draw);
        cnn.getParameters().forEach(p -> p.getValue().close());
        return null;
    }

    /** Task accuracy of {@code weights} on {@code nTest} fresh images drawn from {@code seed}. */
    public static double accuracy(NetworkWeights weights, Objective objective, int nTest, long seed, int threads,
                                  Device device) {
        Torch.threads(threads);
        EllipseImages test = EllipseGenerator.generate(seed, nTest);
        boolean gradBefore = Torch.gradMode(false);
        try (NDManager manager = NDManager.newBaseManager(device)) {
            EllipseCnn cnn = EllipseCnn.of(manager, weights, true);
            return accuracy(cnn, new ParameterStore(manager, false), manager, test, objective, 500);
        } finally {
            Torch.gradMode(gradBefore);
        }
    }

    /** Fraction of {@code pool}'s images whose prediction equals the task label. */
    public static double accuracy(EllipseCnn cnn, ParameterStore ps, NDManager manager, EllipseImages pool,
                                  Objective objective, int batchSize) {
        float[] task = pool.taskLabels(objective);
        int[] order = IntStream.range(0, pool.count()).toArray();
        long correct = 0;
        for (int from = 0; from < pool.count(); from += batchSize) {
            int to = Math.min(pool.count(), from + batchSize);
            try (NDScope step = new NDScope()) {
                NDArray x = images(manager, pool, order, from, to);
                NDArray logit = cnn.logit(ps, x);
                if (logit.isNaN().any().getBoolean() || logit.isInfinite().any().getBoolean()) {
                    throw new TrialFailure("the network gives non-finite outputs on test images (weights too large?)");
                }
                correct += count(EllipseCnn.predict(logit), manager.create(Arrays.copyOfRange(task, from, to)));
            }
        }
        return (double) correct / pool.count();
    }

    static NDArray images(NDManager manager, EllipseImages pool, int[] indices, int from, int to) {
        float[] buffer = new float[(to - from) * IMAGE];
        pool.copyImages(indices, from, to, buffer);
        return manager.create(buffer, new Shape(to - from, 1, EllipseImages.SIZE, EllipseImages.SIZE));
    }

    /** Number of positions where the 0/1 predictions equal the labels. */
    public static long count(NDArray predictions, NDArray labels) {
        return predictions.reshape(-1).eq(labels.reshape(-1)).sum().toType(DataType.INT64, false).getLong();
    }
}
