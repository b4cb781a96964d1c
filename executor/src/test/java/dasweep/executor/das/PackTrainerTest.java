package dasweep.executor.das;

import dasweep.executor.spec.InterventionType;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dasweep.executor.DasEngine;
import dasweep.executor.spec.PackedTrial;
import dasweep.executor.spec.SpecException;
import dasweep.executor.TestNetworks;
import dasweep.executor.spec.TrialResult;
import dasweep.executor.spec.TrialSpec;
import dasweep.executor.spec.Variable;
import dasweep.executor.spec.Site;
import dasweep.executor.spec.View;
import dasweep.executor.weights.NetworkWeights;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/**
 * Packed trials on tiny seeded data ({@link TestNetworks}): a pack gives each member the result it has alone, up to
 * float reassociation in the batched layers above the site (IIA within 0.005, asserted; the measured gaps are
 * printed); a pack of one is bit-identical to {@link DasTrainer}; a member that diverges fails alone.
 */
class PackTrainerTest {
    private static final NetworkWeights WEIGHTS = TestNetworks.random(1);
    private static final long CACHE = SiteActivations.budgetBytes();

    /** A small grid at one site: variable sets × k, mixed epochs, learning rates and seeds, and a vanilla trial. */
    private static List<TrialSpec> grid(Site site, View view) {
        TrialSpec base = TrialSpec.builder().site(site).view(view).type(InterventionType.LOW_RANK).k(1).batchSize(128)
                .nTrain(384).nEval(256).dataSeed(3).epochs(2).lr(2e-3).build();
        List<TrialSpec> specs = new ArrayList<>();
        List<List<Variable>> sets = List.of(List.of(Variable.COLOR), List.of(Variable.CIRCULARITY, Variable.COLOR),
                List.of(Variable.AREA));
        int i = 0;
        for (List<Variable> set : sets) {
            for (int k : site == Site.FC1 ? new int[] {1, 2} : new int[] {2, 8}) {
                specs.add(base.toBuilder().variables(set).k(k).seed(10 + i).epochs(1 + i % 2)
                        .lr(i % 3 == 0 ? 5e-3 : 2e-3).build());
                i++;
            }
        }
        specs.add(base.toBuilder().variables(Variable.COLOR).type(InterventionType.VANILLA).build());
        return specs;
    }

    private static List<PackedTrial> pack(List<TrialSpec> specs, long cache, IntPredicate diverge) {
        List<PackedTrial> out = new ArrayList<>();
        PackTrainer.run(specs, WEIGHTS, 1, Device.cpu(), cache, out::addAll, diverge);
        out.sort((a, b) -> Integer.compare(a.member(), b.member()));
        assertEquals(specs.size(), out.size(), "every member is reported once");
        return out;
    }

    private static void assertClose(List<TrialSpec> specs, List<PackedTrial> packed, long cache, String what) {
        double iiaGap = 0;
        double lossGap = 0;
        for (int i = 0; i < specs.size(); i++) {
            TrialResult alone = DasTrainer.run(specs.get(i), WEIGHTS, 1, Device.cpu(), cache);
            TrialResult p = packed.get(i).result();
            assertNotNull(p, "member " + i + ": " + packed.get(i).failure());
            assertEquals(alone.iia(), p.iia(), 0.005, what + " member " + i);
            assertEquals(alone.trivialIia(), p.trivialIia(), 0.0, what + " member " + i);
            assertEquals(alone.baseAccuracy(), p.baseAccuracy(), 0.0, what + " member " + i);
            assertEquals(alone.epochLosses().size(), p.epochLosses().size());
            for (int e = 0; e < p.epochLosses().size(); e++) {
                lossGap = Math.max(lossGap, Math.abs(alone.epochLosses().get(e) - p.epochLosses().get(e)));
            }
            iiaGap = Math.max(iiaGap, Math.abs(alone.iia() - p.iia()));
            assertEquals(p.epochSeconds().stream().mapToDouble(Double::doubleValue).sum(), p.trainSeconds(), 1e-9);
        }
        System.out.printf("packed vs unpacked (%s, %d trials): max |ΔIIA| %s, max |Δ epoch loss| %s%n", what,
                specs.size(), iiaGap, lossGap);
    }

    @Test
    void aPackGivesEachMemberItsUnpackedResult() {
        List<TrialSpec> specs = grid(Site.CONV3, View.FLAT);
        assertClose(specs, pack(specs, CACHE, m -> false), CACHE, "conv3/flat, cached");
    }

    @Test
    void aPackWithoutTheCacheGivesTheSameToo() {
        List<TrialSpec> specs = grid(Site.CONV2, View.ROWS).subList(0, 3);
        assertClose(specs, pack(specs, 0, m -> false), 0, "conv2/rows, per batch");
    }

    @Test
    void aPackOfOneIsBitIdenticalToTheUnpackedTrainer() {
        for (TrialSpec spec : List.of(grid(Site.CONV3, View.FLAT).get(1), grid(Site.FC1, View.FLAT).get(0))) {
            TrialResult alone = DasTrainer.run(spec, WEIGHTS, 1, Device.cpu(), CACHE);
            TrialResult packed = pack(List.of(spec), CACHE, m -> false).get(0).result();
            assertEquals(alone.iia(), packed.iia(), 0.0);
            assertEquals(alone.trivialIia(), packed.trivialIia(), 0.0);
            assertEquals(alone.baseAccuracy(), packed.baseAccuracy(), 0.0);
            assertEquals(alone.epochLosses(), packed.epochLosses());
            assertEquals(alone.orthogonalityError(), packed.orthogonalityError(), 0.0);
            assertEquals(alone.subspace(), packed.subspace(), "the learned subspace, float for float");
            assertEquals(alone.iiaHeldout(), packed.iiaHeldout(), 0.0);
        }
    }

    @Test
    void aMemberThatDivergesFailsAloneAndTheRestGoOn() {
        List<TrialSpec> specs = grid(Site.CONV3, View.FLAT).subList(0, 4);
        List<PackedTrial> packed = pack(specs, CACHE, m -> m == 1);
        assertNull(packed.get(1).result());
        assertEquals("training diverged: the loss is NaN at epoch 1 of " + specs.get(1).training().epochs(),
                packed.get(1).failure().getMessage());
        List<TrialSpec> rest = List.of(specs.get(0), specs.get(2), specs.get(3));
        assertClose(rest, List.of(packed.get(0), packed.get(2), packed.get(3)), CACHE, "conv3/flat, one diverged");
    }

    @Test
    void trialsThatDoNotShareTheirPoolsOrSiteAreNotAPack() {
        TrialSpec a = grid(Site.CONV3, View.FLAT).get(0);
        SpecException e = assertThrows(SpecException.class, () -> DasEngine.runPack(List.of(a,
                a.toBuilder().dataSeed(4).build()), WEIGHTS.toSafetensors(), 1, "cpu", done -> { }));
        assertTrue(e.getMessage().contains("pack"), e.getMessage());
    }

    @Test
    void theEnginesPackOfOneIsItsUnpackedTrial() {
        TrialSpec spec = grid(Site.FC1, View.FLAT).get(0);
        List<PackedTrial> out = new ArrayList<>();
        DasEngine.runPack(List.of(spec), WEIGHTS.toSafetensors(), 1, "cpu", out::addAll);
        TrialResult alone = DasEngine.runTrial(spec, WEIGHTS.toSafetensors(), 1, "cpu");
        assertEquals(alone.iia(), out.get(0).result().iia(), 0.0);
        assertEquals(alone.epochLosses(), out.get(0).result().epochLosses());
    }
}
