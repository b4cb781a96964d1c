package dasweep.executor.weights;

import static dasweep.executor.weights.PickleValues.describe;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a PyTorch {@code torch.save} state_dict of float32 tensors (a zip holding
 * {@code <prefix>/data.pkl} and the raw storages {@code <prefix>/data/<key>}) without Python.
 *
 * <p>The pickle is interpreted by a restricted unpickler that knows only the opcodes a state_dict
 * needs and only four globals: {@code collections.OrderedDict}, {@code torch._utils._rebuild_tensor_v2},
 * {@code torch._utils._rebuild_parameter} and {@code torch.FloatStorage}. Nothing is ever executed:
 * the globals are tokens that this reader interprets itself. Any other global or opcode is an error.
 *
 * <p>The work is shared by package-private classes: {@link Unpickler} runs the opcodes (stack, memo, marks),
 * {@link TorchGlobals} gives the globals, REDUCE, BUILD and persistent ids their torch meaning, and
 * {@link PickleValues} holds the values in between and describes them in messages.
 */
public final class PthReader {

    /**
     * Budget on the float32 elements of all storages together and of all tensors together (64 MiB each; the
     * ellipse CNN holds 32,711): checked from the declared sizes before any storage is inflated.
     */
    static final long MAX_TOTAL_ELEMENTS = 1L << 24;

    private PthReader() {
    }

    /** Reads the state_dict; {@code source} names the file in error messages. */
    public static LinkedHashMap<String, Tensor> read(byte[] bytes, String source) {
        if (bytes.length == 0) {
            throw new WeightsException(source, "empty file");
        }
        ZipArchive zip = new ZipArchive(bytes, source);
        String pickle = null;
        for (String name : zip.names()) {
            if (name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - "/data.pkl".length()) {
                if (pickle != null) {
                    throw new WeightsException(source, "more than one data.pkl in the archive");
                }
                pickle = name;
            }
        }
        if (pickle == null) {
            throw new WeightsException(source, "not a torch.save archive: no <name>/data.pkl entry");
        }
        String prefix = pickle.substring(0, pickle.length() - "data.pkl".length());
        byte[] byteorder = zip.read(prefix + "byteorder");
        if (byteorder != null && !new String(byteorder, StandardCharsets.US_ASCII).equals("little")) {
            throw new WeightsException(source, "byteorder is '" + new String(byteorder, StandardCharsets.US_ASCII)
                    + "'; only little-endian archives are supported");
        }
        Object result = new Unpickler(zip.read(pickle), new TorchGlobals(zip, prefix, source), source).run();
        return stateDict(result, source);
    }

    /** The unpickled {@code result} as a state_dict: a dict of tensors keyed by name. */
    private static LinkedHashMap<String, Tensor> stateDict(Object result, String source) {
        if (!(result instanceof Map<?, ?> dict)) {
            throw new WeightsException(source, "the pickle holds " + describe(result) + ", not a state_dict");
        }
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : dict.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new WeightsException(source,
                        "the state_dict has a key that is not a string: " + describe(e.getKey()));
            }
            if (!(e.getValue() instanceof Tensor t)) {
                throw new WeightsException(source,
                        "state_dict entry " + key + " is " + describe(e.getValue()) + ", not a tensor");
            }
            out.put(key, t);
        }
        return out;
    }
}
