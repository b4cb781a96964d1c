package dasweep.executor.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dasweep.executor.spec.Init;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkWeightsTest {

    private static final String SRC = "w.safetensors";

    private static void assertFails(byte[] bytes, String message) {
        WeightsException e = assertThrows(WeightsException.class, () -> NetworkWeights.read(bytes, SRC));
        assertEquals(SRC + ": " + message, e.getMessage());
    }

    private static NetworkWeights shared() {
        return NetworkWeights.read(SharedModels.safetensors());
    }

    /** Any valid network, for the validation tests: a seeded random one (no ../shared needed). */
    private static NetworkWeights valid() {
        return NetworkWeights.random(1, Init.PYTORCH);
    }

    /** A valid network's tensors with one entry replaced (null value: removed), as safetensors bytes. */
    private static byte[] variant(String name, Tensor replacement) {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>(valid().tensors());
        if (replacement == null) {
            m.remove(name);
        } else {
            m.put(name, replacement);
        }
        return Safetensors.write(m, Map.of());
    }

    @Test
    void expectedListsTheTenTensors() {
        assertEquals(10, NetworkWeights.EXPECTED.size());
        assertEquals(32_711, NetworkWeights.EXPECTED.stream().mapToLong(NetworkWeights.TensorSpec::numel).sum());
        assertArrayEquals(new long[] {3, 3136}, NetworkWeights.EXPECTED.get(6).shape());
        assertEquals("fc1.weight", NetworkWeights.EXPECTED.get(6).name());
        assertEquals("[conv1.weight(16, 1, 3, 3), conv1.bias(16,), conv2.weight(32, 16, 3, 3), conv2.bias(32,),"
                + " conv3.weight(64, 32, 3, 3), conv3.bias(64,), fc1.weight(3, 3136), fc1.bias(3,), fc2.weight(1, 3),"
                + " fc2.bias(1,)]", NetworkWeights.EXPECTED.toString());
    }

    @Test
    void bothSharedFilesLoadAndAgree() {
        NetworkWeights fromPth = NetworkWeights.read(SharedModels.pth());
        NetworkWeights fromSafetensors = shared();
        assertEquals(fromSafetensors, fromPth);
        assertEquals(NetworkWeights.EXPECTED.stream().map(NetworkWeights.TensorSpec::name).toList(),
                List.copyOf(fromPth.tensors().keySet()));
        for (NetworkWeights.TensorSpec spec : NetworkWeights.EXPECTED) {
            assertArrayEquals(spec.shape(), fromPth.get(spec.name()).shape());
            assertArrayEquals(fromSafetensors.get(spec.name()).data(), fromPth.get(spec.name()).data(), spec.name());
        }
        assertEquals(SharedModels.pth().toString(), fromPth.source());
    }

    @Test
    void toSafetensorsIsDeterministicAndReadsBack() {
        NetworkWeights fromPth = NetworkWeights.read(SharedModels.pth());
        NetworkWeights fromSafetensors = shared();
        byte[] a = fromPth.toSafetensors();
        assertArrayEquals(a, fromSafetensors.toSafetensors(), "same tensors, same bytes, whatever the source format");
        assertArrayEquals(a, fromPth.toSafetensors());
        assertEquals(fromPth.sha256(), fromSafetensors.sha256());
        assertEquals(fromPth, NetworkWeights.read(a, "again"));
        assertEquals(Map.of("format", "pt"), Safetensors.parse(a, "again").metadata());
    }

    @Test
    void formatIsDetectedByContentNotName() {
        byte[] pth = SharedModels.bytes(SharedModels.pth());
        assertEquals(shared(), NetworkWeights.read(pth, "misnamed.safetensors"));
        // and a generated .pth of the same tensors reads back equal too
        assertEquals(shared(), NetworkWeights.read(PthFixtures.pth(shared().tensors()), "generated.pth"));
    }

    @Test
    void rejectsWrongShape() {
        assertFails(variant("fc1.weight", new Tensor(new long[] {3, 3000}, new float[9000])),
                "tensor fc1.weight has shape (3, 3000), expected (3, 3136)");
        assertFails(variant("conv1.bias", new Tensor(new long[] {1, 16}, new float[16])),
                "tensor conv1.bias has shape (1, 16), expected (16,)");
    }

    @Test
    void rejectsMissingAndExtraTensors() {
        assertFails(variant("fc2.bias", null), "missing tensor fc2.bias");
        assertFails(variant("fc3.weight", new Tensor(new long[] {1}, new float[1])), "unexpected tensor fc3.weight");
        // a wrong shape inside a .pth is reported the same way
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>(valid().tensors());
        m.remove("conv1.weight");
        WeightsException e = assertThrows(WeightsException.class,
                () -> NetworkWeights.read(PthFixtures.pth(m), "x.pth"));
        assertEquals("x.pth: missing tensor conv1.weight", e.getMessage());
    }

    @Test
    void rejectsNonFiniteValues() {
        float[] bias = new float[3];
        bias[1] = Float.NaN;
        assertFails(variant("fc1.bias", new Tensor(new long[] {3}, bias)),
                "tensor fc1.bias has a non-finite value (NaN) at flat index 1");
        bias[1] = Float.NEGATIVE_INFINITY;
        assertFails(variant("fc1.bias", new Tensor(new long[] {3}, bias)),
                "tensor fc1.bias has a non-finite value (-Infinity) at flat index 1");
    }

    @Test
    void rejectsEmptyGarbageAndTruncatedFiles() {
        assertFails(new byte[0], "empty file");
        byte[] garbage = "this is not a weights file at all\n".getBytes(StandardCharsets.US_ASCII);
        long n = ByteBuffer.wrap(garbage).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertFails(garbage, "not a safetensors file: header length " + Long.toUnsignedString(n)
                + " exceeds the 100000000-byte limit");
        byte[] st = SharedModels.bytes(SharedModels.safetensors());
        assertFails(Arrays.copyOf(st, st.length - 1),
                "truncated: tensor fc2.bias ends at data byte 130844 but the data section has only 130843 bytes");
        assertFails(Arrays.copyOf(st, 500), "truncated: header length 848 is larger than the 492 bytes after it");
        byte[] pth = SharedModels.bytes(SharedModels.pth());
        assertFails(Arrays.copyOf(pth, 70_000), "truncated or corrupt zip archive: no end-of-central-directory record");
    }

    @Test
    void rejectsMaliciousPth() {
        byte[] pickle = new PthFixtures.Pickle().proto().global("os", "system").str("echo hi").raw(0x85, 'R', '.').bytes();
        assertFails(PthFixtures.zipWithPickle(pickle),
                "pickle asks for os.system; only tensor-rebuilding globals are allowed");
    }

    @Test
    void reportsUnreadableFiles(@TempDir Path tmp) throws Exception {
        Path missing = tmp.resolve("nope.pth");
        WeightsException e = assertThrows(WeightsException.class, () -> NetworkWeights.read(missing));
        assertEquals(missing + ": cannot read: no such file", e.getMessage());
        e = assertThrows(WeightsException.class, () -> NetworkWeights.read(tmp));
        assertEquals(tmp + ": cannot read: is a directory", e.getMessage());
        Path empty = Files.write(tmp.resolve("empty.safetensors"), new byte[0]);
        e = assertThrows(WeightsException.class, () -> NetworkWeights.read(empty));
        assertEquals(empty + ": empty file", e.getMessage());
        Path cut = Files.write(tmp.resolve("cut.safetensors"), Arrays.copyOf(valid().toSafetensors(), 6));
        e = assertThrows(WeightsException.class, () -> NetworkWeights.read(cut));
        assertEquals(cut + ": truncated: 6 bytes, too short for the 8-byte safetensors header length", e.getMessage());
    }

    @Test
    void tensorsAreImmutable() {
        NetworkWeights w = valid();
        float before = w.get("fc2.bias").at(0);
        w.get("fc2.bias").data()[0] = before + 1;
        assertEquals(before, w.get("fc2.bias").at(0));
        assertThrows(UnsupportedOperationException.class, () -> w.tensors().remove("fc2.bias"));
        assertThrows(IllegalArgumentException.class, () -> w.get("fc9.bias"));
    }
}
