package dasweep.executor.spec;

import java.util.List;

/**
 * The outcome of one DAS trial.
 *
 * @param iia                 interchange intervention accuracy on the evaluation pairs
 * @param trivialIia          the unintervened base output scored against the counterfactual labels
 * @param baseAccuracy        the network's task accuracy on the evaluation pool's images
 * @param finalLoss           mean training loss of the last epoch (NaN when nothing is trained)
 * @param epochLosses         mean training loss per epoch
 * @param orthogonalityError  max|RᵀR − I| of the learned rotation after training (0 for vanilla)
 * @param epochSeconds        wall seconds per training epoch
 * @param trainSeconds        wall seconds of the whole training loop
 * @param evalSeconds         wall seconds of the evaluation
 * @param device              where it ran, e.g. {@code cpu()} or {@code gpu(0)}
 * @param threads             intra-op threads used
 */
public record TrialResult(
        double iia,
        double trivialIia,
        double baseAccuracy,
        double finalLoss,
        List<Double> epochLosses,
        double orthogonalityError,
        List<Double> epochSeconds,
        double trainSeconds,
        double evalSeconds,
        String device,
        int threads) {

    public TrialResult {
        epochLosses = List.copyOf(epochLosses);
        epochSeconds = List.copyOf(epochSeconds);
    }
}
