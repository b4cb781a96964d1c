package dasweep.executor.weights;

import dasweep.executor.spec.View;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds protocol-2 pickles and torch.save-style zips in memory, for tests (no binary fixtures). */
public final class PthFixtures {
    private PthFixtures() {
    }

    /** A tiny pickle writer: each method appends one opcode. */
    public static final class Pickle {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        public Pickle raw(int... bytes) {
            for (int b : bytes) {
                out.write(b);
            }
            return this;
        }

        public Pickle proto() {
            return raw(0x80, 2);
        }

        public Pickle global(String module, String name) {
            raw('c');
            out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
            return this;
        }

        Pickle str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            raw('X');
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
            out.writeBytes(b);
            return this;
        }

        Pickle shortStr(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            raw(0x8c, b.length);
            out.writeBytes(b);
            return this;
        }

        Pickle integer(long v) {
            if (v >= 0 && v < 256) {
                return raw('K', (int) v);
            }
            if (v >= 0 && v < 65536) {
                return raw('M', (int) (v & 0xFF), (int) (v >> 8));
            }
            raw('J');
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
            return this;
        }

        Pickle mark() {
            return raw('(');
        }

        Pickle tuple() {
            return raw('t');
        }

        Pickle ints(long... v) {
            mark();
            for (long x : v) {
                integer(x);
            }
            return tuple();
        }

        public byte[] bytes() {
            return out.toByteArray();
        }
    }

    /** A tensor as torch pickles it: a storage key and a strided view of that storage. */
    record View(String name, String storageKey, String storageType, long storageNumel, long offset,
            long[] size, long[] stride) {
    }

    /**
     * The pickle torch.save writes for an OrderedDict state_dict of such views:
     * {@code OrderedDict()} then SETITEMS of {@code _rebuild_tensor_v2(persid, offset, size, stride, False, OrderedDict())},
     * then BUILD with the {@code _metadata} attribute.
     */
    static byte[] stateDictPickle(Iterable<View> views) {
        Pickle p = new Pickle().proto().global("collections", "OrderedDict").raw('q', 0).raw(')', 'R').mark();
        for (View v : views) {
            p.str(v.name()).global("torch._utils", "_rebuild_tensor_v2").mark()
                    .mark().str("storage").global("torch", v.storageType()).str(v.storageKey()).str("cpu")
                    .integer(v.storageNumel()).tuple().raw('Q')
                    .integer(v.offset()).ints(v.size()).ints(v.stride()).raw(0x89).raw('h', 0).raw(')', 'R')
                    .tuple().raw('R');
        }
        p.raw('u');
        // state_dict._metadata = OrderedDict({'': {'version': 1}}), set through BUILD
        p.raw('}').str("_metadata").raw('h', 0).raw(')', 'R').str("").raw('}').str("version").integer(1)
                .raw('s', 's', 's', 'b', '.');
        return p.bytes();
    }

    /** A torch.save-style zip: {@code archive/data.pkl}, {@code archive/byteorder}, storages, version. */
    static byte[] zip(byte[] pickle, Map<String, byte[]> storages, boolean stored) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("archive/data.pkl", pickle);
        entries.put("archive/byteorder", "little".getBytes(StandardCharsets.US_ASCII));
        storages.forEach((k, v) -> entries.put("archive/data/" + k, v));
        entries.put("archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        return zip(entries, stored);
    }

    static byte[] zip(Map<String, byte[]> entries, boolean stored) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry ze = new ZipEntry(e.getKey());
                if (stored) {
                    CRC32 crc = new CRC32();
                    crc.update(e.getValue());
                    ze.setMethod(ZipEntry.STORED);
                    ze.setSize(e.getValue().length);
                    ze.setCompressedSize(e.getValue().length);
                    ze.setCrc(crc.getValue());
                }
                z.putNextEntry(ze);
                z.write(e.getValue());
                z.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A .pth zip holding just this pickle (no storages). */
    public static byte[] zipWithPickle(byte[] pickle) {
        return zip(pickle, Map.of(), true);
    }

    static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    /** A .pth of contiguous tensors, one storage each, like torch.save writes for a state_dict. */
    static byte[] pth(Map<String, Tensor> tensors) {
        java.util.List<View> views = new java.util.ArrayList<>();
        Map<String, byte[]> storages = new LinkedHashMap<>();
        int key = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            long[] shape = e.getValue().shape();
            long[] stride = new long[shape.length];
            long s = 1;
            for (int i = shape.length - 1; i >= 0; i--) {
                stride[i] = s;
                s *= shape[i];
            }
            String k = Integer.toString(key++);
            views.add(new View(e.getKey(), k, "FloatStorage", e.getValue().numel(), 0, shape, stride));
            storages.put(k, floats(e.getValue().data()));
        }
        return zip(stateDictPickle(views), storages, false);
    }
}
