// The arithmetic floor of a sweep: its counted FLOPs (StepFlops: every product of training and evaluation, the
// frozen forward passes, base training as three forward passes per image) at a given FLOP rate, in core-hours; the
// element-wise work (pooling, ReLU, copies, Adam) is left out, so a real run can only take longer.
//   bench/arithmetic-floor.sh SWEEP GFLOPS_ON_2_CORES
import dasweep.driver.sweep.*;
import dasweep.executor.spec.*;
var sweep = SweepLoader.load(java.nio.file.Path.of(System.getProperty("sweep")));
var grid = Grid.expand(sweep);
double rate = Double.parseDouble(System.getProperty("rate")) * 1e9 / 2;      // per core
double trialFlops = 0;
for (var c : grid.cells()) {
    TrialSpec s = c.spec();
    double train = s.intervention().type().trained() ? s.training().epochs() * StepFlops.perEpoch(s, true) : 0;
    double eval = 2.0 * s.data().nEval() * (StepFlops.perPair(s, true) / 3 + StepFlops.below(Site.FC1) / 2);
    double cache = (s.data().nTrain() + 2.0 * s.data().nEval()) * StepFlops.below(s.intervention().site());
    trialFlops += train + eval + cache;
}
double baseFlops = 0;
for (var n : grid.networks()) {
    if (n.trained()) {
        var r = n.recipe();
        double perImage = StepFlops.below(Site.FC1) + StepFlops.above(Site.FC1);
        baseFlops += 3 * perImage * r.nImages() * r.epochs() + perImage * r.nTest();
    }
}
System.out.printf("trials: %d, %.0f TFLOP counted -> %.2f core-hours at %.0f GFLOP/s per 2 cores%n", grid.cells().size(),
        trialFlops / 1e12, trialFlops / rate / 3600, rate * 2 / 1e9);
System.out.printf("base networks: %.0f TFLOP -> %.2f core-hours; floor in all %.2f core-hours%n", baseFlops / 1e12,
        baseFlops / rate / 3600, (trialFlops + baseFlops) / rate / 3600);
/exit
