package dasweep.executor.weights;

import dasweep.executor.spec.Hashes;
import dasweep.executor.spec.Architecture;
import dasweep.executor.spec.Flatten;
import dasweep.executor.spec.Init;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The ellipse CNN's weights, validated: exactly the ten float32 tensors of {@link #EXPECTED}, with
 * their shapes, all finite. Read from a PyTorch {@code .pth} state_dict or a {@code .safetensors}
 * file; the format is detected from the content, not the file name.
 */
public final class NetworkWeights {

    /**
     * The name and shape of one expected tensor.
     *
     * @param name the state_dict name, e.g. {@code fc1.weight}
     * @param shape the shape; conv weights are (out, in, kh, kw), linear weights (out, in)
     */
    public record TensorSpec(String name, long[] shape) {
        public TensorSpec {
            Objects.requireNonNull(name, "name");
            shape = shape.clone();
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        /** The number of elements. */
        public long numel() {
            return Tensor.numel(shape);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TensorSpec s && name.equals(s.name) && Arrays.equals(shape, s.shape);
        }

        @Override
        public int hashCode() {
            return 31 * name.hashCode() + Arrays.hashCode(shape);
        }

        @Override
        public String toString() {
            return name + Tensor.shapeString(shape);
        }
    }

    /**
     * The expected tensors, in the canonical order (the order of the state_dict and of
     * {@link #toSafetensors()}): the parameters of {@link Architecture}, conv1.weight (16, 1, 3, 3)
     * ... fc1.weight (3, 3136), fc1.bias, fc2.weight (1, 3), fc2.bias.
     */
    public static final List<TensorSpec> EXPECTED = Architecture.parameterShapes().entrySet().stream()
            .map(e -> new TensorSpec(e.getKey(), e.getValue())).toList();

    /** The metadata that {@link #toSafetensors()} writes; fixed, so the bytes depend only on the tensors. */
    public static final Map<String, String> SAFETENSORS_METADATA = Map.of("format", "pt");

    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

    private final Map<String, Tensor> tensors;
    private final String source;

    private NetworkWeights(Map<String, Tensor> tensors, String source) {
        this.tensors = tensors;
        this.source = source;
    }

    /** Reads and validates a weights file; I/O problems are reported as {@link WeightsException}s too. */
    public static NetworkWeights read(Path file) {
        String source = file.toString();
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new WeightsException(source, "cannot read: is a directory");
            }
            if (Files.exists(file) && Files.size(file) > Integer.MAX_VALUE - 8) {
                throw new WeightsException(source, "cannot read: larger than 2 GB");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new WeightsException(source, "cannot read: no such file", e);
        } catch (AccessDeniedException e) {
            throw new WeightsException(source, "cannot read: permission denied", e);
        } catch (IOException e) {
            throw new WeightsException(source, "cannot read: " + e.getMessage(), e);
        }
        return read(bytes, source);
    }

    /**
     * Reads and validates weights from a file's bytes: a zip ({@code PK\3\4}) is read as a PyTorch
     * {@code .pth}, anything else as safetensors. {@code source} names the file in error messages.
     */
    public static NetworkWeights read(byte[] bytes, String source) {
        if (bytes.length == 0) {
            throw new WeightsException(source, "empty file");
        }
        boolean zip = bytes.length >= 4 && Arrays.equals(bytes, 0, 4, ZIP_MAGIC, 0, 4);
        Map<String, Tensor> read = zip ? PthReader.read(bytes, source) : Safetensors.read(bytes, source);
        return of(read, source);
    }

    /** Validates tensors given by name (any order); they are stored in the canonical order. */
    public static NetworkWeights of(Map<String, Tensor> tensors, String source) {
        List<String> missing = new ArrayList<>();
        for (TensorSpec spec : EXPECTED) {
            if (!tensors.containsKey(spec.name())) {
                missing.add(spec.name());
            }
        }
        if (!missing.isEmpty()) {
            throw new WeightsException(source, (missing.size() == 1 ? "missing tensor " : "missing tensors ")
                    + String.join(", ", missing));
        }
        List<String> extra = new ArrayList<>();
        for (String name : tensors.keySet()) {
            if (EXPECTED.stream().noneMatch(s -> s.name().equals(name))) {
                extra.add(name);
            }
        }
        if (!extra.isEmpty()) {
            throw new WeightsException(source, (extra.size() == 1 ? "unexpected tensor " : "unexpected tensors ")
                    + String.join(", ", extra));
        }
        Map<String, Tensor> ordered = new LinkedHashMap<>();
        for (TensorSpec spec : EXPECTED) {
            Tensor t = tensors.get(spec.name());
            if (!Arrays.equals(t.shape(), spec.shape)) {
                throw new WeightsException(source, "tensor " + spec.name() + " has shape " + t.shapeString()
                        + ", expected " + Tensor.shapeString(spec.shape));
            }
            for (int i = 0; i < t.numel(); i++) {
                float v = t.at(i);
                if (!Float.isFinite(v)) {
                    throw new WeightsException(source, "tensor " + spec.name() + " has a non-finite value ("
                            + v + ") at flat index " + i);
                }
            }
            ordered.put(spec.name(), t);
        }
        return new NetworkWeights(Collections.unmodifiableMap(ordered), source);
    }

    /**
     * Weights as {@code init} initialises a fresh network (PyTorch's: every weight and bias uniform in ±1/sqrt(fan_in)
     * of its layer), drawn from an explicit seed: equal seeds give equal weights. A tensor whose bound is 0 (Keras's
     * biases) is zeros and takes no draws.
     */
    public static NetworkWeights random(long seed, Init init) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        long fanIn = 1;
        for (TensorSpec spec : EXPECTED) {
            long[] shape = spec.shape();
            double bound;
            if (spec.name().endsWith(".weight")) {       // a bias follows its weight: same fan-in
                fanIn = spec.numel() / shape[0];
                bound = init.weightBound(fanIn, spec.numel() / shape[1]);
            } else {
                bound = init.biasBound(fanIn);
            }
            float[] data = new float[Math.toIntExact(spec.numel())];
            for (int i = 0; bound > 0 && i < data.length; i++) {
                data[i] = (float) random.nextDouble(-bound, bound);
            }
            tensors.put(spec.name(), new Tensor(shape, data));
        }
        return of(tensors, "initialisation");
    }

    /**
     * These weights with {@code fc1}'s input columns, read in {@code layout}, moved to the CNN's channels-first
     * order; {@code this} when {@code layout} is already channels first. Done once, on import.
     */
    public NetworkWeights toChannelsFirst(Flatten layout) {
        if (layout == Flatten.CHANNELS_FIRST) {
            return this;
        }
        Tensor w = get("fc1.weight");
        int units = Math.toIntExact(w.shape()[0]);
        int in = Math.toIntExact(w.shape()[1]);
        int channels = Architecture.convChannels(Architecture.convs());
        int side = Architecture.convSide(Architecture.convs());
        float[] from = w.data();
        float[] to = new float[from.length];
        for (int c = 0; c < channels; c++) {
            for (int h = 0; h < side; h++) {
                for (int x = 0; x < side; x++) {
                    int target = Flatten.CHANNELS_FIRST.index(c, h, x);
                    int origin = layout.index(c, h, x);
                    for (int u = 0; u < units; u++) {
                        to[u * in + target] = from[u * in + origin];
                    }
                }
            }
        }
        Map<String, Tensor> permuted = new LinkedHashMap<>(tensors);
        permuted.put("fc1.weight", new Tensor(w.shape(), to));
        return of(permuted, source);
    }

    /** The tensor of that name. */
    public Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no tensor " + name + "; the tensors are " + tensors.keySet());
        }
        return t;
    }

    /** All ten tensors, in the canonical order of {@link #EXPECTED}; unmodifiable. */
    public Map<String, Tensor> tensors() {
        return tensors;
    }

    /** Where the weights were read from (as given to {@code read}). */
    public String source() {
        return source;
    }

    /**
     * The weights as safetensors bytes: canonical tensor order, metadata {@link #SAFETENSORS_METADATA}.
     * Deterministic: equal weights give equal bytes, whichever format they were read from.
     */
    public byte[] toSafetensors() {
        return Safetensors.write(tensors, SAFETENSORS_METADATA);
    }

    /** The lowercase hex sha256 of {@link #toSafetensors()}: an identity of the weights themselves. */
    public String sha256() {
        return Hashes.sha256(toSafetensors());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkWeights w && tensors.equals(w.tensors);
    }

    @Override
    public int hashCode() {
        return tensors.hashCode();
    }

    @Override
    public String toString() {
        return "NetworkWeights[" + source + "]";
    }
}
