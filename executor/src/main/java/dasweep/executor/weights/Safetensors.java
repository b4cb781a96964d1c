package dasweep.executor.weights;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The safetensors format, float32 only (see {@code shared/models/README.md}):
 * <ul>
 *   <li>8 bytes: the header length N, unsigned 64-bit little-endian;</li>
 *   <li>N bytes of UTF-8 JSON {@code {"__metadata__": {..}, name: {"dtype": "F32", "shape": [..],
 *       "data_offsets": [begin, end]}, ..}}, padded with spaces so the data starts 8-byte aligned;</li>
 *   <li>the tensors' little-endian C-order bytes, back to back; offsets are relative to the data.</li>
 * </ul>
 * The reader is strict: every byte of the data section must belong to exactly one tensor.
 */
public final class Safetensors {

    /** Headers longer than this are rejected as not plausible. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Safetensors() {
    }

    /**
     * A parsed file.
     *
     * @param tensors the tensors in the order of their data offsets
     * @param metadata the {@code __metadata__} string map (empty when absent)
     */
    public record Contents(LinkedHashMap<String, Tensor> tensors, Map<String, String> metadata) {
    }

    /** Reads the tensors, in the order of their data offsets. */
    public static LinkedHashMap<String, Tensor> read(byte[] bytes, String source) {
        return parse(bytes, source).tensors();
    }

    /** Reads the tensors and the metadata; {@code source} names the file in error messages. */
    public static Contents parse(byte[] bytes, String source) {
        if (bytes.length == 0) {
            throw new WeightsException(source, "empty file");
        }
        if (bytes.length < 8) {
            throw new WeightsException(source, "truncated: " + bytes.length
                    + " bytes, too short for the 8-byte safetensors header length");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong(0);
        if (n < 0 || n > MAX_HEADER_BYTES) {
            throw new WeightsException(source, "not a safetensors file: header length "
                    + Long.toUnsignedString(n) + " exceeds the " + MAX_HEADER_BYTES + "-byte limit");
        }
        if (n > bytes.length - 8L) {
            throw new WeightsException(source, "truncated: header length " + n
                    + " is larger than the " + (bytes.length - 8) + " bytes after it");
        }
        JsonNode header = parseHeader(bytes, (int) n, source);
        int dataStart = 8 + (int) n;
        int dataLength = bytes.length - dataStart;

        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals("__metadata__")) {
                readMetadata(field.getValue(), metadata, source);
            } else {
                entries.add(entry(field.getKey(), field.getValue(), source));
            }
        }

        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long at = 0;
        Entry previous = null;
        for (Entry e : entries) {
            if (e.end > dataLength) {
                throw new WeightsException(source, "truncated: tensor " + e.name + " ends at data byte "
                        + e.end + " but the data section has only " + dataLength + " bytes");
            }
            if (e.begin < at) {
                throw new WeightsException(source, "tensors " + previous.name + " and " + e.name
                        + " overlap in the data section");
            }
            if (e.begin > at) {
                throw new WeightsException(source, (e.begin - at) + " unused bytes in the data section before tensor "
                        + e.name);
            }
            at = e.end;
            previous = e;
        }
        if (at != dataLength) {
            throw new WeightsException(source, (dataLength - at) + " trailing bytes after the last tensor");
        }

        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        for (Entry e : entries) {
            float[] data = new float[(int) ((e.end - e.begin) / 4)];
            ByteBuffer.wrap(bytes, dataStart + (int) e.begin, (int) (e.end - e.begin))
                    .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
            tensors.put(e.name, new Tensor(e.shape, data));
        }
        return new Contents(tensors, java.util.Collections.unmodifiableMap(metadata));
    }

    /**
     * Writes tensors (in the map's iteration order) and metadata (sorted by key; omitted when empty)
     * as compact JSON, the same layout that {@code pth_to_safetensors.py} writes. The output depends
     * only on the arguments, so equal inputs give equal bytes.
     */
    public static byte[] write(Map<String, Tensor> tensors, Map<String, String> metadata) {
        ObjectNode header = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            new TreeMap<>(metadata).forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                throw new IllegalArgumentException("a tensor cannot be named __metadata__");
            }
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", "F32");
            ArrayNode shape = t.putArray("shape");
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            long length = 4 * e.getValue().numel();
            t.putArray("data_offsets").add(offset).add(offset + length);
            offset += length;
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(header);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a safetensors header", e);
        }
        int padded = json.length + (int) Math.floorMod(-(8L + json.length), 8L);
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) (8 + padded + offset));
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
        out.writeBytes(json);
        for (int i = json.length; i < padded; i++) {
            out.write(' ');
        }
        for (Tensor t : tensors.values()) {
            ByteBuffer b = ByteBuffer.allocate(4 * (int) t.numel()).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(t.data());
            out.writeBytes(b.array());
        }
        return out.toByteArray();
    }

    private record Entry(String name, long[] shape, long begin, long end) {
    }

    private static JsonNode parseHeader(byte[] bytes, int n, String source) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 8, n)).toString();
        } catch (CharacterCodingException e) {
            throw new WeightsException(source, "not a safetensors file: the header is not UTF-8");
        }
        if (!text.startsWith("{")) {
            throw new WeightsException(source, "not a safetensors file: the header does not start with '{'");
        }
        JsonNode header;
        try {
            header = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new WeightsException(source, "safetensors header is not valid JSON: "
                    + e.getOriginalMessage().replaceAll("\\s+", " "));
        }
        if (header == null || !header.isObject()) {
            throw new WeightsException(source, "safetensors header is not a JSON object");
        }
        return header;
    }

    private static void readMetadata(JsonNode node, Map<String, String> into, String source) {
        if (!node.isObject()) {
            throw new WeightsException(source, "__metadata__ is not a JSON object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!f.getValue().isTextual()) {
                throw new WeightsException(source, "__metadata__ value " + f.getKey() + " is not a string");
            }
            into.put(f.getKey(), f.getValue().textValue());
        }
    }

    private static Entry entry(String name, JsonNode node, String source) {
        if (!node.isObject()) {
            throw new WeightsException(source, "tensor " + name + " is not described by a JSON object");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!key.equals("dtype") && !key.equals("shape") && !key.equals("data_offsets")) {
                throw new WeightsException(source, "tensor " + name + " has an unknown field " + key);
            }
        }
        JsonNode dtype = node.get("dtype");
        if (dtype == null || !dtype.isTextual()) {
            throw new WeightsException(source, "tensor " + name + " has no dtype");
        }
        if (!dtype.textValue().equals("F32")) {
            throw new WeightsException(source, "tensor " + name + " has dtype " + dtype.textValue()
                    + "; only F32 is supported");
        }
        long[] shape = longs(node.get("shape"), -1, name, "shape", source);
        long[] offsets = longs(node.get("data_offsets"), 2, name, "data_offsets", source);
        if (offsets[1] < offsets[0]) {
            throw new WeightsException(source, "tensor " + name + " has data_offsets [" + offsets[0] + ", "
                    + offsets[1] + "] that end before they begin");
        }
        long numel;
        try {
            numel = Tensor.numel(shape);
        } catch (IllegalArgumentException e) {
            throw new WeightsException(source, "tensor " + name + ": " + e.getMessage());
        }
        if (offsets[1] - offsets[0] != 4 * numel) {
            throw new WeightsException(source, "tensor " + name + " has " + (offsets[1] - offsets[0])
                    + " bytes of data but shape " + Tensor.shapeString(shape) + " needs " + 4 * numel);
        }
        return new Entry(name, shape, offsets[0], offsets[1]);
    }

    private static long[] longs(JsonNode node, int length, String name, String field, String source) {
        String what = length < 0 ? "an array of non-negative integers" : "an array of " + length + " non-negative integers";
        if (node == null || !node.isArray() || (length >= 0 && node.size() != length)) {
            throw new WeightsException(source, "tensor " + name + " " + field + " is not " + what);
        }
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
                throw new WeightsException(source, "tensor " + name + " " + field + " is not " + what);
            }
            out[i] = v.longValue();
        }
        return out;
    }
}
