package dasweep.executor.das;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dasweep.executor.DasEngine;
import dasweep.executor.TestNetworks;
import dasweep.executor.spec.Hashes;
import dasweep.executor.spec.InterventionType;
import dasweep.executor.spec.PackedTrial;
import dasweep.executor.spec.Site;
import dasweep.executor.spec.Subspace;
import dasweep.executor.spec.TrialResult;
import dasweep.executor.spec.TrialSpec;
import dasweep.executor.spec.Variable;
import dasweep.executor.spec.View;
import dasweep.executor.weights.NetworkWeights;
import dasweep.executor.weights.SubspaceFile;
import dasweep.executor.weights.WeightsException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The learned subspace a trial keeps, on tiny seeded data ({@link TestNetworks}): its shape and orthonormality, its
 * file, and — the point of keeping it — applied again to the trial's own evaluation pairs it gives the trial's IIA
 * exactly, and to the held-out pairs exactly the trial's {@code iia_heldout}.
 */
class SubspaceEvalTest {
    private static final NetworkWeights WEIGHTS = TestNetworks.random(1);
    private static final long CACHE = SiteActivations.budgetBytes();

    private static TrialSpec spec(Site site, View view, InterventionType type, int k) {
        return TrialSpec.builder().site(site).view(view).type(type).k(k).batchSize(128).nTrain(384).nEval(256)
                .dataSeed(3).seed(5).epochs(2).lr(5e-3).variables(List.of(Variable.CIRCULARITY, Variable.COLOR))
                .build();
    }

    private static double maxOrthonormalityError(Subspace s) {
        int n = s.features();
        int m = s.columns();
        float[] w = s.basis();
        double worst = 0;
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += (double) w[i * m + a] * w[i * m + b];
                }
                worst = Math.max(worst, Math.abs(dot - (a == b ? 1 : 0)));
            }
        }
        return worst;
    }

    private static void assertReapplies(TrialSpec spec, TrialResult r, String what) {
        Subspace s = r.subspace();
        assertNotNull(s, what);
        assertEquals(spec.features(), s.features(), what);
        assertEquals(spec.intervention().k() * spec.sources(), s.columns(), what);
        assertTrue(maxOrthonormalityError(s) < 1e-4, what + ": orthonormal columns");
        assertEquals(r.iia(), SubspaceEval.reapply(spec, WEIGHTS, s, false, 1, Device.cpu()), 0.0,
                what + ": re-applied to its evaluation pairs, the trial's IIA exactly");
        assertNotNull(r.iiaHeldout(), what);
        assertTrue(r.iiaHeldout() >= 0 && r.iiaHeldout() <= 1, what);
        assertEquals(r.iiaHeldout(), SubspaceEval.reapply(spec, WEIGHTS, s, true, 1, Device.cpu()), 0.0,
                what + ": re-applied to the held-out pairs, its iia_heldout exactly");
        // and after a round trip through its file
        Subspace read = SubspaceFile.decode(SubspaceFile.encode(s, spec), "test").subspace();
        assertEquals(s, read, what + ": the file keeps every float");
    }

    @Test
    void reappliedToItsOwnEvaluationPairsASubspaceGivesTheTrialsIiaExactly() {
        for (TrialSpec spec : List.of(spec(Site.CONV3, View.FLAT, InterventionType.LOW_RANK, 4),
                spec(Site.CONV1, View.ROWS, InterventionType.ROTATED, 8),
                spec(Site.CONV2, View.FLAT, InterventionType.LOW_RANK, 2).toBuilder().multiSource(true).build(),
                spec(Site.FC1, View.FLAT, InterventionType.LOW_RANK, 1))) {
            TrialResult r = DasTrainer.run(spec, WEIGHTS, 1, Device.cpu(), CACHE);
            String what = spec.intervention().siteId() + " " + spec.intervention().type().id() + " k "
                    + spec.intervention().k() + (spec.intervention().multiSource() ? " multi" : "");
            assertReapplies(spec, r, what);
            System.out.printf("%s: iia %.4f, iia_heldout %.4f, held-out pass %.3f s, subspace %d bytes%n", what,
                    r.iia(), r.iiaHeldout(), r.heldoutSeconds(), r.subspace().bytes());
        }
    }

    @Test
    void withoutTheSiteCacheTheSameHolds() {
        TrialSpec spec = spec(Site.CONV2, View.FLAT, InterventionType.LOW_RANK, 4);
        TrialResult cached = DasTrainer.run(spec, WEIGHTS, 1, Device.cpu(), CACHE);
        TrialResult computed = DasTrainer.run(spec, WEIGHTS, 1, Device.cpu(), 0);
        assertEquals(cached.iia(), computed.iia(), 0.0);
        assertEquals(cached.iiaHeldout(), computed.iiaHeldout(), 0.0);
        assertEquals(cached.subspace(), computed.subspace());
    }

    @Test
    void multiSourceSubspacesKeepOneBlockPerVariableInTheirFile() {
        TrialSpec spec = spec(Site.CONV3, View.FLAT, InterventionType.LOW_RANK, 3).toBuilder().multiSource(true).build();
        TrialResult r = DasTrainer.run(spec, WEIGHTS, 1, Device.cpu(), CACHE);
        byte[] file = SubspaceFile.encode(r.subspace(), spec);
        SubspaceFile.Contents c = SubspaceFile.decode(file, "test");
        assertEquals("conv3", c.site());
        assertEquals("flat", c.view());
        assertEquals("3", c.metadata().get("k"));
        assertEquals("2", c.metadata().get("blocks"));
        assertEquals("circularity+color", c.metadata().get("variables"));
        var tensors = dasweep.executor.weights.Safetensors.read(file, "test");
        assertEquals(List.of("subspace.circularity", "subspace.color"), new ArrayList<>(tensors.keySet()));
        assertArrayEquals(r.subspace().block(1), tensors.get("subspace.color").data());
        assertEquals(3136L * 6 * 4, r.subspace().bytes());
    }

    @Test
    void theSameSeedGivesTheSameFileAnotherSeedAnotherOne() {
        TrialSpec spec = spec(Site.CONV3, View.FLAT, InterventionType.LOW_RANK, 4);
        String first = Hashes.sha256(SubspaceFile.encode(DasTrainer.run(spec, WEIGHTS, 1, Device.cpu(), CACHE).subspace(), spec));
        String again = Hashes.sha256(SubspaceFile.encode(DasTrainer.run(spec, WEIGHTS, 1, Device.cpu(), CACHE).subspace(), spec));
        TrialSpec other = spec.toBuilder().seed(6).build();
        String otherSeed = Hashes.sha256(SubspaceFile.encode(DasTrainer.run(other, WEIGHTS, 1, Device.cpu(), CACHE).subspace(), other));
        assertEquals(first, again, "same spec, same subspace_sha256");
        assertNotEquals(first, otherSeed);
    }

    @Test
    void vanillaHasNoSubspaceAndNoHeldOutIia() {
        TrialResult r = DasTrainer.run(spec(Site.CONV3, View.FLAT, InterventionType.VANILLA, 4), WEIGHTS, 1,
                Device.cpu(), CACHE);
        assertNull(r.subspace());
        assertNull(r.iiaHeldout());
    }

    @Test
    void packedTrialsKeepTheirSubspacesToo() {
        TrialSpec base = spec(Site.CONV3, View.FLAT, InterventionType.LOW_RANK, 2);
        List<TrialSpec> specs = List.of(base, base.toBuilder().k(4).seed(7).build(),
                base.toBuilder().variables(Variable.AREA).epochs(1).build(),
                base.toBuilder().type(InterventionType.VANILLA).build());
        List<PackedTrial> out = new ArrayList<>();
        DasEngine.runPack(specs, WEIGHTS.toSafetensors(), 1, "cpu", out::addAll);
        out.sort((a, b) -> Integer.compare(a.member(), b.member()));
        double gap = 0;
        for (int i = 0; i < 3; i++) {
            TrialResult r = out.get(i).result();
            assertNotNull(r.subspace(), "member " + i);
            assertTrue(maxOrthonormalityError(r.subspace()) < 1e-4);
            assertEquals(r.iiaHeldout(), SubspaceEval.reapply(specs.get(i), WEIGHTS, r.subspace(), true, 1,
                    Device.cpu()), 0.0, "member " + i + ": held-out IIA is the stored subspace's, exactly");
            double again = SubspaceEval.reapply(specs.get(i), WEIGHTS, r.subspace(), false, 1, Device.cpu());
            gap = Math.max(gap, Math.abs(again - r.iia()));
        }
        // a pack evaluates its members in batched products (float reassociation), the re-application one at a time
        assertTrue(gap <= 2.0 / base.data().nEval(), "packed IIA re-applied within 2 pairs: " + gap);
        System.out.printf("packed members: max |IIA re-applied − IIA| = %s%n", gap);
        assertNull(out.get(3).result().subspace());
        assertNull(out.get(3).result().iiaHeldout());
    }

    @Test
    void aSubspaceOfAnotherShapeIsRefused() {
        TrialSpec spec = spec(Site.CONV3, View.FLAT, InterventionType.LOW_RANK, 4);
        Subspace wrong = new Subspace(3136, 2, 1, new float[3136 * 2]);
        assertThrows(dasweep.executor.spec.SpecException.class,
                () -> SubspaceEval.reapply(spec, WEIGHTS, wrong, false, 1, Device.cpu()));
        assertThrows(WeightsException.class, () -> SubspaceFile.decode(WEIGHTS.toSafetensors(), "a network"));
    }
}
