package dasweep.executor.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dasweep.executor.DasEngine;
import dasweep.executor.torch.Torch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What {@code dasweep bench} measures of the machine beside a trial (matmul peak, RSS, load) and its statistics. */
final class BenchMachine {
    private static final Logger LOG = LoggerFactory.getLogger(BenchMachine.class);

    private BenchMachine() {
    }

    /**
     * The best of five timed float32 (size × size)·(size × size) products through DJL on
     * {@code threads} intra-op threads, after a warm-up, in GFLOP/s (2·size³ per product).
     */
    static double matmulGflops(int size, int threads) {
        Torch.threads(threads);
        try (NDManager manager = NDManager.newBaseManager(DasEngine.defaultDevice())) {
            NDArray a = manager.randomUniform(-1, 1, new ai.djl.ndarray.types.Shape(size, size));
            NDArray b = manager.randomUniform(-1, 1, new ai.djl.ndarray.types.Shape(size, size));
            a.matMul(b).close();
            double best = Double.MAX_VALUE;
            for (int i = 0; i < 5; i++) {
                long t0 = System.nanoTime();
                try (NDArray c = a.matMul(b)) {
                    c.toFloatArray();     // waits for the product on any device
                }
                best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            }
            return 2.0 * size * size * size / best / 1e9;
        }
    }

    /** VmHWM of this process (peak resident set) in MiB, or -1 where /proc is not there. */
    static double peakRssMib() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return significant(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0);
                }
            }
        } catch (IOException | NumberFormatException e) {
            LOG.debug("no VmHWM: {}", e.toString());
        }
        return -1;
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Paths.get("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The notebook's network next to the installation (../shared/models), or null. */
    static Path notebookNetwork() {
        String home = System.getProperty("dasweep.home");
        if (home == null) {
            return null;
        }
        Path p = Paths.get(home).resolve("../shared/models/amir_cnn_model.safetensors").normalize();
        return Files.isReadable(p) ? p : null;
    }

    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }

    /** {@code x} to 4 significant digits (timings on a shared machine have no more). */
    static double significant(double x) {
        return Double.isFinite(x) && x != 0
                ? new java.math.BigDecimal(x).round(new java.math.MathContext(4)).doubleValue() : x;
    }
}
