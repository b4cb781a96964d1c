package dasweep.executor.weights;

import java.util.List;
import java.util.Map;

/**
 * The values the restricted unpickler puts on its stack besides Java's own (String, Long, Double, Boolean,
 * ArrayList for lists, LinkedHashMap for dicts, {@link Tensor}), and how messages describe any of them and name
 * opcodes.
 */
final class PickleValues {

    private PickleValues() {
    }

    /** A torch storage class of a dtype other than float32 (never instantiated, only named). */
    record OtherStorage(String name) {
    }

    /** A pickled tuple. */
    record Tuple(List<Object> items) {
    }

    /** A float32 storage, loaded from {@code <prefix>/data/<key>}. */
    record Storage(String key, float[] data) {
    }

    /** Pickle's None (the stack is a list, but a distinct marker keeps messages clear). */
    static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };

    /** A short description of an unpickled value, for messages. */
    static String describe(Object o) {
        if (o instanceof TorchGlobals.Global g) {
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
    static String printable(String s) {
        String t = s.replaceAll("[\\p{Cntrl}]", "?");
        return t.length() > 80 ? t.substring(0, 80) + "..." : t;
    }

    /** The pickletools name of an opcode, for messages. */
    static String opcodeName(int op) {
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
