package dasweep.executor.torch;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The environment libtorch's OpenMP runtime (GNU libgomp, shipped with DJL's libtorch) reads once, when it loads:
 * {@code OMP_WAIT_POLICY=PASSIVE}, so that a thread waiting at the end of a parallel region sleeps on a futex instead
 * of spinning.
 *
 * <p>Why: libgomp's default lets an idle worker spin for about 300,000 iterations before it sleeps. When another
 * process holds a core, a trial's threads then spin on the cores they share with it while the thread they wait for is
 * descheduled; the 2-thread seed bench took 3.1× its solo time with one core held by a busy loop, and slower than
 * 1 thread under the same load (issue 21). Passive waiting gives the core back at once, so a trial degrades with the
 * cores it actually gets. The PyTorch reference's own best setting is the same.
 *
 * <p>Where it is set (the values here are the one home; {@code NativeEnvTest} checks the copies): in-process by
 * {@link #apply} (glibc {@code setenv} through JNA, before {@code Torch} loads the engine, so every JVM that runs
 * trials — CLI, tests, Spark executors — has it without help), and, for a libtorch that some other code path loads
 * first, in the environment: {@code deploy/dasweep-lib.sh} (./dasweep, standalone clusters), Spark's
 * {@code spark.executorEnv.*} ({@code SparkSessions} adds them unless set; the cluster template lists them) and
 * surefire's {@code environmentVariables}. A value already in the environment wins everywhere (e.g.
 * {@code OMP_WAIT_POLICY=ACTIVE ./dasweep bench} to compare).
 */
public final class NativeEnv {
    private static final Logger LOG = LoggerFactory.getLogger(NativeEnv.class);

    /** The variables and their values. */
    public static final Map<String, String> VARIABLES = variables();

    private static Map<String, String> variables() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("OMP_WAIT_POLICY", "PASSIVE");
        return java.util.Collections.unmodifiableMap(v);
    }

    private static boolean done;

    private NativeEnv() {
    }

    private interface LibC extends Library {
        int setenv(String name, String value, int overwrite);

        String getenv(String name);
    }

    /** Sets each variable not already set, once per process; call before libtorch loads. Linux only. */
    public static synchronized void apply() {
        if (done) {
            return;
        }
        done = true;
        if (!Platform.isLinux() || Platform.isAndroid()) {
            return;
        }
        set(VARIABLES);
    }

    /** Sets each of {@code variables} that the process environment lacks (a value already there wins). */
    static void set(Map<String, String> variables) {
        try {
            LibC libc = Native.load("c", LibC.class);
            variables.forEach((k, v) -> libc.setenv(k, v, 0));
            LOG.debug("libtorch environment: {}", variables.keySet().stream().map(k -> k + "=" + libc.getenv(k))
                    .toList());
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            LOG.debug("libtorch environment left as it is: {}", e.toString());
        }
    }

    /** The value libgomp will read (or has read): the process environment as C sees it; null when unset. */
    public static String current(String name) {
        if (!Platform.isLinux()) {
            return System.getenv(name);
        }
        return Native.load("c", LibC.class).getenv(name);
    }
}
