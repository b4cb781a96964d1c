package dasweep.driver.sweep;

import dasweep.executor.BaseNetworkSpec;
import dasweep.executor.SpecException;
import dasweep.executor.TrialSpec;
import dasweep.executor.das.InterventionType;
import dasweep.executor.data.Objective;
import dasweep.executor.data.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
/**
 * Expands a sweep into its base networks and its trial cells: for each network, for each grid block,
 * the cartesian product, in declared order, of variables × sites (each with its own k) × interventions × multi_source × lr ×
 * epochs × batch × seeds. Every cell's {@link TrialSpec} is built here, before Spark starts, so a
 * cell the engine would reject is reported with the file and the path of the axis value.
 * Cells with equal specs on the same network (e.g. {@code vanilla}, which ignores k) are kept once.
 */
public final class Grid {
    private Grid() {
    }

    /** A base network of the sweep. */
    public record NetworkRef(int ordinal, String name, String source, Objective objective, int index,
                             BaseNetworkSpec recipe, Sweep.Imported imported) {
        public boolean trained() {
            return recipe != null;
        }
    }

    /** One trial: a network and a spec. {@code index} is the cell's position in the expansion. */
    public record Cell(int index, NetworkRef network, TrialSpec spec) {
    }

    /** The expansion of a sweep. */
    public record Expansion(List<NetworkRef> networks, List<Cell> cells) {
        public Expansion {
            networks = List.copyOf(networks);
            cells = List.copyOf(cells);
        }
    }

    public static List<NetworkRef> networks(Sweep sweep) {
        List<NetworkRef> out = new ArrayList<>();
        if (sweep.trained() != null) {
            Sweep.Trained t = sweep.trained();
            for (Objective o : sweep.objectives()) {
                for (int i = 0; i < t.count(); i++) {
                    BaseNetworkSpec recipe = new BaseNetworkSpec(o, t.images(), t.epochs(), t.lr(), t.batch(),
                            sweep.data().nTest(), t.seed() + i);
                    out.add(new NetworkRef(out.size(), o.name() + "-" + i, "trained", o, i, recipe, null));
                }
            }
        }
        for (int i = 0; i < sweep.imported().size(); i++) {
            Sweep.Imported imp = sweep.imported().get(i);
            out.add(new NetworkRef(out.size(), imp.name(), "imported", sweep.objective(imp.objective()), i, null,
                    imp));
        }
        return out;
    }

    public static Expansion expand(Sweep sweep) {
        List<NetworkRef> networks = networks(sweep);
        Sweep.Data d = sweep.data();
        List<Cell> cells = new ArrayList<>();
        for (NetworkRef net : networks) {
          Set<TrialSpec> seen = new HashSet<>();
          for (int gi = 0; gi < sweep.grids().size(); gi++) {
            Sweep.Grid g = sweep.grids().get(gi);
            String gp = sweep.grids().size() == 1 ? "grid" : "grid[" + gi + "]";
            for (int v = 0; v < g.variables().size(); v++) {
                List<Variable> vars = g.variables().get(v);
                for (int s = 0; s < g.sites().size(); s++) {
                    Sweep.SiteAxis site = g.sites().get(s);
                    for (int k = 0; k < site.k().size(); k++) {
                        for (int i = 0; i < g.interventions().size(); i++) {
                            InterventionType type = g.interventions().get(i);
                            for (int m = 0; m < g.multiSource().size(); m++) {
                                for (int l = 0; l < g.lr().size(); l++) {
                                    for (int e = 0; e < g.epochs().size(); e++) {
                                        for (int b = 0; b < g.batch().size(); b++) {
                                            for (long seed : g.seeds()) {
                                                TrialSpec spec;
                                                try {
                                                    spec = new TrialSpec(net.objective(), vars, site.layer(),
                                                            site.view(), type, site.k().get(k), g.multiSource().get(m),
                                                            g.epochs().get(e), g.lr().get(l), g.batch().get(b),
                                                            d.nTrain(), d.nEval(), d.dataSeed(), seed);
                                                } catch (SpecException ex) {
                                                    String path = switch (ex.field()) {
                                                        case "k" -> "grid.sites[" + s + "].k[" + k + "]";
                                                        case "view" -> "grid.sites[" + s + "].view";
                                                        case "layer" -> "grid.sites[" + s + "].layer";
                                                        case "intervention" -> "grid.interventions[" + i + "]";
                                                        case "multi_source" -> "grid.multi_source[" + m + "]";
                                                        case "variables" -> "grid.variables[" + v + "]";
                                                        case "epochs" -> "grid.epochs[" + e + "]";
                                                        case "lr" -> "grid.lr[" + l + "]";
                                                        case "batch" -> "grid.batch[" + b + "]";
                                                        case "n_train" -> "data.n_train";
                                                        case "n_eval" -> "data.n_eval";
                                                        default -> "grid";
                                                    };
                                                    if (path.startsWith("grid")) {
                                                        path = gp + path.substring(4);
                                                    }
                                                    throw new SweepException(sweep.file(), path, ex.problem());
                                                }
                                                if (seen.add(spec)) {
                                                    cells.add(new Cell(cells.size(), net, spec));
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
          }
        }
        return new Expansion(networks, cells);
    }
}
