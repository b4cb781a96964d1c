package dasweep.executor.data;

import dasweep.executor.spec.Objective;
import dasweep.executor.spec.Variable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The best test accuracy any classifier of the images can reach on an objective's task: its Bayes accuracy on the
 * spec's image distribution (§1–2), computed exactly, not sampled.
 *
 * <p>An image shows its color exactly (the ellipse's pixel value) but its circularity and area only through the set
 * of pixels the ellipse covers, and many (circularity, area) pairs cover the same pixels on a 28×28 grid. Given the
 * mask and the color, the best guess is the label that most of the pairs drawing that mask give, each pair weighted
 * by its probability. This class enumerates every value the generator can draw (uniforms rounded to 2 decimals:
 * 71 circularities, 15,080 areas, 91 colors, each weighted by the width of its rounding interval inside the range;
 * rotated or not), renders each mask with {@link EllipseImages#render}, and sums, over masks and colors, the weight
 * of the majority label. Labels are those of {@link Objective#label}, to the last bit.
 *
 * <p>The enumeration (about 2.1 million masks rendered, a few seconds) is done once per JVM, on first use.
 */
public final class TaskCeiling {
    private static final double CIRCULARITY_LOW = 0.3;
    private static final double CIRCULARITY_HIGH = 1.0;
    private static final double COLOR_HIGH = 0.9;
    private static final double AREA_LOW = 16 * Math.PI;
    private static final double AREA_HIGH = 64 * Math.PI;
    private static final int CIRCULARITIES = 71;
    private static final int AREA_LABELS = 101;

    private TaskCeiling() {
    }

    /** The Bayes accuracy of {@code objective}'s task on the spec's images, in [0.5, 1]. */
    public static double accuracy(Objective objective) {
        Masks masks = Masks.INSTANCE;
        double correct = 0;
        double[] labels = new double[Variable.values().length];
        for (int hundredths = 0; hundredths <= 90; hundredths++) {
            double color = hundredths / 100.0;
            labels[Variable.COLOR.index()] = EllipseImages.colorLabel(color);
            double[] positive = new double[masks.count()];
            double[] negative = new double[masks.count()];
            for (int e = 0; e < masks.mask().length; e++) {
                labels[Variable.CIRCULARITY.index()] = masks.circularityLabel()[masks.circularity()[e]];
                labels[Variable.AREA.index()] = masks.areaLabel()[masks.area()[e]];
                (objective.label(labels, 0) ? positive : negative)[masks.mask()[e]] += masks.weight()[e];
            }
            double best = 0;
            for (int m = 0; m < masks.count(); m++) {
                best += Math.max(positive[m], negative[m]);
            }
            correct += weight(color, 0, COLOR_HIGH) * best;
        }
        return correct;
    }

    /** The probability that a uniform draw on [low, high], rounded to 2 decimals, gives {@code value}. */
    static double weight(double value, double low, double high) {
        double from = Math.max(value - 0.005, low);
        double to = Math.min(value + 0.005, high);
        return Math.max(0, to - from) / (high - low);
    }

    /**
     * Every (mask, circularity, area label) the generator can draw, with its probability: entry e is mask
     * {@code mask[e]} (an id, {@code count} in all) drawn with circularity index {@code circularity[e]} and area-label
     * index {@code area[e]}, with probability {@code weight[e]} (rotation included; the entries sum to 1).
     */
    private record Masks(int count, int[] mask, int[] circularity, int[] area, double[] weight,
                         double[] circularityLabel, double[] areaLabel) {
        /** Built on first use, by {@link #enumerate()} (outside this class: its parallel workers must not wait on it). */
        static final Masks INSTANCE = enumerate();
    }

    private static Masks enumerate() {
        List<Map<Mask, double[]>> byCircularity = IntStream.range(0, CIRCULARITIES).parallel()
                .mapToObj(TaskCeiling::masksOf).toList();
        double[] circularityLabel = new double[CIRCULARITIES];
        double[] areaLabel = new double[AREA_LABELS];
        Map<Mask, Integer> ids = new HashMap<>();
        List<int[]> keys = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        for (int c = 0; c < CIRCULARITIES; c++) {
            circularityLabel[c] = EllipseImages.circularityLabel(circularity(c));
            for (Map.Entry<Mask, double[]> m : byCircularity.get(c).entrySet()) {
                int id = ids.computeIfAbsent(m.getKey(), k -> ids.size());
                for (int a = 0; a < AREA_LABELS; a++) {
                    if (m.getValue()[a] > 0) {
                        keys.add(new int[] {id, c, a});
                        weights.add(m.getValue()[a]);
                    }
                }
            }
        }
        for (int a = 0; a < AREA_LABELS; a++) {
            areaLabel[a] = a / 100.0;   // EllipseImages.areaLabel's values: 2 decimals in [0, 1]
        }
        return new Masks(ids.size(), keys.stream().mapToInt(k -> k[0]).toArray(),
                keys.stream().mapToInt(k -> k[1]).toArray(), keys.stream().mapToInt(k -> k[2]).toArray(),
                weights.stream().mapToDouble(w -> w).toArray(), circularityLabel, areaLabel);
    }

    private static double circularity(int index) {
        return EllipseGenerator.round2(CIRCULARITY_LOW + index / 100.0);
    }

    /** The masks of one circularity: each with its probability per area-label index. */
    private static Map<Mask, double[]> masksOf(int c) {
        double circularity = circularity(c);
        double pCircularity = weight(circularity, CIRCULARITY_LOW, CIRCULARITY_HIGH);
        Map<Mask, double[]> masks = new LinkedHashMap<>();
        float[] image = new float[EllipseImages.PIXELS];
        long first = Math.round(AREA_LOW * 100);
        long last = Math.round(AREA_HIGH * 100);
        for (long hundredths = first; hundredths <= last; hundredths++) {
            double area = hundredths / 100.0;
            double p = pCircularity * weight(area, AREA_LOW, AREA_HIGH) * 0.5;
            int label = (int) Math.round(EllipseImages.areaLabel(area) * 100);
            for (boolean rotate : new boolean[] {false, true}) {
                EllipseImages.render(0.5, circularity, area, rotate, image, 0);
                masks.computeIfAbsent(Mask.of(image), k -> new double[AREA_LABELS])[label] += p;
            }
        }
        return masks;
    }

    /** The pixels an ellipse covers, as bits. */
    private record Mask(long[] bits) {
        static Mask of(float[] image) {
            long[] bits = new long[(image.length + 63) / 64];
            for (int p = 0; p < image.length; p++) {
                if (image[p] != EllipseImages.BACKGROUND) {
                    bits[p >> 6] |= 1L << (p & 63);
                }
            }
            return new Mask(bits);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Mask m && Arrays.equals(bits, m.bits);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bits);
        }
    }
}
