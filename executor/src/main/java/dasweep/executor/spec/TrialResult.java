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
 * @param iiaHeldout          the learned subspace applied, without training, to a fresh draw of as many pairs from
 *                            images the trial never saw (the data seed's {@code heldout} pool and pairs); null for
 *                            vanilla (no subspace) and in results made before it
 * @param heldoutSeconds      wall seconds of that held-out evaluation (its pool, site activations and pass); null
 *                            when it did not run
 * @param subspace            the learned subspace ({@link Subspace}); null for vanilla, and once the driver has
 *                            stored it ({@link #withoutSubspace()}: it does not travel back to the Spark driver)
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
        int threads,
        Double iiaHeldout,
        Double heldoutSeconds,
        Subspace subspace) {

    public TrialResult {
        epochLosses = List.copyOf(epochLosses);
        epochSeconds = List.copyOf(epochSeconds);
    }

    /** A result without held-out IIA or subspace (as results were before they existed). */
    public TrialResult(double iia, double trivialIia, double baseAccuracy, double finalLoss, List<Double> epochLosses,
                       double orthogonalityError, List<Double> epochSeconds, double trainSeconds, double evalSeconds,
                       String device, int threads) {
        this(iia, trivialIia, baseAccuracy, finalLoss, epochLosses, orthogonalityError, epochSeconds, trainSeconds,
                evalSeconds, device, threads, null, null, null);
    }

    /** This result with its subspace dropped (once stored), everything else equal. */
    public TrialResult withoutSubspace() {
        return subspace == null ? this : new TrialResult(iia, trivialIia, baseAccuracy, finalLoss, epochLosses,
                orthogonalityError, epochSeconds, trainSeconds, evalSeconds, device, threads, iiaHeldout,
                heldoutSeconds, null);
    }
}
