package dasweep.executor;

import dasweep.executor.spec.BaseNetwork;
import dasweep.executor.spec.TrialResult;
import dasweep.executor.spec.TrialSpec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dasweep.executor.spec.InterventionType;
import dasweep.executor.spec.Objective;
import dasweep.executor.spec.Variable;
import dasweep.executor.spec.Flatten;
import dasweep.executor.spec.Site;
import dasweep.executor.spec.View;
import dasweep.executor.weights.SharedModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The paper's setting on the paper's own first network ({@code cnn_model_1.pth}, objective Equal, imported
 * channels last): flat view, low_rank, k = 4, batch 512, 3 epochs, lr 5e-4, 10,000 training and 1,000
 * evaluation pairs; IIA ≥ 0.90 for {color} at conv1, conv2 and conv3 (the study: 0.93-0.95 for these cells).
 * Slow: about a minute per trial on 2 cores.
 */
@Tag("slow")
class PaperNetworkTest {
    private static BaseNetwork network;

    @BeforeAll
    static void importPaperNetwork() {
        byte[] bytes = SharedModels.bytes(SharedModels.paperPth());
        network = DasEngine.importBase(bytes, "cnn_model_1.pth", Flatten.CHANNELS_LAST, Objective.EQUAL, 10_000,
                1234, 2);
        System.out.printf("cnn_model_1.pth, channels_last: test accuracy %.4f%n", network.testAccuracy());
        assertTrue(network.testAccuracy() >= 0.96, "test accuracy " + network.testAccuracy());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Site.class, names = {"CONV1", "CONV2", "CONV3"})
    void colorIsLocalisedInFourFlatDimensions(Site site) {
        TrialSpec spec = TrialSpec.builder().variables(Variable.COLOR).site(site).view(View.FLAT)
                .type(InterventionType.LOW_RANK).k(4).batchSize(512).epochs(3).lr(5e-4).nTrain(10_000)
                .nEval(1_000).dataSeed(11).seed(11).build();
        TrialResult r = DasEngine.runTrial(spec, network.safetensors(), 2);
        System.out.printf("paper network, {color} at %s: %s%n", site.id(), r);
        assertTrue(r.iia() >= 0.90, site.id() + " IIA " + r.iia());
        assertTrue(r.iia() > r.trivialIia() + 0.1, site.id() + " IIA " + r.iia() + " trivial " + r.trivialIia());
        assertTrue(r.orthogonalityError() < 1e-4, "orthogonality " + r.orthogonalityError());
    }
}
