package dasweep.executor.weights;

import static dasweep.executor.weights.PickleValues.NONE;
import static dasweep.executor.weights.PickleValues.describe;
import static dasweep.executor.weights.PickleValues.opcodeName;

import dasweep.executor.weights.PickleValues.Tuple;
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

/**
 * The restricted pickle interpreter; one instance per read. It knows only the opcodes a state_dict needs (any other
 * is an error) and keeps the stack, the marks and the memo; what the globals, REDUCE, BUILD and persistent ids mean
 * is left to {@link TorchGlobals}.
 */
final class Unpickler {
    private final byte[] p;
    private final TorchGlobals torch;
    private final String source;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private int pos;

    /** {@code source} names the file in error messages. */
    Unpickler(byte[] pickle, TorchGlobals torch, String source) {
        this.p = pickle;
        this.torch = torch;
        this.source = source;
    }

    private WeightsException fail(String problem) {
        return new WeightsException(source, problem);
    }

    /** Runs the pickle up to STOP and returns the one value it leaves. */
    Object run() {
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
                case 'c' -> push(torch.global(line(), line())); // GLOBAL
                case 0x93 -> { // STACK_GLOBAL
                    Object name = pop();
                    Object module = pop();
                    if (!(module instanceof String m) || !(name instanceof String n)) {
                        throw fail("pickle STACK_GLOBAL at byte " + at + " names a global with non-strings");
                    }
                    push(torch.global(m, n));
                }
                case 'Q' -> push(torch.persistentLoad(pop())); // BINPERSID
                case 'R' -> { // REDUCE
                    Object args = pop();
                    Object callable = pop();
                    push(torch.reduce(callable, args, at));
                }
                case 'b' -> { // BUILD
                    Object state = pop();
                    torch.build(peek(), state, at);
                }
                default -> throw fail("pickle uses opcode " + opcodeName(op) + " at byte " + at
                        + "; only the opcodes of a plain state_dict are allowed");
            }
        }
    }

    // ---- stack helpers ----

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

    // ---- input helpers ----

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
