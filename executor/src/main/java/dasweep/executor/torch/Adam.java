package dasweep.executor.torch;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam (default betas, eps 1e-8, no weight decay) as torch.optim.Adam computes it, on parameters
 * whose gradients were filled by {@link Torch#backward}. Written out rather than DJL's
 * {@code Trainer}, which rejects gradients whose entries sum to exactly zero and collects them
 * through the JVM-wide {@code PtGradientCollector}.
 */
public final class Adam {
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPS = 1e-8f;

    private final List<NDArray> parameters;
    private final List<NDArray> means = new ArrayList<>();
    private final List<NDArray> variances = new ArrayList<>();
    private final double lr;
    private int t;

    /** Moments live in each parameter's own manager, so they are freed with it. */
    public Adam(List<NDArray> parameters, double lr) {
        this.parameters = List.copyOf(parameters);
        this.lr = lr;
        for (NDArray p : parameters) {
            means.add(p.getManager().zeros(p.getShape()));
            variances.add(p.getManager().zeros(p.getShape()));
        }
    }

    /** One update from the current gradients, which it then zeroes. Call inside the step's NDScope. */
    public void step() {
        step(lr);
    }

    /** {@link #step()} at learning rate {@code rate} instead of the constructor's (a schedule's rate for this step). */
    public void step(double rate) {
        boolean before = Torch.gradMode(false);
        try {
            t++;
            double correction1 = 1 - Math.pow(BETA1, t);
            double correction2 = 1 - Math.pow(BETA2, t);
            for (int i = 0; i < parameters.size(); i++) {
                NDArray p = parameters.get(i);
                NDArray g = p.getGradient();
                NDArray m = means.get(i).muli(BETA1).addi(g.mul(1 - BETA1));
                NDArray v = variances.get(i).muli(BETA2).addi(g.square().muli(1 - BETA2));
                NDArray denom = v.sqrt().divi((float) Math.sqrt(correction2)).addi(EPS);
                p.subi(m.div(denom).muli((float) (rate / correction1)));
                Torch.zeroGrad(p);
            }
        } finally {
            Torch.gradMode(before);
        }
    }
}
