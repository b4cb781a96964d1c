package dasweep.executor.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SafetensorsTest {

    private static final String SRC = "w.safetensors";

    private static LinkedHashMap<String, Tensor> sample() {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        m.put("b", new Tensor(new long[] {2, 3}, new float[] {1, -2, 3.5f, Float.MIN_VALUE, -0.0f, 1e30f}));
        m.put("a", new Tensor(new long[] {1}, new float[] {42}));
        m.put("scalar", new Tensor(new long[] {}, new float[] {7}));
        m.put("empty", new Tensor(new long[] {0, 4}, new float[] {}));
        return m;
    }

    /** A file with this header JSON (padded) and this many data bytes. */
    private static byte[] file(String json, int dataBytes) {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return b.array();
    }

    private static void assertFails(byte[] bytes, String message) {
        WeightsException e = assertThrows(WeightsException.class, () -> Safetensors.read(bytes, SRC));
        assertEquals(SRC + ": " + message, e.getMessage());
    }

    @Test
    void writeThenReadRoundTrips() {
        byte[] bytes = Safetensors.write(sample(), Map.of("format", "pt", "note", "x"));
        Safetensors.Contents c = Safetensors.parse(bytes, SRC);
        assertEquals(sample(), c.tensors());
        assertEquals(Map.of("format", "pt", "note", "x"), c.metadata());
        // order of data offsets = write order
        assertEquals(List.of("b", "a", "scalar", "empty"), List.copyOf(c.tensors().keySet()));
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertEquals(0, (8 + n) % 8, "data starts 8-byte aligned");
        assertEquals(8 + n + 4 * (6 + 1 + 1), bytes.length);
        assertArrayEquals(new float[] {1, -2, 3.5f, Float.MIN_VALUE, -0.0f, 1e30f}, c.tensors().get("b").data());
    }

    @Test
    void writeIsDeterministic() {
        LinkedHashMap<String, String> meta1 = new LinkedHashMap<>();
        meta1.put("z", "1");
        meta1.put("a", "2");
        LinkedHashMap<String, String> meta2 = new LinkedHashMap<>();
        meta2.put("a", "2");
        meta2.put("z", "1");
        assertArrayEquals(Safetensors.write(sample(), meta1), Safetensors.write(sample(), meta2));
        assertArrayEquals(Safetensors.write(sample(), Map.of()), Safetensors.write(sample(), null));
    }

    @Test
    void sharedFileHasTheReadmeSha256AndIsReproducedByteForByte() throws Exception {
        byte[] bytes = SharedModels.bytes(SharedModels.safetensors());
        assertEquals(SharedModels.SAFETENSORS_SHA256,
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        Safetensors.Contents c = Safetensors.parse(bytes, SRC);
        assertEquals(Map.of("format", "pt",
                "source", "github AmirZur/ellipse @ b25e77c, pytorch_models/amir_cnn_model.pth"), c.metadata());
        assertEquals(NetworkWeights.EXPECTED.stream().map(NetworkWeights.TensorSpec::name).toList(),
                List.copyOf(c.tensors().keySet()));
        // the writer's layout is exactly the one pth_to_safetensors.py wrote
        assertArrayEquals(bytes, Safetensors.write(c.tensors(), c.metadata()));
    }

    @Test
    void rejectsEmptyAndTooShortFiles() {
        assertFails(new byte[0], "empty file");
        assertFails(new byte[5], "truncated: 5 bytes, too short for the 8-byte safetensors header length");
    }

    @Test
    void rejectsTruncatedData() {
        byte[] bytes = Safetensors.write(sample(), Map.of());
        byte[] cut = Arrays.copyOf(bytes, bytes.length - 3);
        int dataLength = cut.length - 8 - (int) ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertFails(cut, "truncated: tensor scalar ends at data byte 32 but the data section has only "
                + dataLength + " bytes");
    }

    @Test
    void rejectsHeaderLengthLargerThanFile() {
        byte[] bytes = Safetensors.write(sample(), Map.of());
        assertFails(Arrays.copyOf(bytes, 100), "truncated: header length "
                + ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0)
                + " is larger than the 92 bytes after it");
        byte[] huge = bytes.clone();
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
        assertFails(huge, "not a safetensors file: header length 1099511627776 exceeds the 100000000-byte limit");
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1L);
        assertFails(huge, "not a safetensors file: header length 18446744073709551615 exceeds the 100000000-byte limit");
    }

    @Test
    void rejectsOtherDtypes() {
        assertFails(file("{\"w\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4),
                "tensor w has dtype F16; only F32 is supported");
    }

    @Test
    void rejectsBadLayouts() {
        assertFails(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4),
                "tensor w has 4 bytes of data but shape (2,) needs 8");
        assertFails(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"v\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8),
                "tensors w and v overlap in the data section");
        assertFails(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8),
                "4 unused bytes in the data section before tensor w");
        assertFails(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 12),
                "8 trailing bytes after the last tensor");
        assertFails(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,4]}}", 8),
                "tensor w has data_offsets [8, 4] that end before they begin");
        assertFails(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4),
                "tensor w shape is not an array of non-negative integers");
        assertFails(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", 4),
                "tensor w data_offsets is not an array of 2 non-negative integers");
    }

    @Test
    void rejectsBadJson() {
        assertFails(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4),
                "safetensors header is not valid JSON: Duplicate field 'w' for `ObjectNode`: "
                        + "not allowed when `DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY` enabled");
        assertFails(file("[1,2]", 0), "not a safetensors file: the header does not start with '{'");
        assertFails(file("{\"__metadata__\":{\"a\":1}}", 0), "__metadata__ value a is not a string");
    }
}
