package dasweep.executor.weights;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a PyTorch {@code torch.save} state_dict of float32 tensors (a zip holding
 * {@code <prefix>/data.pkl} and the raw storages {@code <prefix>/data/<key>}) without Python.
 *
 * <p>The pickle is interpreted by a restricted unpickler that knows only the opcodes a state_dict
 * needs and only four globals: {@code collections.OrderedDict}, {@code torch._utils._rebuild_tensor_v2},
 * {@code torch._utils._rebuild_parameter} and {@code torch.FloatStorage}. Nothing is ever executed:
 * the globals are tokens that this class interprets itself. Any other global or opcode is an error.
 */
public final class PthReader {

    /** The globals a state_dict of float32 tensors needs; nothing else is accepted. */
    private enum Global {
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

    /** A bound on the elements of all tensors together (1 GiB of floats), so a tiny hostile file cannot exhaust memory. */
    /**
     * Budget on the float32 elements of all storages together and of all tensors together (64 MiB each; the
     * ellipse CNN holds 32,711): checked from the declared sizes before any storage is inflated.
     */
    static final long MAX_TOTAL_ELEMENTS = 1L << 24;

    /** Storage classes of other dtypes: recognised only to reject them with a clear message. */
    private static final Set<String> OTHER_STORAGES = Set.of("DoubleStorage", "HalfStorage", "BFloat16Storage",
            "LongStorage", "IntStorage", "ShortStorage", "CharStorage", "ByteStorage", "BoolStorage",
            "ComplexFloatStorage", "ComplexDoubleStorage", "QInt8Storage", "QUInt8Storage", "QInt32Storage");

    /** A torch storage class of a dtype other than float32 (never instantiated, only named). */
    private record OtherStorage(String name) {
    }

    /** A pickled tuple. */
    private record Tuple(List<Object> items) {
    }

    /** A float32 storage, loaded from {@code <prefix>/data/<key>}. */
    private record Storage(String key, float[] data) {
    }

    /** Pickle's None (the stack is a list, but a distinct marker keeps messages clear). */
    private static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };

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
        return new Unpickler(zip.read(pickle), zip, prefix, source).stateDict();
    }

    /** The restricted pickle interpreter; one instance per read. */
    private static final class Unpickler {
        private final byte[] p;
        private final ZipArchive zip;
        private final String prefix;
        private final String source;
        private final List<Object> stack = new ArrayList<>();
        private final List<Integer> marks = new ArrayList<>();
        private final Map<Long, Object> memo = new HashMap<>();
        private final Map<String, Storage> storages = new HashMap<>();
        private int pos;
        private long totalElements;
        private long storageElements;

        Unpickler(byte[] pickle, ZipArchive zip, String prefix, String source) {
            this.p = pickle;
            this.zip = zip;
            this.prefix = prefix;
            this.source = source;
        }

        LinkedHashMap<String, Tensor> stateDict() {
            Object result = run();
            if (!(result instanceof Map<?, ?> dict)) {
                throw fail("the pickle holds " + describe(result) + ", not a state_dict");
            }
            LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : dict.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw fail("the state_dict has a key that is not a string: " + describe(e.getKey()));
                }
                if (!(e.getValue() instanceof Tensor t)) {
                    throw fail("state_dict entry " + key + " is " + describe(e.getValue()) + ", not a tensor");
                }
                out.put(key, t);
            }
            return out;
        }

        private WeightsException fail(String problem) {
            return new WeightsException(source, problem);
        }

        private Object run() {
            while (true) {
                if (pos >= p.length) {
                    throw fail("pickle is truncated: it ends at byte " + p.length + " without STOP");
                }
                int at = pos;
                int op = p[pos++] & 0xFF;
                switch (op) {
                    case 0x80 -> { // PROTO
                        int v = u8();
                        if (v > 5) {
                            throw fail("pickle protocol " + v + " is not supported");
                        }
                    }
                    case 0x95 -> bytes(8); // FRAME: framing is only a hint; the data follows inline
                    case '.' -> { // STOP
                        Object r = pop();
                        if (!stack.isEmpty() || !marks.isEmpty()) {
                            throw fail("pickle stops with a non-empty stack");
                        }
                        return r;
                    }
                    case '}' -> push(new LinkedHashMap<>()); // EMPTY_DICT
                    case ']' -> push(new ArrayList<>()); // EMPTY_LIST
                    case ')' -> push(new Tuple(List.of())); // EMPTY_TUPLE
                    case '(' -> marks.add(stack.size()); // MARK
                    case 'N' -> push(NONE);
                    case 0x88 -> push(Boolean.TRUE); // NEWTRUE
                    case 0x89 -> push(Boolean.FALSE); // NEWFALSE
                    case 'J' -> push((long) buf(4).getInt()); // BININT
                    case 'K' -> push((long) u8()); // BININT1
                    case 'M' -> push((long) Short.toUnsignedInt(buf(2).getShort())); // BININT2
                    case 0x8a -> push(long1(u8())); // LONG1
                    case 'G' -> push(ByteBuffer.wrap(bytes(8)).order(ByteOrder.BIG_ENDIAN).getDouble()); // BINFLOAT
                    case 'X' -> push(utf8(bytes(length(buf(4).getInt() & 0xFFFFFFFFL)))); // BINUNICODE
                    case 0x8c -> push(utf8(bytes(u8()))); // SHORT_BINUNICODE
                    case 0x8d -> push(utf8(bytes(length(buf(8).getLong())))); // BINUNICODE8
                    case 'q' -> memo.put((long) u8(), peek()); // BINPUT
                    case 'r' -> memo.put(buf(4).getInt() & 0xFFFFFFFFL, peek()); // LONG_BINPUT
                    case 0x94 -> memo.put((long) memo.size(), peek()); // MEMOIZE
                    case 'h' -> push(memoGet(u8())); // BINGET
                    case 'j' -> push(memoGet(buf(4).getInt() & 0xFFFFFFFFL)); // LONG_BINGET
                    case '0' -> pop(); // POP
                    case 't' -> push(new Tuple(popMark())); // TUPLE
                    case 0x85 -> push(tuple(1)); // TUPLE1
                    case 0x86 -> push(tuple(2)); // TUPLE2
                    case 0x87 -> push(tuple(3)); // TUPLE3
                    case 'a' -> { // APPEND
                        Object v = pop();
                        list(peek()).add(v);
                    }
                    case 'e' -> { // APPENDS
                        List<Object> items = popMark();
                        list(peek()).addAll(items);
                    }
                    case 's' -> { // SETITEM
                        Object v = pop();
                        Object k = pop();
                        dict(peek()).put(k, v);
                    }
                    case 'u' -> { // SETITEMS
                        List<Object> items = popMark();
                        if (items.size() % 2 != 0) {
                            throw fail("pickle SETITEMS at byte " + at + " has an odd number of items");
                        }
                        Map<Object, Object> d = dict(peek());
                        for (int i = 0; i < items.size(); i += 2) {
                            d.put(items.get(i), items.get(i + 1));
                        }
                    }
                    case 'c' -> push(global(line(), line())); // GLOBAL
                    case 0x93 -> { // STACK_GLOBAL
                        Object name = pop();
                        Object module = pop();
                        if (!(module instanceof String m) || !(name instanceof String n)) {
                            throw fail("pickle STACK_GLOBAL at byte " + at + " names a global with non-strings");
                        }
                        push(global(m, n));
                    }
                    case 'Q' -> push(persistentLoad(pop())); // BINPERSID
                    case 'R' -> { // REDUCE
                        Object args = pop();
                        Object callable = pop();
                        push(reduce(callable, args, at));
                    }
                    case 'b' -> { // BUILD: only the state_dict's _metadata attribute, which is ignored
                        Object state = pop();
                        Object target = peek();
                        if (!(target instanceof Map<?, ?>) || !(state instanceof Map<?, ?>)) {
                            throw fail("pickle BUILD at byte " + at + " sets the state of " + describe(target)
                                    + "; only a state_dict's metadata is allowed");
                        }
                    }
                    default -> throw fail("pickle uses opcode " + opcodeName(op) + " at byte " + at
                            + "; only the opcodes of a plain state_dict are allowed");
                }
            }
        }

        // ---- the four globals, interpreted ----

        private Object global(String module, String name) {
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

        private Object reduce(Object callable, Object args, int at) {
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
            if (totalElements > MAX_TOTAL_ELEMENTS) {
                throw fail("the tensors hold more than " + MAX_TOTAL_ELEMENTS + " elements in all");
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

        /** {@code ('storage', FloatStorage, key, location, numel)} → the storage's floats. */
        private Storage persistentLoad(Object pid) {
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
            if (numel < 0 || numel > MAX_TOTAL_ELEMENTS) {
                throw fail("storage " + key + " declares " + numel + " elements");
            }
            Storage cached = storages.get(key);
            if (cached != null) {
                return cached;
            }
            storageElements += numel;
            if (storageElements > MAX_TOTAL_ELEMENTS) {
                throw fail("the storages hold more than " + MAX_TOTAL_ELEMENTS + " elements in all");
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

        // ---- stack and input helpers ----

        private void push(Object o) {
            stack.add(o);
        }

        private Object pop() {
            if (stack.isEmpty() || (!marks.isEmpty() && marks.get(marks.size() - 1) == stack.size())) {
                throw fail("pickle pops from an empty stack at byte " + (pos - 1));
            }
            return stack.remove(stack.size() - 1);
        }

        private Object peek() {
            if (stack.isEmpty() || (!marks.isEmpty() && marks.get(marks.size() - 1) == stack.size())) {
                throw fail("pickle reads an empty stack at byte " + (pos - 1));
            }
            return stack.get(stack.size() - 1);
        }

        private List<Object> popMark() {
            if (marks.isEmpty()) {
                throw fail("pickle has no MARK for the opcode at byte " + (pos - 1));
            }
            int m = marks.remove(marks.size() - 1);
            List<Object> items = new ArrayList<>(stack.subList(m, stack.size()));
            stack.subList(m, stack.size()).clear();
            return Collections.unmodifiableList(items);
        }

        private Tuple tuple(int n) {
            Object[] items = new Object[n];
            for (int i = n - 1; i >= 0; i--) {
                items[i] = pop();
            }
            return new Tuple(Collections.unmodifiableList(java.util.Arrays.asList(items)));
        }

        private Object memoGet(long key) {
            if (!memo.containsKey(key)) {
                throw fail("pickle reads memo " + key + " before storing it");
            }
            return memo.get(key);
        }

        @SuppressWarnings("unchecked")
        private List<Object> list(Object o) {
            if (!(o instanceof ArrayList<?>)) {
                throw fail("pickle appends to " + describe(o) + ", not a list");
            }
            return (List<Object>) o;
        }

        @SuppressWarnings("unchecked")
        private Map<Object, Object> dict(Object o) {
            if (!(o instanceof LinkedHashMap<?, ?>)) {
                throw fail("pickle sets an item of " + describe(o) + ", not a dict");
            }
            return (Map<Object, Object>) o;
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

        private int u8() {
            return bytes(1)[0] & 0xFF;
        }

        private ByteBuffer buf(int n) {
            return ByteBuffer.wrap(bytes(n)).order(ByteOrder.LITTLE_ENDIAN);
        }

        private byte[] bytes(int n) {
            if (n > p.length - pos) {
                throw fail("pickle is truncated at byte " + pos);
            }
            byte[] out = java.util.Arrays.copyOfRange(p, pos, pos + n);
            pos += n;
            return out;
        }

        private int length(long n) {
            if (n < 0 || n > p.length - pos) {
                throw fail("pickle is truncated at byte " + pos);
            }
            return (int) n;
        }

        /** A GLOBAL operand: ASCII up to the next newline. */
        private String line() {
            int end = pos;
            while (end < p.length && p[end] != '\n') {
                end++;
            }
            if (end >= p.length) {
                throw fail("pickle is truncated at byte " + pos);
            }
            String s = new String(p, pos, end - pos, StandardCharsets.UTF_8);
            pos = end + 1;
            return s;
        }

        private long long1(int n) {
            if (n > 8) {
                throw fail("pickle has an integer of " + n + " bytes; at most 8 are supported");
            }
            byte[] b = bytes(n);
            long v = 0;
            for (int i = n - 1; i >= 0; i--) {
                v = (v << 8) | (b[i] & 0xFF);
            }
            if (n > 0 && n < 8 && b[n - 1] < 0) {
                v |= -1L << (8 * n); // sign-extend
            }
            return v;
        }

        private String utf8(byte[] b) {
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
            } catch (CharacterCodingException e) {
                throw fail("pickle has a string that is not UTF-8 at byte " + pos);
            }
        }
    }

    /** A short description of an unpickled value, for messages. */
    private static String describe(Object o) {
        if (o instanceof Global g) {
            return g.module + "." + g.name;
        } else if (o instanceof OtherStorage s) {
            return "torch." + s.name();
        } else if (o instanceof Tensor) {
            return "a tensor";
        } else if (o instanceof Storage) {
            return "a storage";
        } else if (o instanceof Tuple) {
            return "a tuple";
        } else if (o instanceof Map<?, ?>) {
            return "a dict";
        } else if (o instanceof List<?>) {
            return "a list";
        } else if (o instanceof String s) {
            return "the string '" + printable(s) + "'";
        }
        return String.valueOf(o);
    }

    /** Keeps a message on one line and short, whatever a hostile pickle puts in a name. */
    private static String printable(String s) {
        String t = s.replaceAll("[\\p{Cntrl}]", "?");
        return t.length() > 80 ? t.substring(0, 80) + "..." : t;
    }

    /** The pickletools name of an opcode, for messages. */
    private static String opcodeName(int op) {
        String name = switch (op) {
            case 'I' -> "INT";
            case 'L' -> "LONG";
            case 'F' -> "FLOAT";
            case 'S' -> "STRING";
            case 'T' -> "BINSTRING";
            case 'U' -> "SHORT_BINSTRING";
            case 'V' -> "UNICODE";
            case 'B' -> "BINBYTES";
            case 'C' -> "SHORT_BINBYTES";
            case 'P' -> "PERSID";
            case 'g' -> "GET";
            case 'p' -> "PUT";
            case 'd' -> "DICT";
            case 'l' -> "LIST";
            case 'i' -> "INST";
            case 'o' -> "OBJ";
            case '1' -> "POP_MARK";
            case '2' -> "DUP";
            case 0x81 -> "NEWOBJ";
            case 0x82 -> "EXT1";
            case 0x83 -> "EXT2";
            case 0x84 -> "EXT4";
            case 0x8b -> "LONG4";
            case 0x8e -> "BINBYTES8";
            case 0x8f -> "EMPTY_SET";
            case 0x90 -> "ADDITEMS";
            case 0x91 -> "FROZENSET";
            case 0x92 -> "NEWOBJ_EX";
            case 0x96 -> "BYTEARRAY8";
            case 0x97 -> "NEXT_BUFFER";
            case 0x98 -> "READONLY_BUFFER";
            default -> null;
        };
        String hex = String.format("0x%02x", op);
        return name == null ? "unknown " + hex : name + " (" + hex + ")";
    }
}
