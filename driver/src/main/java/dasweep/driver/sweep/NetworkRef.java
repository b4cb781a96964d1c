package dasweep.driver.sweep;

import dasweep.executor.spec.BaseNetworkSpec;
import dasweep.executor.spec.Control;
import dasweep.executor.spec.Objective;
import dasweep.executor.spec.Seeds;
import java.util.ArrayList;
import java.util.List;

/**
 * A base network of the sweep. {@code source}: {@code trained}, {@code imported}, or {@code untrained} (the
 * untrained control counterpart of base network {@code untrainedOf}, built by stage 1 from its 0-epoch recipe).
 */
public record NetworkRef(int ordinal, String name, String source, Objective objective, int index,
                         BaseNetworkSpec recipe, Sweep.Imported imported, NetworkRef untrainedOf) {
    public NetworkRef(int ordinal, String name, String source, Objective objective, int index,
                      BaseNetworkSpec recipe, Sweep.Imported imported) {
        this(ordinal, name, source, objective, index, recipe, imported, null);
    }

    /** Built by stage 1 from a recipe (trained, or an untrained control). */
    public boolean trained() {
        return recipe != null;
    }

    /**
     * The sweep's base networks, in ordinal order: per objective its {@code count} trained ones, then the imported
     * ones, then (when a grid block asks for {@code untrained_network} controls) each one's untrained counterpart.
     */
    public static List<NetworkRef> all(Sweep sweep) {
        List<NetworkRef> out = new ArrayList<>();
        if (sweep.trained() != null) {
            Sweep.Trained t = sweep.trained();
            for (Objective o : sweep.objectives()) {
                for (int i = 0; i < t.count(); i++) {
                    BaseNetworkSpec recipe = new BaseNetworkSpec(o, t.images(), t.epochs(), t.lr(), t.batch(),
                            sweep.data().nTest(), t.seed() + i, t.lrSchedule(), t.init());
                    out.add(new NetworkRef(out.size(), o.name() + "-" + i, "trained", o, i, recipe, null));
                }
            }
        }
        for (int i = 0; i < sweep.imported().size(); i++) {
            Sweep.Imported imp = sweep.imported().get(i);
            out.add(new NetworkRef(out.size(), imp.name(), "imported", sweep.objective(imp.objective()), i, null,
                    imp));
        }
        if (sweep.grids().stream().anyMatch(g -> g.controls(Control.UNTRAINED_NETWORK))) {
            for (NetworkRef base : List.copyOf(out)) {
                out.add(untrained(out.size(), base, sweep));
            }
        }
        return out;
    }

    /**
     * The untrained counterpart of a base network: same architecture and objective, initialised (with the trainer's
     * dead-unit redraws, and a trained base's init) from a seed derived from the base's (an imported network's from its
     * name), 0 epochs.
     */
    static NetworkRef untrained(int ordinal, NetworkRef base, Sweep sweep) {
        BaseNetworkSpec r = base.recipe();
        BaseNetworkSpec recipe = r != null
                ? new BaseNetworkSpec(r.objective(), r.batchSize(), 0, r.lr(), r.batchSize(), r.nTest(),
                Seeds.derive(r.seed(), "untrained"), null, r.init())
                : new BaseNetworkSpec(base.objective(), 256, 0, 1e-4, 256, sweep.data().nTest(),
                Seeds.derive(base.name().hashCode(), "untrained/" + base.name()));
        return new NetworkRef(ordinal, base.name() + "-untrained", "untrained", base.objective(), base.index(), recipe,
                null, base);
    }
}
