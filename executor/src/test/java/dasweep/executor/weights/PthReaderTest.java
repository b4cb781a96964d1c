package dasweep.executor.weights;

import static dasweep.executor.weights.PthFixtures.floats;
import static dasweep.executor.weights.PthFixtures.stateDictPickle;
import static dasweep.executor.weights.PthFixtures.zip;
import static dasweep.executor.weights.PthFixtures.zipWithPickle;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dasweep.executor.weights.PthFixtures.Pickle;
import dasweep.executor.weights.PthFixtures.View;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PthReaderTest {

    private static final String SRC = "w.pth";

    private static void assertFails(byte[] bytes, String message) {
        WeightsException e = assertThrows(WeightsException.class, () -> PthReader.read(bytes, SRC));
        assertEquals(SRC + ": " + message, e.getMessage());
    }

    @Test
    void sharedPthEqualsSharedSafetensorsFloatForFloat() {
        LinkedHashMap<String, Tensor> pth = PthReader.read(SharedModels.bytes(SharedModels.pth()), SRC);
        LinkedHashMap<String, Tensor> st = Safetensors.read(SharedModels.bytes(SharedModels.safetensors()), SRC);
        assertEquals(List.copyOf(st.keySet()), List.copyOf(pth.keySet()));
        for (String name : st.keySet()) {
            assertArrayEquals(st.get(name).shape(), pth.get(name).shape(), name);
            int[] a = bitsOf(st.get(name).data());
            int[] b = bitsOf(pth.get(name).data());
            assertArrayEquals(a, b, name);
        }
    }

    private static int[] bitsOf(float[] f) {
        int[] out = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = Float.floatToRawIntBits(f[i]);
        }
        return out;
    }

    @Test
    void readsGeneratedArchivesStoredOrDeflated() {
        List<View> views = List.of(
                new View("w", "0", "FloatStorage", 6, 0, new long[] {2, 3}, new long[] {3, 1}),
                new View("b", "1", "FloatStorage", 2, 0, new long[] {2}, new long[] {1}));
        Map<String, byte[]> storages = Map.of("0", floats(1, 2, 3, 4, 5, 6), "1", floats(-1, 0.5f));
        for (boolean stored : new boolean[] {true, false}) {
            LinkedHashMap<String, Tensor> m = PthReader.read(zip(stateDictPickle(views), storages, stored), SRC);
            assertEquals(List.of("w", "b"), List.copyOf(m.keySet()));
            assertEquals(new Tensor(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}), m.get("w"));
            assertEquals(new Tensor(new long[] {2}, new float[] {-1, 0.5f}), m.get("b"));
        }
    }

    @Test
    void gathersStridedViewsAndSharedStorages() {
        // t is the transpose of a (2,3) storage, u a slice at offset 3 of the same storage
        List<View> views = List.of(
                new View("t", "0", "FloatStorage", 6, 0, new long[] {3, 2}, new long[] {1, 3}),
                new View("u", "0", "FloatStorage", 6, 3, new long[] {3}, new long[] {1}),
                new View("bcast", "0", "FloatStorage", 6, 1, new long[] {2, 2}, new long[] {0, 1}));
        LinkedHashMap<String, Tensor> m = PthReader.read(
                zip(stateDictPickle(views), Map.of("0", floats(1, 2, 3, 4, 5, 6)), true), SRC);
        assertEquals(new Tensor(new long[] {3, 2}, new float[] {1, 4, 2, 5, 3, 6}), m.get("t"));
        assertEquals(new Tensor(new long[] {3}, new float[] {4, 5, 6}), m.get("u"));
        assertEquals(new Tensor(new long[] {2, 2}, new float[] {2, 3, 2, 3}), m.get("bcast"));
    }

    @Test
    void rejectsViewsPastTheStorage() {
        List<View> views = List.of(new View("w", "0", "FloatStorage", 6, 2, new long[] {2, 3}, new long[] {3, 1}));
        assertFails(zip(stateDictPickle(views), Map.of("0", floats(1, 2, 3, 4, 5, 6)), true),
                "tensor (2, 3) reaches past the end of storage 0 (6 elements)");
    }

    @Test
    void rejectsHostileSizes() {
        List<View> huge = List.of(new View("w", "0", "FloatStorage", 1, 0, new long[] {1 << 15, 1 << 15}, new long[] {0, 0}));
        assertFails(zip(stateDictPickle(huge), Map.of("0", floats(1)), true),
                "the tensors hold more than 16777216 elements in all");
        List<View> overflow = List.of(new View("w", "0", "FloatStorage", 1, 0, new long[] {2}, new long[] {Integer.MAX_VALUE}));
        assertFails(zip(stateDictPickle(overflow), Map.of("0", floats(1)), true),
                "tensor (2,) reaches past the end of storage 0 (1 elements)");
    }

    @Test
    void rejectsStoragesWhoseTotalIsOverTheBudgetBeforeInflatingThem() {
        // the attack: many storages, each under the cap, all pointing at the same compressed data
        List<View> views = new java.util.ArrayList<>();
        Map<String, byte[]> storages = new java.util.LinkedHashMap<>();
        byte[] zeros = new byte[4 << 22];   // 2^22 float32 zeros: 16 MiB that deflate to a few KiB
        for (int i = 0; i < 8; i++) {
            views.add(new View("w" + i, "" + i, "FloatStorage", 1 << 22, 0, new long[] {1}, new long[] {1}));
            storages.put("" + i, zeros);
        }
        byte[] pth = zip(stateDictPickle(views), storages, false);
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
                () -> assertFails(pth, "the storages hold more than 16777216 elements in all"));
    }

    @Test
    void rejectsOsSystemWithoutRunningIt(@TempDir Path tmp) {
        Path marker = tmp.resolve("pwned");
        // the classic payload: os.system('touch <marker>')
        byte[] pickle = new Pickle().proto().global("os", "system").raw('q', 0)
                .str("touch " + marker).raw(0x85, 'R', '.').bytes();
        assertFails(zipWithPickle(pickle), "pickle asks for os.system; only tensor-rebuilding globals are allowed");
        assertFalse(Files.exists(marker), "the pickle must not run anything");
    }

    @Test
    void rejectsOtherGlobals() {
        byte[] viaStackGlobal = new Pickle().proto().shortStr("builtins").shortStr("eval").raw(0x93)
                .str("1+1").raw(0x85, 'R', '.').bytes();
        assertFails(zipWithPickle(viaStackGlobal),
                "pickle asks for builtins.eval; only tensor-rebuilding globals are allowed");
        byte[] posix = new Pickle().proto().global("posix", "system").raw('.').bytes();
        assertFails(zipWithPickle(posix), "pickle asks for posix.system; only tensor-rebuilding globals are allowed");
        byte[] subprocess = new Pickle().proto().global("subprocess", "Popen").raw('.').bytes();
        assertFails(zipWithPickle(subprocess),
                "pickle asks for subprocess.Popen; only tensor-rebuilding globals are allowed");
        // an allowed global cannot be misused as a callable
        byte[] storageCall = new Pickle().proto().global("torch", "FloatStorage").raw(')', 'R', '.').bytes();
        assertFails(zipWithPickle(storageCall), "pickle calls torch.FloatStorage; only OrderedDict, "
                + "_rebuild_tensor_v2 and _rebuild_parameter may be called");
    }

    @Test
    void rejectsUnknownAndUnsupportedOpcodes() {
        assertFails(zipWithPickle(new Pickle().proto().raw(0xff).bytes()),
                "pickle uses opcode unknown 0xff at byte 2; only the opcodes of a plain state_dict are allowed");
        byte[] inst = new Pickle().proto().mark().raw('i').bytes();
        assertFails(zipWithPickle(inst),
                "pickle uses opcode INST (0x69) at byte 3; only the opcodes of a plain state_dict are allowed");
        assertFails(zipWithPickle(new Pickle().proto().raw(0x81).bytes()),
                "pickle uses opcode NEWOBJ (0x81) at byte 2; only the opcodes of a plain state_dict are allowed");
    }

    @Test
    void rejectsMalformedPickles() {
        assertFails(zipWithPickle(new Pickle().proto().raw('}').bytes()),
                "pickle is truncated: it ends at byte 3 without STOP");
        assertFails(zipWithPickle(new Pickle().proto().raw('.').bytes()), "pickle pops from an empty stack at byte 2");
        assertFails(zipWithPickle(new Pickle().proto().raw('h', 7).bytes()), "pickle reads memo 7 before storing it");
        assertFails(zipWithPickle(new Pickle().proto().raw(']', '.').bytes()), "the pickle holds a list, not a state_dict");
        assertFails(zipWithPickle(new Pickle().proto().raw('}').str("x").integer(3).raw('s', '.').bytes()),
                "state_dict entry x is 3, not a tensor");
    }

    @Test
    void rejectsOtherDtypes() {
        List<View> views = List.of(new View("w", "0", "DoubleStorage", 2, 0, new long[] {2}, new long[] {1}));
        assertFails(zip(stateDictPickle(views), Map.of("0", new byte[16]), true),
                "storage 0 is torch.DoubleStorage; only float32 (torch.FloatStorage) is supported");
    }

    @Test
    void rejectsMissingOrShortStorages() {
        List<View> views = List.of(new View("w", "0", "FloatStorage", 2, 0, new long[] {2}, new long[] {1}));
        assertFails(zip(stateDictPickle(views), Map.of(), true), "storage 0 is missing: no zip entry archive/data/0");
        assertFails(zip(stateDictPickle(views), Map.of("0", new byte[4]), true),
                "storage 0 has 4 bytes but 2 float32 values need 8");
    }

    @Test
    void rejectsBrokenArchives() {
        byte[] pth = SharedModels.bytes(SharedModels.pth());
        assertFails(Arrays.copyOf(pth, pth.length / 2),
                "truncated or corrupt zip archive: no end-of-central-directory record");
        assertFails(Arrays.copyOf(pth, 4), "truncated or corrupt zip archive: no end-of-central-directory record");
        assertFails(new byte[0], "empty file");
        // flip one byte inside a stored storage entry
        List<View> views = List.of(new View("w", "0", "FloatStorage", 2, 0, new long[] {2}, new long[] {1}));
        byte[] ok = zip(stateDictPickle(views), Map.of("0", floats(1.5f, 2.5f)), true);
        byte[] bad = ok.clone();
        int at = indexOf(bad, floats(1.5f, 2.5f));
        bad[at] ^= 1;
        assertFails(bad, "truncated or corrupt zip archive: CRC mismatch in entry archive/data/0");
        assertFails(zip(Map.of("x/other", new byte[1]), true), "not a torch.save archive: no <name>/data.pkl entry");
        assertFails(zip(Map.of("archive/data.pkl", new byte[1], "archive/byteorder", "big".getBytes()), true),
                "byteorder is 'big'; only little-endian archives are supported");
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
