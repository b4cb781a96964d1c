package dasweep.executor.data;

import dasweep.executor.spec.Objective;
import dasweep.executor.spec.Variable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dasweep.executor.spec.SpecException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Determinism, ranges, geometry and distribution of {@link EllipseGenerator}. */
class EllipseGeneratorTest {
    private static final int N = 20_000;
    private static EllipseImages images;

    @BeforeAll
    static void generate() {
        images = EllipseGenerator.generate(7, N);
    }

    @Test
    void round2BehavesLikePythonRound() {
        assertEquals(2.67, EllipseGenerator.round2(2.675)); // 2.675 is 2.67499999... in binary
        assertEquals(0.12, EllipseGenerator.round2(0.125)); // exact tie, to even
        assertEquals(0.38, EllipseGenerator.round2(0.375)); // exact tie, to even
        assertEquals(1.0, EllipseGenerator.round2(1.005)); // 1.00499999...
        assertEquals(0.5, EllipseGenerator.round2(0.9 * 0.5555));
        assertEquals(125.66, EllipseGenerator.round2(40 * Math.PI));
    }

    @Test
    void sameSeedSameImagesDifferentSeedDifferentImages() {
        EllipseImages a = EllipseGenerator.generate(123, 500);
        EllipseImages b = EllipseGenerator.generate(123, 500);
        EllipseImages c = EllipseGenerator.generate(124, 500);
        assertArrayEquals(a.pixels(), b.pixels());
        for (int i = 0; i < a.count(); i++) {
            assertArrayEquals(a.labels(i), b.labels(i));
            assertEquals(a.rotated(i), b.rotated(i));
        }
        assertFalse(Arrays.equals(a.pixels(), c.pixels()));
        int sameColor = 0;
        for (int i = 0; i < a.count(); i++) {
            sameColor += a.color(i) == c.color(i) ? 1 : 0;
        }
        assertTrue(sameColor < 50, "colors of different seeds mostly differ: " + sameColor);
        // a prefix of a longer run is the shorter run (4 draws per image, in order)
        EllipseImages longer = EllipseGenerator.generate(123, 600);
        assertArrayEquals(a.pixels(), Arrays.copyOf(longer.pixels(), a.pixels().length));
    }

    @Test
    void latentsAndLabelsLieOnTheirGridsAndRanges() {
        for (int i = 0; i < N; i++) {
            double color = images.color(i);
            double circularity = images.circularity(i);
            double area = images.area(i);
            assertTrue(color >= 0 && color <= 0.9, "color " + color);
            assertTrue(circularity >= 0.3 && circularity <= 1, "circularity " + circularity);
            assertTrue(area >= 50.27 && area <= 201.06, "area " + area);
            assertOnGrid(color);
            assertOnGrid(circularity);
            assertOnGrid(area);
            for (Variable v : Variable.values()) {
                double label = images.label(i, v);
                assertTrue(label >= 0 && label <= 1 + 1e-12, v + " label " + label);
            }
            assertOnGrid(images.label(i, Variable.AREA));
            assertEquals(EllipseImages.circularityLabel(circularity), images.label(i, Variable.CIRCULARITY));
            assertEquals(EllipseImages.colorLabel(color), images.label(i, Variable.COLOR));
            assertEquals(EllipseImages.areaLabel(area), images.label(i, Variable.AREA));
        }
    }

    private static void assertOnGrid(double x) {
        assertEquals(x, EllipseGenerator.round2(x), "two decimals: " + x);
    }

    @Test
    void pixelsAreExactlyColorOrBackground() {
        for (int i = 0; i < 2_000; i++) {
            float color = (float) images.color(i);
            float[] image = images.image(i);
            int filled = 0;
            for (float p : image) {
                assertTrue(p == color || p == 1.0f, "image " + i + " pixel " + p);
                filled += p == color ? 1 : 0;
            }
            assertTrue(filled > 0);
            assertEquals(color, images.pixel(i, 14, 14)); // the centre is always inside
        }
    }

    @Test
    void filledPixelCountMatchesTheAreaForUnclippedEllipses() {
        double sumRelative = 0;
        double sumAbsRelative = 0;
        int unclipped = 0;
        for (int i = 0; i < N; i++) {
            double a = Math.sqrt(images.area(i) / (Math.PI * images.circularity(i)));
            if (a >= 14) {
                continue; // the ellipse would reach the left border (column 0 is x = −14)
            }
            int filled = 0;
            for (float p : images.image(i)) {
                filled += p != 1.0f ? 1 : 0;
            }
            double relative = (filled - images.area(i)) / images.area(i);
            assertTrue(Math.abs(relative) < 0.2, "image " + i + ": " + filled + " pixels for area " + images.area(i));
            sumRelative += relative;
            sumAbsRelative += Math.abs(relative);
            unclipped++;
        }
        assertTrue(unclipped > 0.9 * N, "most ellipses are unclipped: " + unclipped);
        assertTrue(Math.abs(sumRelative / unclipped) < 0.005, "mean relative error " + sumRelative / unclipped);
        assertTrue(sumAbsRelative / unclipped < 0.05, "mean |relative error| " + sumAbsRelative / unclipped);
    }

    @Test
    void majorAxisHorizontalBeforeRotationVerticalAfter() {
        int strict = 0;
        for (int i = 0; i < 2_000; i++) {
            int[] extent = EllipseImagesTest.extent(images.image(i));
            int width = images.rotated(i) ? extent[1] : extent[0];
            int height = images.rotated(i) ? extent[0] : extent[1];
            assertTrue(width >= height, "image " + i + " rotated=" + images.rotated(i));
            strict += width > height ? 1 : 0;
        }
        assertTrue(strict > 1_500, "most ellipses are not round: " + strict);
    }

    @Test
    void distributionIsPlausible() {
        int rotated = 0;
        int positive = 0;
        double color = 0;
        double circularity = 0;
        double area = 0;
        for (int i = 0; i < N; i++) {
            rotated += images.rotated(i) ? 1 : 0;
            positive += images.taskLabel(i, Objective.EQUAL) ? 1 : 0;
            color += images.color(i);
            circularity += images.circularity(i);
            area += images.area(i);
        }
        // standard errors at N = 20,000: 0.0035 for fractions, ~0.002 / 0.0014 / 0.3 for the means
        assertEquals(0.5, rotated / (double) N, 0.02, "rotated fraction");
        assertEquals(0.45, color / N, 0.01, "mean color");
        assertEquals(0.65, circularity / N, 0.01, "mean circularity");
        assertEquals(40 * Math.PI, area / N, 1.5, "mean area");
        // measured 0.497 (seed 42, 50,000 images): the sum of 3 uniform labels, symmetric about 0.6
        assertEquals(0.5, positive / (double) N, 0.03, "positive fraction, equal objective");
        Objective preferArea = new Objective("area", List.of(0.3, 0.4, 0.5), 0.6);
        int positiveArea = 0;
        for (int i = 0; i < N; i++) {
            positiveArea += images.taskLabel(i, preferArea) ? 1 : 0;
        }
        assertEquals(0.5, positiveArea / (double) N, 0.03, "positive fraction, prefer area");
        Objective high = new Objective("high", List.of(0.4, 0.4, 0.4), 0.9);
        int positiveHigh = 0;
        for (int i = 0; i < N; i++) {
            positiveHigh += images.taskLabel(i, high) ? 1 : 0;
        }
        assertTrue(positiveHigh / (double) N < 0.15, "a higher threshold is rarer: " + positiveHigh);
    }

    @Test
    void validatesCount() {
        assertThrows(SpecException.class, () -> EllipseGenerator.generate(1, -1));
        assertEquals(0, EllipseGenerator.generate(1, 0).count());
    }

    @Test
    void fiftyThousandImagesAreFast() {
        EllipseGenerator.generate(1, 5_000); // warm up
        long start = System.nanoTime();
        EllipseImages many = EllipseGenerator.generate(2, 50_000);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(50_000, many.count());
        assertTrue(seconds < 5, "50,000 images took " + seconds + " s"); // ~0.2 s; slack for shared CI cores
    }
}
