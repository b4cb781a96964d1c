package dasweep.executor.spec;


/**
 * A base network to train from scratch (spec §4): Adam, BCE, sequential batches.
 *
 * @param objective the task it learns
 * @param nImages   training images (50,000 in the paper)
 * @param epochs    epochs (5); 0 for an untrained control network: the initialisation alone
 * @param lr        Adam learning rate (1e-4)
 * @param batchSize batch size (256)
 * @param nTest     fresh images its test accuracy is measured on
 * @param seed      seeds the weight initialisation, the training images and the test images
 * @param schedule  how the rate moves over the steps ({@link LrSchedule#CONSTANT}, the notebook's, when null)
 * @param init      how the weights start ({@link Init#PYTORCH}, the notebook's, when null)
 */
public record BaseNetworkSpec(Objective objective, int nImages, int epochs, double lr, int batchSize, int nTest,
                              long seed, LrSchedule schedule, Init init) {
    public BaseNetworkSpec {
        schedule = schedule == null ? LrSchedule.CONSTANT : schedule;
        init = init == null ? Init.PYTORCH : init;
        SpecException.check(objective != null, "objective", "is required", null);
        Limits.images(nImages, "images");
        SpecException.check(epochs >= 0, "epochs", "must be positive", epochs);
        SpecException.learningRate(lr, "lr");
        SpecException.positive(batchSize, "batch");
        Limits.images(nTest, "n_test");
    }

    /** A recipe at a constant rate, from PyTorch's init. */
    public BaseNetworkSpec(Objective objective, int nImages, int epochs, double lr, int batchSize, int nTest,
                           long seed) {
        this(objective, nImages, epochs, lr, batchSize, nTest, seed, LrSchedule.CONSTANT, Init.PYTORCH);
    }

    /** An untrained network: no epochs, so training is only its (checked) initialisation. */
    public boolean untrained() {
        return epochs == 0;
    }

    /** The notebook's recipe for one objective. */
    public static BaseNetworkSpec paper(Objective objective, long seed) {
        return new BaseNetworkSpec(objective, 50_000, 5, 1e-4, 256, 10_000, seed);
    }
}
