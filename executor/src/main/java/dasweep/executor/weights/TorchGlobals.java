package dasweep.executor.weights;

import static dasweep.executor.weights.PickleValues.describe;
import static dasweep.executor.weights.PickleValues.printable;

import dasweep.executor.weights.PickleValues.OtherStorage;
import dasweep.executor.weights.PickleValues.Storage;
import dasweep.executor.weights.PickleValues.Tuple;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the torch-specific opcodes of a state_dict pickle mean: the four globals it may name, the calls (REDUCE) it
 * may make with them, the state (BUILD) it may set, and its persistent ids, which name float32 storages in the
 * archive. Nothing is ever executed: the globals are tokens that this class interprets itself. One instance per
 * read; it caches the storages it has loaded and keeps the element budget ({@link PthReader#MAX_TOTAL_ELEMENTS}).
 */
final class TorchGlobals {

    /** The globals a state_dict of float32 tensors needs; nothing else is accepted. */
    enum Global {
        ORDERED_DICT("collections", "OrderedDict"),
        REBUILD_TENSOR_V2("torch._utils", "_rebuild_tensor_v2"),
        REBUILD_PARAMETER("torch._utils", "_rebuild_parameter"),
        FLOAT_STORAGE("torch", "FloatStorage");

        final String module;
        final String name;

        Global(String module, String name) {
            this.module = module;
            this.name = name;
        }
    }

    /** Storage classes of other dtypes: recognised only to reject them with a clear message. */
    private static final Set<String> OTHER_STORAGES = Set.of("DoubleStorage", "HalfStorage", "BFloat16Storage",
            "LongStorage", "IntStorage", "ShortStorage", "CharStorage", "ByteStorage", "BoolStorage",
            "ComplexFloatStorage", "ComplexDoubleStorage", "QInt8Storage", "QUInt8Storage", "QInt32Storage");

    private final ZipArchive zip;
    private final String prefix;
    private final String source;
    private final Map<String, Storage> storages = new HashMap<>();
    private long totalElements;
    private long storageElements;

    /** The storages are read from {@code zip} under {@code <prefix>data/}; {@code source} names the file in errors. */
    TorchGlobals(ZipArchive zip, String prefix, String source) {
        this.zip = zip;
        this.prefix = prefix;
        this.source = source;
    }

    private WeightsException fail(String problem) {
        return new WeightsException(source, problem);
    }

    /** GLOBAL and STACK_GLOBAL: the token for {@code module.name}, or an error for any global not allowed. */
    Object global(String module, String name) {
        for (Global g : Global.values()) {
            if (g.module.equals(module) && g.name.equals(name)) {
                return g;
            }
        }
        if (module.equals("torch") && OTHER_STORAGES.contains(name)) {
            return new OtherStorage(name);
        }
        throw fail("pickle asks for " + printable(module) + "." + printable(name)
                + "; only tensor-rebuilding globals are allowed");
    }

    /** REDUCE at byte {@code at}: {@code callable(*args)} for the three callables a state_dict uses. */
    Object reduce(Object callable, Object args, int at) {
        if (!(args instanceof Tuple t)) {
            throw fail("pickle REDUCE at byte " + at + " has arguments that are not a tuple");
        }
        List<Object> a = t.items();
        if (callable == Global.ORDERED_DICT) {
            if (!a.isEmpty()) {
                throw fail("pickle builds an OrderedDict with arguments; only an empty one is allowed");
            }
            return new LinkedHashMap<>();
        }
        if (callable == Global.REBUILD_TENSOR_V2) {
            return rebuildTensor(a);
        }
        if (callable == Global.REBUILD_PARAMETER) {
            if (a.size() != 3 || !(a.get(0) instanceof Tensor tensor) || !(a.get(1) instanceof Boolean)) {
                throw fail("pickle calls _rebuild_parameter with unexpected arguments");
            }
            return tensor;
        }
        throw fail("pickle calls " + describe(callable) + "; only OrderedDict, _rebuild_tensor_v2 and "
                + "_rebuild_parameter may be called");
    }

    /** BUILD at byte {@code at}: only the state_dict's _metadata attribute, which is ignored. */
    void build(Object target, Object state, int at) {
        if (!(target instanceof Map<?, ?>) || !(state instanceof Map<?, ?>)) {
            throw fail("pickle BUILD at byte " + at + " sets the state of " + describe(target)
                    + "; only a state_dict's metadata is allowed");
        }
    }

    /** {@code _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])}. */
    private Tensor rebuildTensor(List<Object> a) {
        if (a.size() < 6 || a.size() > 7 || !(a.get(0) instanceof Storage storage)
                || !(a.get(1) instanceof Long offset) || !(a.get(2) instanceof Tuple size)
                || !(a.get(3) instanceof Tuple stride) || !(a.get(4) instanceof Boolean)) {
            throw fail("pickle calls _rebuild_tensor_v2 with unexpected arguments");
        }
        long[] shape = longs(size);
        long[] strides = longs(stride);
        if (shape.length != strides.length) {
            throw fail("tensor in storage " + storage.key() + " has " + shape.length + " sizes but "
                    + strides.length + " strides");
        }
        long numel;
        try {
            numel = Tensor.numel(shape);
        } catch (IllegalArgumentException e) {
            throw fail("tensor in storage " + storage.key() + ": " + e.getMessage());
        }
        totalElements += numel;
        if (totalElements > PthReader.MAX_TOTAL_ELEMENTS) {
            throw fail("the tensors hold more than " + PthReader.MAX_TOTAL_ELEMENTS + " elements in all");
        }
        float[] data = new float[(int) numel];
        if (numel > 0) {
            long last = offset;
            try {
                for (int i = 0; i < shape.length; i++) {
                    if (strides[i] < 0) {
                        throw fail("tensor in storage " + storage.key() + " has a negative stride");
                    }
                    last = Math.addExact(last, Math.multiplyExact(shape[i] - 1, strides[i]));
                }
            } catch (ArithmeticException e) {
                last = Long.MAX_VALUE;
            }
            if (offset < 0 || last >= storage.data().length) {
                throw fail("tensor " + Tensor.shapeString(shape) + " reaches past the end of storage "
                        + storage.key() + " (" + storage.data().length + " elements)");
            }
            gather(storage.data(), offset, shape, strides, data);
        }
        return new Tensor(shape, data);
    }

    /** Copies a strided view into C order. */
    private static void gather(float[] src, long offset, long[] shape, long[] strides, float[] dst) {
        int rank = shape.length;
        long[] index = new long[rank];
        long at = offset;
        for (int k = 0; k < dst.length; k++) {
            dst[k] = src[(int) at];
            for (int d = rank - 1; d >= 0; d--) {
                if (++index[d] < shape[d]) {
                    at += strides[d];
                    break;
                }
                at -= (shape[d] - 1) * strides[d];
                index[d] = 0;
            }
        }
    }

    private long[] longs(Tuple t) {
        long[] out = new long[t.items().size()];
        for (int i = 0; i < out.length; i++) {
            if (!(t.items().get(i) instanceof Long v)) {
                throw fail("pickle gives a tensor size or stride that is not an integer");
            }
            out[i] = v;
        }
        return out;
    }

    /** BINPERSID: {@code ('storage', FloatStorage, key, location, numel)} → the storage's floats. */
    Storage persistentLoad(Object pid) {
        if (!(pid instanceof Tuple t) || t.items().size() != 5 || !"storage".equals(t.items().get(0))
                || !(t.items().get(2) instanceof String key) || !(t.items().get(4) instanceof Long numel)) {
            throw fail("pickle has a persistent id that is not a torch storage: " + describe(pid));
        }
        Object type = t.items().get(1);
        if (type instanceof OtherStorage other) {
            throw fail("storage " + key + " is torch." + other.name() + "; only float32 (torch.FloatStorage) is supported");
        }
        if (type != Global.FLOAT_STORAGE) {
            throw fail("storage " + key + " has type " + describe(type) + "; only torch.FloatStorage is supported");
        }
        if (numel < 0 || numel > PthReader.MAX_TOTAL_ELEMENTS) {
            throw fail("storage " + key + " declares " + numel + " elements");
        }
        Storage cached = storages.get(key);
        if (cached != null) {
            return cached;
        }
        storageElements += numel;
        if (storageElements > PthReader.MAX_TOTAL_ELEMENTS) {
            throw fail("the storages hold more than " + PthReader.MAX_TOTAL_ELEMENTS + " elements in all");
        }
        String entry = prefix + "data/" + key;
        byte[] raw = zip.read(entry);
        if (raw == null) {
            throw fail("storage " + key + " is missing: no zip entry " + entry);
        }
        if (raw.length != 4L * numel) {
            throw fail("storage " + key + " has " + raw.length + " bytes but " + numel + " float32 values need "
                    + 4L * numel);
        }
        float[] data = new float[(int) numel.longValue()];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        Storage s = new Storage(key, data);
        storages.put(key, s);
        return s;
    }
}
