package dasweep.executor.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dasweep.executor.weights.NetworkWeights;
import dasweep.executor.weights.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The ellipse CNN of spec §4 as DJL blocks with named sites. Besides the full forward pass (which
 * returns the logit of fc2; the probability is its sigmoid), it runs piecewise:
 * {@link #toSite} gives a site's pre-ReLU output, {@link #fromSite} runs on from a (changed) site
 * activation to the logit. That is how interventions are made without forward hooks.
 */
public final class EllipseCnn extends AbstractBlock {
    public static final Shape INPUT = new Shape(1, 1, 28, 28);

    private final Conv2d conv1;
    private final Conv2d conv2;
    private final Conv2d conv3;
    private final Linear fc1;
    private final Linear fc2;

    public EllipseCnn() {
        conv1 = addChildBlock("conv1", conv(16));
        conv2 = addChildBlock("conv2", conv(32));
        conv3 = addChildBlock("conv3", conv(64));
        fc1 = addChildBlock("fc1", Linear.builder().setUnits(3).build());
        fc2 = addChildBlock("fc2", Linear.builder().setUnits(1).build());
    }

    private static Conv2d conv(int filters) {
        return Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(filters).build();
    }

    /** A CNN on {@code manager} holding {@code weights}; frozen (no gradients) when {@code frozen}. */
    public static EllipseCnn of(NDManager manager, NetworkWeights weights, boolean frozen) {
        EllipseCnn cnn = new EllipseCnn();
        cnn.initialize(manager, DataType.FLOAT32, INPUT);
        cnn.load(weights);
        cnn.freezeParameters(frozen);
        return cnn;
    }

    /**
     * A freshly initialised CNN as PyTorch initialises one (every weight and bias uniform in
     * ±1/sqrt(fan_in)), from an explicit seed.
     */
    public static EllipseCnn random(NDManager manager, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        long fanIn = 1;
        for (NetworkWeights.TensorSpec spec : NetworkWeights.EXPECTED) {
            long[] shape = spec.shape();
            if (spec.name().endsWith(".weight")) {       // a bias follows its weight: same fan-in
                fanIn = spec.numel() / shape[0];
            }
            double bound = 1 / Math.sqrt(fanIn);
            float[] data = new float[Math.toIntExact(spec.numel())];
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) random.nextDouble(-bound, bound);
            }
            tensors.put(spec.name(), new Tensor(shape, data));
        }
        return of(manager, NetworkWeights.of(tensors, "initialisation"), false);
    }

    /** Copies {@code weights} into the parameters (shapes are validated by {@link NetworkWeights}). */
    public void load(NetworkWeights weights) {
        forEachParameter((name, parameter) -> parameter.getArray().set(weights.get(name).data()));
    }

    /** The current parameters as validated weights. */
    public NetworkWeights weights() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        forEachParameter((name, parameter) -> {
            NDArray array = parameter.getArray();
            tensors.put(name, new Tensor(array.getShape().getShape(), array.toFloatArray()));
        });
        return NetworkWeights.of(tensors, "trained network");
    }

    private void forEachParameter(java.util.function.BiConsumer<String, Parameter> action) {
        for (var child : getChildren()) {
            for (var p : child.getValue().getParameters()) {
                action.accept(child.getKey().replaceFirst("^\\d+", "") + "." + p.getKey(), p.getValue());
            }
        }
    }

    /** Runs the input (B,1,28,28) up to {@code site}'s pre-ReLU output. */
    public NDArray toSite(ParameterStore ps, NDArray x, Site site) {
        NDArray h = run(ps, conv1, x);
        if (site == Site.CONV1) {
            return h;
        }
        h = run(ps, conv2, pool(h));
        if (site == Site.CONV2) {
            return h;
        }
        h = run(ps, conv3, pool(h));
        if (site == Site.CONV3) {
            return h;
        }
        return run(ps, fc1, Activation.relu(h).reshape(h.getShape().get(0), -1));
    }

    /** Runs on from {@code site}'s pre-ReLU output {@code h} to the logit (B,1). */
    public NDArray fromSite(ParameterStore ps, NDArray h, Site site) {
        switch (site) {
            case CONV1:
                h = run(ps, conv2, pool(h));
                // fall through
            case CONV2:
                h = run(ps, conv3, pool(h));
                // fall through
            case CONV3:
                h = run(ps, fc1, Activation.relu(h).reshape(h.getShape().get(0), -1));
                // fall through
            default:
                return run(ps, fc2, Activation.relu(h));
        }
    }

    /** The logit of the whole network. */
    public NDArray logit(ParameterStore ps, NDArray x) {
        return fromSite(ps, toSite(ps, x, Site.CONV1), Site.CONV1);
    }

    /** The prediction round(sigmoid(logit)), as 0/1 floats (0.5 rounds to 0, as in torch). */
    public static NDArray predict(NDArray logit) {
        return Activation.sigmoid(logit).gt(0.5f).toType(DataType.FLOAT32, false);
    }

    private static NDArray pool(NDArray h) {
        return Pool.maxPool2d(Activation.relu(h), new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
    }

    private static NDArray run(ParameterStore ps, Block block, NDArray x) {
        return block.forward(ps, new NDList(x), false).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(Activation.sigmoid(logit(ps, inputs.singletonOrThrow())));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), 1)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape shape = inputShapes[0];
        conv1.initialize(manager, dataType, shape);
        shape = conv1.getOutputShapes(new Shape[] {shape})[0];
        shape = new Shape(shape.get(0), shape.get(1), shape.get(2) / 2, shape.get(3) / 2);
        conv2.initialize(manager, dataType, shape);
        shape = conv2.getOutputShapes(new Shape[] {shape})[0];
        shape = new Shape(shape.get(0), shape.get(1), shape.get(2) / 2, shape.get(3) / 2);
        conv3.initialize(manager, dataType, shape);
        shape = new Shape(shape.get(0), 64L * shape.get(2) * shape.get(3));
        fc1.initialize(manager, dataType, shape);
        fc2.initialize(manager, dataType, new Shape(shape.get(0), 3));
    }
}
