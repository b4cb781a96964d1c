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
import org.junit.jupiter.api.Test;

/** Counterfactual labels of {@link PairSampler} on tiny pools with hand-set labels. */
class PairSamplerTest {
    // latents giving labels exactly 0 or 1: circularity 0.3 / 1.0, color 0 / 0.9, area 50.27 / 201.06
    private static final double[] CIRC = {0.3, 1.0};
    private static final double[] COLOR = {0.0, 0.9};
    private static final double[] AREA = {50.27, 201.06};

    /** A pool whose image i has labels (circularity, color, area) = bits[i] (each 0 or 1). */
    private static EllipseImages pool(int[]... bits) {
        int n = bits.length;
        double[] colors = new double[n];
        double[] circularities = new double[n];
        double[] areas = new double[n];
        for (int i = 0; i < n; i++) {
            circularities[i] = CIRC[bits[i][0]];
            colors[i] = COLOR[bits[i][1]];
            areas[i] = AREA[bits[i][2]];
        }
        EllipseImages pool = EllipseImages.of(colors, circularities, areas, new boolean[n]);
        for (int i = 0; i < n; i++) {
            for (Variable v : Variable.values()) {
                assertEquals(bits[i][v.index()], pool.label(i, v), 1e-15);
            }
        }
        return pool;
    }

    private static final int[] ZERO = {0, 0, 0};
    private static final int[] ONE = {1, 1, 1};

    @Test
    void singleSourceColorFollowsTheBase() {
        // V = {color}, equal objective: y_cf = 0.4·src.color + 0.4·(base.circ + base.area) > 0.6
        // base 0 → at most 0.4 (false); base 1 → at least 0.8 (true)
        EllipseImages pool = pool(ZERO, ONE);
        CounterfactualPairs pairs = PairSampler.single(pool, List.of(Variable.COLOR), Objective.EQUAL, 200, 3);
        assertEquals(200, pairs.size());
        assertEquals(1, pairs.sources());
        assertFalse(pairs.multi());
        int[] seen = new int[4];
        for (int i = 0; i < pairs.size(); i++) {
            int base = pairs.base(i);
            int source = pairs.source(0, i);
            seen[2 * base + source]++;
            assertEquals(base == 1, pairs.counterfactualLabel(i));
            assertEquals(base == 1, pairs.baseLabel(i));
        }
        for (int count : seen) {
            assertTrue(count > 20, "all four (base, source) combinations drawn: " + Arrays.toString(seen));
        }
    }

    @Test
    void singleSourceTwoVariablesFollowsTheSource() {
        // V = {area, color} (any order): y_cf = 0.4·base.circ + 0.4·(src.color + src.area) > 0.6
        EllipseImages pool = pool(ZERO, ONE);
        CounterfactualPairs pairs = PairSampler.single(pool, List.of(Variable.AREA, Variable.COLOR),
                Objective.EQUAL, 200, 4);
        for (int i = 0; i < pairs.size(); i++) {
            assertEquals(pairs.source(0, i) == 1, pairs.counterfactualLabel(i));
            assertEquals(pairs.base(i) == 1, pairs.baseLabel(i));
        }
        assertEquals(List.of(Variable.AREA, Variable.COLOR), pairs.sourceVariables(0));
    }

    @Test
    void singleSourceHandExamplesWithMixedLabels() {
        // image 0: (1,0,0); 1: (0,1,0); 2: (0,0,1); 3: (1,1,0); objective (0.5, 0.4, 0.3), t = 0.6
        EllipseImages pool = pool(new int[] {1, 0, 0}, new int[] {0, 1, 0}, new int[] {0, 0, 1},
                new int[] {1, 1, 0});
        Objective prefer = new Objective("circ", List.of(0.5, 0.4, 0.3), 0.6);
        CounterfactualPairs pairs = PairSampler.single(pool, List.of(Variable.CIRCULARITY), prefer, 400, 5);
        // y_cf = 0.5·src.circ + 0.4·base.color + 0.3·base.area
        double[][] expected = {
            // rows: base 0..3, columns: source 0..3
            {0.5, 0.0, 0.0, 0.5},
            {0.9, 0.4, 0.4, 0.9},
            {0.8, 0.3, 0.3, 0.8},
            {0.9, 0.4, 0.4, 0.9},
        };
        for (int i = 0; i < pairs.size(); i++) {
            double score = expected[pairs.base(i)][pairs.source(0, i)];
            assertEquals(score > 0.6, pairs.counterfactualLabel(i), "base " + pairs.base(i) + " source "
                    + pairs.source(0, i));
        }
        // base labels: 0.5, 0.4, 0.3, 0.9
        for (int i = 0; i < pairs.size(); i++) {
            assertEquals(pairs.base(i) == 3, pairs.baseLabel(i));
        }
    }

    @Test
    void multiSourceIsAMajorityOfBaseAndTwoSources() {
        // V = (color, area), equal objective: y_cf = 0.4·(base.circ + s0.color + s1.area) > 0.6
        EllipseImages pool = pool(ZERO, ONE);
        CounterfactualPairs pairs = PairSampler.multi(pool, List.of(Variable.COLOR, Variable.AREA),
                Objective.EQUAL, 400, 6);
        assertEquals(2, pairs.sources());
        assertTrue(pairs.multi());
        for (int i = 0; i < pairs.size(); i++) {
            int votes = pairs.base(i) + pairs.source(0, i) + pairs.source(1, i);
            assertEquals(votes >= 2, pairs.counterfactualLabel(i));
        }
        assertEquals(List.of(Variable.AREA), pairs.sourceVariables(1));
    }

    @Test
    void multiSourceUsesSourceIOnlyForVariableI() {
        // image 0: only color is 1; image 1: only area is 1; image 2: only circularity is 1
        EllipseImages pool = pool(new int[] {0, 1, 0}, new int[] {0, 0, 1}, new int[] {1, 0, 0});
        Objective onlySources = new Objective("o", List.of(0.1, 0.45, 0.4), 0.6);
        // V = (area, color): y_cf = 0.1·base.circ + 0.4·s0.area + 0.45·s1.color > 0.6
        // true only when s0 is image 1 (area 1) and s1 is image 0 (color 1): 0.85 (+0.1);
        // otherwise at most 0.45 + 0.1 = 0.55
        CounterfactualPairs pairs = PairSampler.multi(pool, List.of(Variable.AREA, Variable.COLOR), onlySources,
                900, 7);
        int positives = 0;
        for (int i = 0; i < pairs.size(); i++) {
            boolean expected = pairs.source(0, i) == 1 && pairs.source(1, i) == 0;
            assertEquals(expected, pairs.counterfactualLabel(i),
                    "base " + pairs.base(i) + " sources " + pairs.source(0, i) + ", " + pairs.source(1, i));
            positives += expected ? 1 : 0;
        }
        assertTrue(positives > 50, "about 1/9 of 900 pairs are positive: " + positives);
        // the same pairs drawn single-source with one source for both: never both from one image
        CounterfactualPairs single = PairSampler.single(pool, List.of(Variable.AREA, Variable.COLOR),
                onlySources, 900, 7);
        for (int i = 0; i < single.size(); i++) {
            assertFalse(single.counterfactualLabel(i));
        }
    }

    @Test
    void allVariablesFromTheSourceGiveTheSourceTaskLabelExactly() {
        EllipseImages pool = EllipseGenerator.generate(11, 2_000);
        for (Objective objective : List.of(Objective.EQUAL, new Objective("c", List.of(0.5, 0.4, 0.3), 0.6))) {
            CounterfactualPairs pairs = PairSampler.single(pool,
                    List.of(Variable.AREA, Variable.CIRCULARITY, Variable.COLOR), objective, 5_000, 12);
            for (int i = 0; i < pairs.size(); i++) {
                assertEquals(pool.taskLabel(pairs.source(0, i), objective), pairs.counterfactualLabel(i));
                assertEquals(pool.taskLabel(pairs.base(i), objective), pairs.baseLabel(i));
            }
        }
    }

    @Test
    void counterfactualLabelsMatchTheFormulaOnARandomPool() {
        EllipseImages pool = EllipseGenerator.generate(13, 1_000);
        Objective objective = new Objective("a", List.of(0.3, 0.4, 0.5), 0.6);
        List<Variable> variables = List.of(Variable.AREA, Variable.CIRCULARITY);
        CounterfactualPairs multi = PairSampler.multi(pool, variables, objective, 5_000, 14);
        CounterfactualPairs single = PairSampler.single(pool, variables, objective, 5_000, 14);
        int differ = 0;
        for (int i = 0; i < multi.size(); i++) {
            int b = multi.base(i);
            double baseTerm = 0.4 * pool.label(b, Variable.COLOR);
            double sources = 0.0 + 0.5 * pool.label(multi.source(0, i), Variable.AREA);
            sources += 0.3 * pool.label(multi.source(1, i), Variable.CIRCULARITY);
            assertEquals(baseTerm + sources > 0.6, multi.counterfactualLabel(i));
            int s = single.source(0, i);
            double singleSource = 0.3 * pool.label(s, Variable.CIRCULARITY) + 0.5 * pool.label(s, Variable.AREA);
            assertEquals(0.4 * pool.label(single.base(i), Variable.COLOR) + singleSource > 0.6,
                    single.counterfactualLabel(i));
            differ += single.counterfactualLabel(i) != single.baseLabel(i) ? 1 : 0;
        }
        // same seed → same base draws for single and multi
        assertArrayEquals(multi.baseIndices(), single.baseIndices());
        assertArrayEquals(multi.sourceIndices(0), single.sourceIndices(0));
        assertTrue(differ > 1_000, "interventions change the label often: " + differ);
    }

    @Test
    void sameSeedSamePairsDifferentSeedDifferentPairs() {
        EllipseImages pool = EllipseGenerator.generate(1, 1_000);
        List<Variable> vs = List.of(Variable.COLOR, Variable.AREA);
        CounterfactualPairs a = PairSampler.multi(pool, vs, Objective.EQUAL, 1_000, 99);
        CounterfactualPairs b = PairSampler.multi(pool, vs, Objective.EQUAL, 1_000, 99);
        CounterfactualPairs c = PairSampler.multi(pool, vs, Objective.EQUAL, 1_000, 100);
        assertArrayEquals(a.baseIndices(), b.baseIndices());
        assertArrayEquals(a.sourceIndices(1), b.sourceIndices(1));
        assertArrayEquals(a.counterfactualLabels(), b.counterfactualLabels());
        assertFalse(Arrays.equals(a.baseIndices(), c.baseIndices()));
        assertFalse(Arrays.equals(a.sourceIndices(0), a.sourceIndices(1)));
    }

    @Test
    void copiesImagesOfBaseAndSources() {
        EllipseImages pool = EllipseGenerator.generate(1, 50);
        CounterfactualPairs pairs = PairSampler.single(pool, List.of(Variable.COLOR), Objective.EQUAL, 10, 2);
        float[] batch = new float[3 * EllipseImages.PIXELS];
        pairs.copyBaseImages(4, 7, batch);
        assertEquals(pool.pixel(pairs.base(5), 14, 14), batch[EllipseImages.PIXELS + 14 * 28 + 14]);
        pairs.copySourceImages(0, 4, 7, batch);
        assertArrayEquals(pool.image(pairs.source(0, 6)),
                Arrays.copyOfRange(batch, 2 * EllipseImages.PIXELS, 3 * EllipseImages.PIXELS));
        float[] labels = pairs.counterfactualLabels();
        labels[0] = 7f;
        assertTrue(pairs.counterfactualLabels()[0] != 7f);
    }

    @Test
    void summationOrderDecidesExactTiesLikeTheReference() {
        // labels on the 2-decimal grid can sum to the threshold up to rounding; the reference sums
        // (base term) + (source terms), not all three products in variable order. Cases found by
        // enumerating the grid in Python with the reference's expression.
        // image 0: circularity 0.37, color 0.0, area label 0.6; image 1: color 0.72 (others minimal)
        EllipseImages pool = EllipseImages.of(new double[] {0.0, 0.72}, new double[] {0.37, 0.3},
                new double[] {140.74, 50.27}, new boolean[2]);
        assertEquals(0.6, pool.label(0, Variable.AREA));
        // in one image, variable order: (0.4·circ + 0.4·color) + 0.4·area = 0.6 exactly → false
        EllipseImages whole = EllipseImages.of(new double[] {0.72}, new double[] {0.37}, new double[] {140.74},
                new boolean[1]);
        assertFalse(whole.taskLabel(0, Objective.EQUAL));
        // base 0, source 1, V = {color}: (0.4·circ + 0.4·area) + (0.4·color) → true in the reference
        CounterfactualPairs single = PairSampler.single(pool, List.of(Variable.COLOR), Objective.EQUAL, 64, 21);
        // base 0, sources (1 for color, 0 for area): 0.4·circ + (0.4·color + 0.4·area) → true
        CounterfactualPairs multi = PairSampler.multi(pool, List.of(Variable.COLOR, Variable.AREA),
                Objective.EQUAL, 64, 22);
        int checked = 0;
        for (int i = 0; i < 64; i++) {
            if (single.base(i) == 0 && single.source(0, i) == 1) {
                assertTrue(single.counterfactualLabel(i));
                checked++;
            }
            if (multi.base(i) == 0 && multi.source(0, i) == 1 && multi.source(1, i) == 0) {
                assertTrue(multi.counterfactualLabel(i));
                checked++;
            }
        }
        assertTrue(checked > 5, "tie cases drawn: " + checked);
    }

    @Test
    void validatesArguments() {
        EllipseImages pool = EllipseGenerator.generate(1, 10);
        List<Variable> color = List.of(Variable.COLOR);
        assertThrows(SpecException.class, () -> PairSampler.single(pool, List.of(), Objective.EQUAL, 10, 1));
        assertThrows(SpecException.class, () -> PairSampler.multi(pool, List.of(Variable.AREA, Variable.AREA),
                Objective.EQUAL, 10, 1));
        assertThrows(SpecException.class, () -> PairSampler.single(pool, null, Objective.EQUAL, 10, 1));
        assertThrows(SpecException.class, () -> PairSampler.single(pool, Arrays.asList(Variable.AREA, null),
                Objective.EQUAL, 10, 1));
        assertThrows(SpecException.class, () -> PairSampler.single(pool, color, Objective.EQUAL, 0, 1));
        assertThrows(SpecException.class, () -> PairSampler.single(pool, color, null, 10, 1));
        assertThrows(SpecException.class, () -> PairSampler.single(null, color, Objective.EQUAL, 10, 1));
        EllipseImages empty = EllipseGenerator.generate(1, 0);
        SpecException e = assertThrows(SpecException.class,
                () -> PairSampler.single(empty, color, Objective.EQUAL, 10, 1));
        assertEquals("pool", e.field());
    }
}
