package dasweep.executor.model;

import dasweep.executor.torch.Torch;
import dasweep.executor.spec.Architecture;
import dasweep.executor.spec.Init;
import dasweep.executor.spec.Site;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.index.NDIndex;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ellipse CNN of spec §4 as DJL blocks with named sites. Besides the full forward pass (which
 * returns the logit of fc2; the probability is its sigmoid), it runs piecewise:
 * {@link #toSite} gives a site's pre-ReLU output, {@link #fromSite} runs on from a (changed) site
 * activation to the logit. That is how interventions are made without forward hooks.
 */
public final class EllipseCnn extends AbstractBlock {
    /** The input shape of one example: (1, channels, height, width). */
    public static final Shape INPUT = new Shape(1, Architecture.IN_CHANNELS, Architecture.IMAGE, Architecture.IMAGE);

    /** conv1, conv2, ...: index l - 1 holds conv layer l. */
    private final List<Conv2d> convs = new ArrayList<>();
    private final Linear fc1;
    private final Linear fc2;

    public EllipseCnn() {
        for (int l = 1; l <= Architecture.convs(); l++) {
            convs.add(addChildBlock(Architecture.convName(l), conv(Architecture.convChannels(l))));
        }
        fc1 = addChildBlock("fc1", Linear.builder().setUnits(Architecture.FC1_UNITS).build());
        fc2 = addChildBlock("fc2", Linear.builder().setUnits(Architecture.FC2_UNITS).build());
    }

    private static Conv2d conv(int filters) {
        return Conv2d.builder().setKernelShape(new Shape(Architecture.KERNEL, Architecture.KERNEL))
                .optPadding(new Shape(Architecture.PADDING, Architecture.PADDING)).setFilters(filters).build();
    }

    /** A CNN on {@code manager} holding {@code weights}; frozen (no gradients) when {@code frozen}. */
    public static EllipseCnn of(NDManager manager, NetworkWeights weights, boolean frozen) {
        EllipseCnn cnn = new EllipseCnn();
        cnn.initialize(manager, DataType.FLOAT32, INPUT);
        cnn.load(weights);
        cnn.freezeParameters(frozen);
        return cnn;
    }

    /** A freshly initialised, trainable CNN: the weights of {@link NetworkWeights#random(long, Init)}. */
    public static EllipseCnn random(NDManager manager, long seed, Init init) {
        return of(manager, NetworkWeights.random(seed, init), false);
    }

    /**
     * Copies {@code weights} into the parameters (shapes are validated by {@link NetworkWeights}), with gradients off:
     * each tensor is made an array and copied in with an indexed put ({@code index_put_}). Not DJL's
     * {@code NDArray.set(Buffer)}: its native side opens libtorch's deprecated {@code AutoNonVariableTypeMode}, which
     * printed "AutoNonVariableTypeMode is deprecated ..." on stderr once in every process that loaded a network.
     */
    public void load(NetworkWeights weights) {
        boolean before = Torch.gradMode(false);
        try {
            forEachParameter((name, parameter) -> {
                NDArray target = parameter.getArray();
                try (NDArray source = target.getManager().create(weights.get(name).data(), target.getShape())) {
                    target.set(new NDIndex(":"), source);
                }
            });
        } finally {
            Torch.gradMode(before);
        }
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
        NDArray h = x;
        for (int l = 1; l <= convs.size(); l++) {
            h = run(ps, convs.get(l - 1), l == 1 ? h : pool(h));
            if (l == site.conv()) {
                return h;
            }
        }
        return run(ps, fc1, Activation.relu(h).reshape(h.getShape().get(0), -1));
    }

    /** Runs on from {@code site}'s pre-ReLU output {@code h} to the logit (B,1). */
    public NDArray fromSite(ParameterStore ps, NDArray h, Site site) {
        if (site.convolutional()) {
            for (int l = site.conv(); l < convs.size(); l++) {
                h = run(ps, convs.get(l), pool(channelsLast(h)));
            }
            h = run(ps, fc1, Activation.relu(h).reshape(h.getShape().get(0), -1));
        }
        return run(ps, fc2, Activation.relu(h));
    }

    /**
     * {@code h} (B,C,H,W) with the same values laid out channels-last (strides of B,H,W,C): one copy, none when it is
     * laid out so already. libtorch then pools with its vectorised channels-last kernel (its NCHW pooling is a scalar
     * loop per plane, 13% of the seed trial's samples) and oneDNN convolves without reordering; pooling picks the same
     * first maximum of each window either way, so the values and the gradient's routing are unchanged, and only the
     * convolutions' sums may be reassociated (issue 21). The flattening {@code reshape(-1)} is what copies: a reshape
     * to the same four dimensions would return the permuted view as it is.
     */
    static NDArray channelsLast(NDArray h) {
        Shape s = h.getShape();
        return h.transpose(0, 2, 3, 1).reshape(-1).reshape(s.get(0), s.get(2), s.get(3), s.get(1))
                .transpose(0, 3, 1, 2);
    }

    /** The logit of the whole network. */
    public NDArray logit(ParameterStore ps, NDArray x) {
        return fromSite(ps, toSite(ps, x, Site.CONV1), Site.CONV1);
    }

    /** The prediction round(sigmoid(logit)), as 0/1 floats (0.5 rounds to 0, as in torch). */
    public static NDArray predict(NDArray logit) {
        return Activation.sigmoid(logit).gt(0.5f).toType(DataType.FLOAT32, false);
    }

    /**
     * ReLU then 2×2 max pooling, computed as pooling then ReLU: max and ReLU commute, so the values are the same to
     * the bit, and so is the gradient (a window whose max is positive routes it to the same first maximum; one whose
     * max is not positive passes none either way); the ReLU and its backward then touch a quarter of the elements
     * (issue 21's profile: libtorch's max pooling, a scalar loop per plane, was 13–22% of a trial's samples). Without
     * gradients (cache fills, evaluation, accuracies) the pooling is three element-wise maxima of the window's four
     * strided views ({@link #windowMax}), faster there and equal to the bit; with gradients libtorch's own pooling,
     * whose backward is cheaper than that of the maxima.
     */
    static NDArray pool(NDArray h) {
        if (!Torch.gradEnabled() && Architecture.POOL == 2 && h.getShape().get(2) % 2 == 0
                && h.getShape().get(3) % 2 == 0) {
            return Activation.relu(windowMax(h));
        }
        Shape window = new Shape(Architecture.POOL, Architecture.POOL);
        return Activation.relu(Pool.maxPool2d(h, window, window, new Shape(0, 0), false));
    }

    /**
     * 2×2 max pooling with stride 2 (even height and width) as libtorch computes it: the first maximum of each window
     * in row-major order, from the window's four strided views ({@code a b / c d}).
     */
    static NDArray windowMax(NDArray h) {
        NDArray a = h.get(new NDIndex(":, :, 0::2, 0::2"));
        NDArray b = h.get(new NDIndex(":, :, 0::2, 1::2"));
        NDArray c = h.get(new NDIndex(":, :, 1::2, 0::2"));
        NDArray d = h.get(new NDIndex(":, :, 1::2, 1::2"));
        NDArray top = NDArrays.where(b.gt(a), b, a);
        NDArray bottom = NDArrays.where(d.gt(c), d, c);
        return NDArrays.where(bottom.gt(top), bottom, top);
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
        for (int l = 0; l < convs.size(); l++) {
            if (l > 0) {
                shape = new Shape(shape.get(0), shape.get(1), shape.get(2) / Architecture.POOL,
                        shape.get(3) / Architecture.POOL);
            }
            convs.get(l).initialize(manager, dataType, shape);
            shape = convs.get(l).getOutputShapes(new Shape[] {shape})[0];
        }
        shape = new Shape(shape.get(0), shape.get(1) * shape.get(2) * shape.get(3));
        fc1.initialize(manager, dataType, shape);
        fc2.initialize(manager, dataType, new Shape(shape.get(0), Architecture.FC1_UNITS));
    }
}
