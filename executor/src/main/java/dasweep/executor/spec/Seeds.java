package dasweep.executor.spec;

import java.nio.charset.StandardCharsets;

/**
 * Seed splitting: one seed per trial, split for each purpose.
 *
 * <p>A trial carries a single {@code long} seed. Every consumer of randomness (the training pool,
 * the evaluation pool, the training pairs, the rotation's initialisation, the batch order, ...)
 * asks for its own seed with {@link #derive(long, String)} and a fixed purpose name, e.g.
 * {@code Seeds.derive(trialSeed, "pool/train")}. Streams for different purposes are therefore
 * independent of each other and of the order in which they are used, and a trial is reproducible
 * from its one seed. There is no global random state anywhere.
 */
public final class Seeds {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private Seeds() {}

    /**
     * A deterministic, well-mixed 64-bit seed for {@code purpose} under {@code seed}: the SplitMix64
     * finaliser applied to {@code seed} XOR a stable 64-bit hash of the purpose (FNV-1a over its
     * UTF-8 bytes, itself mixed). Stable across JVMs and releases: it does not use
     * {@link String#hashCode()} or any JDK-internal hashing.
     */
    public static long derive(long seed, String purpose) {
        SpecException.check(purpose != null, "purpose", "must not be null", purpose);
        return mix64(seed ^ mix64(fnv1a(purpose)));
    }

    /** The SplitMix64 finaliser (Stafford's variant 13): a bijection with good avalanche. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static long fnv1a(String text) {
        long h = FNV_OFFSET;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= FNV_PRIME;
        }
        return h;
    }
}
