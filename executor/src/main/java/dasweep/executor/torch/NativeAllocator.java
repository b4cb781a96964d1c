package dasweep.executor.torch;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps glibc's malloc from handing libtorch's tensor buffers back to the kernel after every step.
 *
 * <p>A DAS step allocates and frees buffers of 1–30 MB (a batch's site activations and their
 * gradients). With glibc's defaults those are served by fresh {@code mmap}s or trimmed off the heap
 * top when freed, so every step faults its memory in again: on the seed trial that was a third of the
 * CPU time in the kernel and epochs of 3–10 s. Raising the mmap and trim thresholds and padding heap
 * growth keeps freed buffers in the process for the next step (2.3–2.9 s/epoch, a tenth of the system
 * time; peak RSS unchanged within noise) — the same tuning PyTorch's CPU performance guide reaches with
 * jemalloc or tcmalloc, done here in-process so that every JVM that runs trials (the CLI, tests, Spark
 * executors on any cluster) gets it without an environment variable. Only on Linux with glibc; elsewhere
 * it does nothing.
 */
final class NativeAllocator {
    private static final Logger LOG = LoggerFactory.getLogger(NativeAllocator.class);
    /** glibc's {@code mallopt} parameters (malloc.h). */
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_TOP_PAD = -2;
    private static final int M_MMAP_THRESHOLD = -3;
    /** Allocations below this come from the heap, not a fresh mapping: every buffer a trial makes. */
    static final int MMAP_THRESHOLD = 1 << 30;
    /** Free memory at the heap top kept before trimming. */
    static final int TRIM_THRESHOLD = Integer.MAX_VALUE;
    /** Extra bytes asked of the kernel whenever a heap grows. */
    static final int TOP_PAD = 256 << 20;

    private static boolean done;

    private NativeAllocator() {
    }

    private interface LibC extends Library {
        int mallopt(int param, int value);
    }

    /** Applies the settings once per process; safe to call from any thread. */
    static synchronized void tune() {
        if (done) {
            return;
        }
        done = true;
        if (!Platform.isLinux() || Platform.isAndroid()) {
            return;
        }
        try {
            LibC libc = Native.load("c", LibC.class);
            boolean ok = libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1
                    & libc.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1
                    & libc.mallopt(M_TOP_PAD, TOP_PAD) == 1;
            LOG.debug("glibc malloc tuned for libtorch buffers: {}", ok ? "yes" : "refused in part");
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            LOG.debug("glibc malloc left at its defaults: {}", e.toString());
        }
    }
}
