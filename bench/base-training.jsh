// Seconds to train a base network on one thread, as a sweep trains each: 40,000 images, 1 epoch, batch 256, twice.
//   bench/base-training.sh [HOME]      (HOME: a built dasweep checkout, default this one)
import dasweep.executor.spec.*;
import dasweep.executor.model.*;
var spec = new BaseNetworkSpec(Objective.EQUAL, 40_000, 1, 1e-3, 256, 1_000, 3);
for (int i = 0; i < 2; i++) {
    var n = BaseTrainer.train(spec, 1, ai.djl.Device.cpu());
    System.out.printf("base network: %.2f s for 40,000 image-epochs (%.0f us each), loss %s%n", n.trainSeconds(),
            n.trainSeconds() / 40_000 * 1e6, n.epochLosses());
}
/exit
