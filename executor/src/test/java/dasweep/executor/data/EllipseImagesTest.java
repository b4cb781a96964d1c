package dasweep.executor.data;

import dasweep.executor.spec.Objective;

import dasweep.executor.spec.Variable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dasweep.executor.spec.SpecException;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pixel geometry, labels and accessors of {@link EllipseImages}, checked against the Python reference. */
class EllipseImagesTest {

    /**
     * Filled-pixel masks (row-major, 784 bits as hex) and labels printed by the reference's
     * {@code render_ellipse} (+ {@code np.rot90}) and {@code create_dataset} label formulas.
     */
    private record Case(double color, double circularity, double area, boolean rotate, int filled,
                        double[] labels, String mask) {}

    private static final List<Case> REFERENCE = List.of(
            new Case(0.45, 0.65, 125.66, false, 125, new double[] {0.5000000000000001, 0.5, 0.5},
                    "0000000000000000000000000000000000000000000000000000000000000000007000003fe0000fff8001fffc001fffc001fffc001fffc001fffc000fff80003fe00000700000000000000000000000000000000000000000000000000000000000"),
            new Case(0.0, 0.3, 50.27, false, 51, new double[] {0.0, 0.0, 0.0},
                    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000f80000fff8001fffc000fff80000f80000000000000000000000000000000000000000000000000000000000000000000000000000000"),
            new Case(0.9, 1.0, 201.06, true, 193, new double[] {1.0, 1.0, 1.0},
                    "000000000000000000000000000000000000000000001fc00007ff0000fff8000fff8001fffc001fffc001fffc001fffc001fffc001fffc001fffc000fff8000fff80007ff00001fc000000000000000000000000000000000000000000000000000"),
            new Case(0.37, 0.41, 88.13, true, 87, new double[] {0.15714285714285714, 0.4111111111111111, 0.25},
                    "0000000000000000000000000000000000000020000007000000f800000f800000f800001fc00001fc00001fc00001fc00001fc00001fc00001fc00000f800000f800000f80000070000002000000000000000000000000000000000000000000000"),
            new Case(0.12, 0.3, 201.06, false, 198, new double[] {0.0, 0.13333333333333333, 1.0},
                    "0000000000000000000000000000000000000000000000000000000000000000000000007ff000fffff83fffffefffffffffffffffffffff3fffffe0fffff8007ff00000000000000000000000000000000000000000000000000000000000000000"),
            new Case(0.81, 0.77, 63.5, true, 61, new double[] {0.6714285714285715, 0.9, 0.09},
                    "000000000000000000000000000000000000000000000000000000000002000000f800001fc00001fc00001fc00001fc00001fc00001fc00001fc00000f8000002000000000000000000000000000000000000000000000000000000000000000000"));

    private static EllipseImages referencePool() {
        int n = REFERENCE.size();
        double[] colors = new double[n];
        double[] circularities = new double[n];
        double[] areas = new double[n];
        boolean[] rotated = new boolean[n];
        for (int i = 0; i < n; i++) {
            Case c = REFERENCE.get(i);
            colors[i] = c.color();
            circularities[i] = c.circularity();
            areas[i] = c.area();
            rotated[i] = c.rotate();
        }
        return EllipseImages.of(colors, circularities, areas, rotated);
    }

    @Test
    void pixelsMatchTheReferenceBitForBit() {
        EllipseImages pool = referencePool();
        for (int i = 0; i < REFERENCE.size(); i++) {
            Case c = REFERENCE.get(i);
            BigInteger bits = new BigInteger(c.mask(), 16);
            float[] image = pool.image(i);
            int filled = 0;
            for (int p = 0; p < EllipseImages.PIXELS; p++) {
                boolean inside = bits.testBit(EllipseImages.PIXELS - 1 - p);
                assertEquals(inside ? (float) c.color() : 1.0f, image[p], "image " + i + " pixel " + p);
                filled += inside ? 1 : 0;
            }
            assertEquals(c.filled(), filled, "image " + i);
            assertArrayEquals(image, EllipseImages.render(c.color(), c.circularity(), c.area(), c.rotate()));
        }
    }

    @Test
    void labelsMatchTheReferenceExactly() {
        EllipseImages pool = referencePool();
        for (int i = 0; i < REFERENCE.size(); i++) {
            Case c = REFERENCE.get(i);
            assertArrayEquals(c.labels(), pool.labels(i), "image " + i);
            for (Variable v : Variable.values()) {
                assertEquals(c.labels()[v.index()], pool.label(i, v));
            }
            assertEquals(c.color(), pool.color(i));
            assertEquals(c.circularity(), pool.circularity(i));
            assertEquals(c.area(), pool.area(i));
            assertEquals(c.rotate(), pool.rotated(i));
        }
    }

    @Test
    void labelFormulasByHand() {
        assertEquals(0.0, EllipseImages.circularityLabel(0.3));
        assertEquals(1.0, EllipseImages.circularityLabel(1.0), 1e-15);
        assertEquals(0.5, EllipseImages.circularityLabel(0.65), 1e-15);
        assertEquals(0.5, EllipseImages.colorLabel(0.45), 1e-15);
        assertEquals(1.0, EllipseImages.colorLabel(0.9), 1e-15);
        // area label: round((area − 16π) / 48π, 2): 40π → 0.5; 16π + 0.24·48π = 86.45 → 0.24
        assertEquals(0.5, EllipseImages.areaLabel(125.66));
        assertEquals(0.24, EllipseImages.areaLabel(86.45));
        assertEquals(0.0, EllipseImages.areaLabel(50.27));
        assertEquals(1.0, EllipseImages.areaLabel(201.06));
    }

    @Test
    void majorAxisIsHorizontalUnrotatedAndVerticalRotated() {
        float[] flat = EllipseImages.render(0.2, 0.5, 100, false);
        float[] turned = EllipseImages.render(0.2, 0.5, 100, true);
        int[] flatExtent = extent(flat);
        int[] turnedExtent = extent(turned);
        assertTrue(flatExtent[0] > flatExtent[1], "width > height unrotated");
        assertEquals(flatExtent[0], turnedExtent[1]);
        assertEquals(flatExtent[1], turnedExtent[0]);
        // rot90 counter-clockwise: new[i][j] = old[j][27 − i]
        for (int i = 0; i < 28; i++) {
            for (int j = 0; j < 28; j++) {
                assertEquals(flat[j * 28 + (27 - i)], turned[i * 28 + j]);
            }
        }
    }

    /** {filled width, filled height} in pixels. */
    static int[] extent(float[] image) {
        int minR = 28, maxR = -1, minC = 28, maxC = -1;
        for (int r = 0; r < 28; r++) {
            for (int c = 0; c < 28; c++) {
                if (image[r * 28 + c] != 1.0f) {
                    minR = Math.min(minR, r);
                    maxR = Math.max(maxR, r);
                    minC = Math.min(minC, c);
                    maxC = Math.max(maxC, c);
                }
            }
        }
        return new int[] {maxC - minC + 1, maxR - minR + 1};
    }

    @Test
    void copyImagesFillsABatchInIndexOrder() {
        EllipseImages pool = referencePool();
        int[] indices = {4, 2, 2, 0};
        float[] dest = new float[5 + 2 * EllipseImages.PIXELS];
        dest[0] = -7f;
        pool.copyImages(indices, 1, 3, dest, 5);
        assertEquals(-7f, dest[0]);
        for (int j = 0; j < 2; j++) {
            float[] expected = pool.image(indices[1 + j]);
            for (int p = 0; p < EllipseImages.PIXELS; p++) {
                assertEquals(expected[p], dest[5 + j * EllipseImages.PIXELS + p]);
            }
        }
        assertThrows(IndexOutOfBoundsException.class, () -> pool.copyImages(indices, 0, 3, dest, 5));
        float[] whole = new float[4 * EllipseImages.PIXELS];
        pool.copyImages(indices, 0, 4, whole);
        assertEquals(pool.pixel(0, 14, 14), whole[3 * EllipseImages.PIXELS + 14 * 28 + 14]);
    }

    @Test
    void accessorsDoNotExposeState() {
        EllipseImages pool = referencePool();
        float before = pool.pixel(0, 14, 14);
        pool.image(0)[14 * 28 + 14] = 42f;
        pool.pixels()[14 * 28 + 14] = 42f;
        pool.labels(0)[0] = 42;
        assertEquals(before, pool.pixel(0, 14, 14));
        assertEquals(0.5000000000000001, pool.label(0, Variable.CIRCULARITY));
    }

    @Test
    void taskLabelIsWeightedSumAboveThreshold() {
        EllipseImages pool = referencePool();
        // (0.4·0.15714285714285714 + 0.4·0.4111111111111111) + 0.4·0.25 = 0.3273 → false
        assertEquals(false, pool.taskLabel(3, Objective.EQUAL));
        assertEquals(true, pool.taskLabel(2, Objective.EQUAL)); // 1.2
        assertEquals(false, pool.taskLabel(1, Objective.EQUAL)); // 0
        // 0.4·0.6714285714285715 + 0.4·0.9 + 0.4·0.09 = 0.6646 → true
        assertEquals(true, pool.taskLabel(5, Objective.EQUAL));
        Objective preferArea = new Objective("area", List.of(0.3, 0.4, 0.5), 0.6);
        // 0 + 0.4·0.1333 + 0.5·1 = 0.5533 → false
        assertEquals(false, pool.taskLabel(4, preferArea));
        Objective onlyArea = new Objective("a", List.of(0.0, 0.0, 1.0), 0.6);
        assertEquals(true, pool.taskLabel(4, onlyArea));
        assertArrayEquals(new float[] {1, 0, 1, 0, 0, 1}, pool.taskLabels(Objective.EQUAL));
        assertEquals(0.4 * 0.15714285714285714 + 0.4 * 0.4111111111111111 + 0.4 * 0.25,
                pool.score(3, Objective.EQUAL));
    }

    @Test
    void ofValidatesLatents() {
        double[] one = {0.5};
        boolean[] no = {false};
        assertThrows(SpecException.class, () -> EllipseImages.of(new double[] {0.95}, new double[] {0.5},
                new double[] {100}, no));
        assertThrows(SpecException.class, () -> EllipseImages.of(one, new double[] {0.2}, new double[] {100}, no));
        assertThrows(SpecException.class, () -> EllipseImages.of(one, one, new double[] {300}, no));
        assertThrows(SpecException.class, () -> EllipseImages.of(one, one, new double[] {100, 100}, no));
        assertThrows(SpecException.class, () -> EllipseImages.of(null, one, one, no));
        assertEquals(0, EllipseImages.of(new double[0], new double[0], new double[0], new boolean[0]).count());
    }
}
