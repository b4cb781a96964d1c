package dasweep.executor.weights;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A minimal, strict reader of an in-memory zip archive, as {@code torch.save} writes them: it reads
 * the central directory (ZIP64 included), stored or deflated entries, and checks each entry's CRC.
 * ({@link java.util.zip.ZipInputStream} cannot read torch's stored entries with data descriptors.)
 */
final class ZipArchive {

    private static final int EOCD = 0x06054b50;
    private static final int ZIP64_LOCATOR = 0x07064b50;
    private static final int ZIP64_EOCD = 0x06064b50;
    private static final int CENTRAL = 0x02014b50;
    private static final int LOCAL = 0x04034b50;
    private static final long MAX_ENTRY_BYTES = Integer.MAX_VALUE - 8;
    /** Budget on the bytes all entries read from one archive inflate to (entries may share compressed data). */
    static final long MAX_TOTAL_BYTES = 256L << 20;
    private long inflated;

    private record Entry(String name, int method, int flags, long crc, long compressed, long size, long localOffset) {
    }

    private final byte[] zip;
    private final ByteBuffer buf;
    private final String source;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /** Reads the central directory; throws a {@link WeightsException} for a truncated or corrupt archive. */
    ZipArchive(byte[] zip, String source) {
        this.zip = zip;
        this.buf = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        this.source = source;
        try {
            readCentralDirectory();
        } catch (IndexOutOfBoundsException e) {
            throw corrupt("the central directory runs past the end of the file");
        }
    }

    /** The entry names, in central-directory order. */
    Set<String> names() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    /** The uncompressed bytes of an entry, CRC-checked; {@code null} when there is no such entry. */
    byte[] read(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            return null;
        }
        try {
            return readEntry(e);
        } catch (IndexOutOfBoundsException ex) {
            throw corrupt("entry " + name + " runs past the end of the file");
        }
    }

    private WeightsException corrupt(String problem) {
        return new WeightsException(source, "truncated or corrupt zip archive: " + problem);
    }

    private void readCentralDirectory() {
        int eocd = -1;
        for (int i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65535); i--) {
            if (buf.getInt(i) == EOCD && i + 22 + u16(i + 20) == zip.length) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) {
            throw corrupt("no end-of-central-directory record");
        }
        long count = u16(eocd + 10);
        long cdSize = u32(eocd + 12);
        long cdOffset = u32(eocd + 16);
        if (count == 0xFFFF || cdSize == 0xFFFFFFFFL || cdOffset == 0xFFFFFFFFL) {
            int locator = eocd - 20;
            if (locator < 0 || buf.getInt(locator) != ZIP64_LOCATOR) {
                throw corrupt("no ZIP64 end-of-central-directory locator");
            }
            long z = buf.getLong(locator + 8);
            if (z < 0 || z > zip.length - 56 || buf.getInt((int) z) != ZIP64_EOCD) {
                throw corrupt("no ZIP64 end-of-central-directory record");
            }
            count = buf.getLong((int) z + 32);
            cdSize = buf.getLong((int) z + 40);
            cdOffset = buf.getLong((int) z + 48);
        }
        if (cdOffset < 0 || cdSize < 0 || cdOffset + cdSize > eocd || count < 0 || count > cdSize / 46) {
            throw corrupt("the central directory lies outside the file");
        }
        int at = (int) cdOffset;
        for (long k = 0; k < count; k++) {
            if (buf.getInt(at) != CENTRAL) {
                throw corrupt("bad central directory entry " + k);
            }
            int flags = u16(at + 8);
            int method = u16(at + 10);
            long crc = u32(at + 16);
            long compressed = u32(at + 20);
            long size = u32(at + 24);
            int nameLen = u16(at + 28);
            int extraLen = u16(at + 30);
            int commentLen = u16(at + 32);
            long local = u32(at + 42);
            String name = new String(zip, at + 46, nameLen, StandardCharsets.UTF_8);
            // ZIP64 extra field: the 8-byte values, in this order, of those fields that are 0xFFFFFFFF
            int extra = at + 46 + nameLen;
            int extraEnd = extra + extraLen;
            while (extra + 4 <= extraEnd) {
                int id = u16(extra);
                int len = u16(extra + 2);
                if (id == 0x0001) {
                    int p = extra + 4;
                    if (size == 0xFFFFFFFFL) { size = buf.getLong(p); p += 8; }
                    if (compressed == 0xFFFFFFFFL) { compressed = buf.getLong(p); p += 8; }
                    if (local == 0xFFFFFFFFL) { local = buf.getLong(p); }
                }
                extra += 4 + len;
            }
            if (entries.put(name, new Entry(name, method, flags, crc, compressed, size, local)) != null) {
                throw corrupt("duplicate entry " + name);
            }
            at = extraEnd + commentLen;
        }
    }

    private byte[] readEntry(Entry e) {
        if ((e.flags & 1) != 0) {
            throw new WeightsException(source, "zip entry " + e.name + " is encrypted");
        }
        if (e.localOffset < 0 || e.localOffset > zip.length - 30 || buf.getInt((int) e.localOffset) != LOCAL) {
            throw corrupt("no local header for entry " + e.name);
        }
        if (e.size < 0 || e.size > MAX_ENTRY_BYTES || e.compressed < 0) {
            throw new WeightsException(source, "zip entry " + e.name + " is too large");
        }
        inflated += e.size;
        if (inflated > MAX_TOTAL_BYTES) {
            throw new WeightsException(source, "the zip entries read inflate to more than " + MAX_TOTAL_BYTES
                    + " bytes in all");
        }
        long start = e.localOffset + 30 + u16((int) e.localOffset + 26) + u16((int) e.localOffset + 28);
        if (start + e.compressed > zip.length) {
            throw corrupt("entry " + e.name + " runs past the end of the file");
        }
        byte[] out;
        if (e.method == 0) {
            if (e.compressed != e.size) {
                throw corrupt("stored entry " + e.name + " has inconsistent sizes");
            }
            out = new byte[(int) e.size];
            System.arraycopy(zip, (int) start, out, 0, out.length);
        } else if (e.method == 8) {
            out = new byte[(int) e.size];
            Inflater inflater = new Inflater(true);
            try {
                inflater.setInput(zip, (int) start, (int) e.compressed);
                int n = 0;
                while (n < out.length && !inflater.finished()) {
                    int k = inflater.inflate(out, n, out.length - n);
                    if (k == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                        break;
                    }
                    n += k;
                }
                if (n != out.length) {
                    throw corrupt("entry " + e.name + " inflates to fewer bytes than its declared size");
                }
            } catch (DataFormatException ex) {
                throw corrupt("entry " + e.name + " is not valid deflate data");
            } finally {
                inflater.end();
            }
        } else {
            throw new WeightsException(source, "zip entry " + e.name + " uses unsupported compression method " + e.method);
        }
        CRC32 crc = new CRC32();
        crc.update(out);
        if (crc.getValue() != e.crc) {
            throw corrupt("CRC mismatch in entry " + e.name);
        }
        return out;
    }

    private int u16(int at) {
        return Short.toUnsignedInt(buf.getShort(at));
    }

    private long u32(int at) {
        return Integer.toUnsignedLong(buf.getInt(at));
    }
}
