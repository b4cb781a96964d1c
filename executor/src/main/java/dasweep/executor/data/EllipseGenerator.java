package dasweep.executor.data;

import dasweep.executor.spec.Limits;
import dasweep.executor.spec.SpecException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.SplittableRandom;

/**
 * Draws random ellipse images (spec §1) from an explicit seed, with {@link SplittableRandom}.
 *
 * <p>Exactly four draws per image, in this order: {@code color = round2(0.9·U(0,1))},
 * {@code circularity = round2(U(0.3, 1))}, {@code area = round2(U(16π, 64π))},
 * {@code rotate = U(0,1) < 0.5}, where {@code U(lo, hi) = lo + (hi − lo)·U(0,1)} as numpy's
 * {@code uniform} and {@code round2} is Python's {@code round(x, 2)}. The same seed always gives
 * the same images; the stream is not numpy's, but the distribution is the same.
 */
public final class EllipseGenerator {
    private static final double AREA_LOW = 16 * Math.PI;
    private static final double AREA_HIGH = 64 * Math.PI;

    private EllipseGenerator() {}

    /** {@code n} images drawn from {@code seed} (n ≥ 0). */
    public static EllipseImages generate(long seed, int n) {
        SpecException.check(n >= 0 && n <= Limits.MAX_IMAGES, "n", "must be between 0 and " + Limits.MAX_IMAGES, n);
        SplittableRandom random = new SplittableRandom(seed);
        double[] colors = new double[n];
        double[] circularities = new double[n];
        double[] areas = new double[n];
        boolean[] rotated = new boolean[n];
        for (int i = 0; i < n; i++) {
            colors[i] = round2(0.9 * random.nextDouble());
            circularities[i] = round2(uniform(random, 0.3, 1));
            areas[i] = round2(uniform(random, AREA_LOW, AREA_HIGH));
            rotated[i] = random.nextDouble() < 0.5;
        }
        return EllipseImages.owning(colors, circularities, areas, rotated);
    }

    /** {@code low + (high − low)·U(0,1)}, as numpy's {@code uniform}. */
    private static double uniform(SplittableRandom random, double low, double high) {
        return low + (high - low) * random.nextDouble();
    }

    /**
     * Python's {@code round(x, 2)}: the exact decimal value of {@code x} rounded to 2 places, ties
     * to even, then the nearest double.
     */
    public static double round2(double x) {
        return new BigDecimal(x).setScale(2, RoundingMode.HALF_EVEN).doubleValue();
    }
}
