package dasweep.executor.spec;



/**
 * An analytic count of the floating-point operations (multiply and add counted apart) that one
 * training epoch of a trial executes in its products: convolutions, linear layers, the interchange
 * and the rotation's parametrisation. Element-wise work (ReLU, pooling, Adam) is left out, so a rate
 * computed from it is a slight underestimate. Backward is taken as twice the forward of a product
 * whose weight learns (the interchange, the rotation) and once the forward of a frozen layer (only
 * the input's gradient is needed).
 */
public final class StepFlops {
    private StepFlops() {
    }

    /** Forward FLOPs of conv layer {@code layer} (1-based) for one image. */
    static double conv(int layer) {
        int side = Architecture.convSide(layer);
        return 2.0 * Architecture.convInChannels(layer) * Architecture.KERNEL * Architecture.KERNEL
                * Architecture.convChannels(layer) * side * side;
    }

    /** Forward FLOPs from the input up to {@code site} (its pre-ReLU output), one image. */
    public static double below(Site site) {
        double f = 0;
        int last = site.convolutional() ? convIndex(site) : Architecture.convs();
        for (int l = 1; l <= last; l++) {
            f += conv(l);
        }
        if (!site.convolutional()) {
            f += 2.0 * Architecture.fc1InFeatures() * Architecture.FC1_UNITS;
        }
        return f;
    }

    /** Forward FLOPs from {@code site}'s output to the logit, one image. */
    public static double above(Site site) {
        double f = 2.0 * Architecture.FC1_UNITS * Architecture.FC2_UNITS;
        if (site.convolutional()) {
            for (int l = convIndex(site) + 1; l <= Architecture.convs(); l++) {
                f += conv(l);
            }
            f += 2.0 * Architecture.fc1InFeatures() * Architecture.FC1_UNITS;
        }
        return f;
    }

    private static int convIndex(Site site) {
        for (int l = 1; l <= Architecture.convs(); l++) {
            if (Architecture.convChannels(l) == site.channels() && Architecture.convSide(l) == site.height()) {
                return l;
            }
        }
        throw new IllegalArgumentException(site.id());
    }

    /** FLOPs of one pair in a training step: interchange and layers above, forward and backward. */
    public static double perPair(TrialSpec spec, boolean cached) {
        TrialSpec.Intervention at = spec.intervention();
        Site site = at.site();
        double rows = at.view() == View.ROWS ? site.height() : 1;
        double n = at.features();
        double interchange = at.type() == InterventionType.VANILLA ? 0 : spec.sources() * rows * 4.0 * n * at.k();        // (s − x)·Wᵢ, then ·Wᵢᵀ
        double f = 3 * interchange + 2 * above(site);
        if (!cached) {
            f += (1 + spec.sources()) * below(site);                        // the frozen layers below, per batch
        }
        return f;
    }

    /** FLOPs of the rotation's parametrisation in one step (forward and backward), independent of the batch. */
    public static double perStep(TrialSpec spec) {
        TrialSpec.Intervention at = spec.intervention();
        double n = at.features();
        double c = (double) at.k() * spec.sources();
        switch (at.type()) {
            case ROTATED:     // inverse of n×n (≈ 2n³, no gradient); four n×n×c products forward, five backward
                return 2 * n * n * n + 9 * (2 * n * n * c);
            case LOW_RANK:    // 2c reflections, each two (n×1)·(1×c) products; backward ≈ 2× forward
                return 3 * (2 * c * 4 * n * c);
            default:
                return 0;
        }
    }

    /** FLOPs of one training epoch. */
    public static double perEpoch(TrialSpec spec, boolean cached) {
        int pairs = spec.data().nTrain();
        int steps = (pairs + spec.training().batchSize() - 1) / spec.training().batchSize();
        return pairs * perPair(spec, cached) + steps * perStep(spec);
    }
}
