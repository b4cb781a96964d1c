package dasweep.driver.sweep;

import dasweep.executor.spec.BaseNetworkSpec;
import dasweep.executor.spec.Control;
import dasweep.executor.spec.Seeds;
import dasweep.executor.spec.SpecException;
import dasweep.executor.spec.TrialField;
import dasweep.executor.spec.TrialSpec;
import dasweep.executor.spec.Objective;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Expands a sweep into its base networks and its trial cells: for each network, for each grid block,
 * the cartesian product, in declared order, of the axes in {@link TrialField}'s order (variables × sites, each with
 * its own k, then every other field a grid lists). Every cell's {@link TrialSpec} is built here, before Spark starts, so a
 * cell the engine would reject is reported with the file and the path of the axis value.
 * Cells with equal specs on the same network (e.g. {@code vanilla}, which ignores k) are kept once.
 *
 * <p>Controls come after every DAS cell (so a sweep's DAS cells keep their indices when controls are added), per base
 * network in order: its {@code random_rotation} cells (each DAS cell of a block that asks for them and trains a
 * rotation, with 0 epochs), then its {@code untrained_network} cells (each DAS cell of such a block, on the base
 * network's untrained counterpart {@code <name>-untrained}: a network of the same architecture initialised from a
 * seed derived from the base's and trained for 0 epochs). Each control cell names the DAS cell it controls. A
 * control equal to an earlier one on the same network (a random rotation of two cells that differ only in epochs)
 * is kept once, for the first.
 */
public final class Grid {
    private Grid() {
    }

    /**
     * One trial: a network and a spec. {@code index} is the cell's position in the expansion; {@code controls} is
     * the DAS cell a control cell controls (null for a DAS cell).
     */
    public record Cell(int index, NetworkRef network, TrialSpec spec, Cell controls) {
        public Cell(int index, NetworkRef network, TrialSpec spec) {
            this(index, network, spec, null);
        }

        public Control control() {
            return spec.control();
        }
    }

    /** The expansion of a sweep. */
    public record Expansion(List<NetworkRef> networks, List<Cell> cells) {
        public Expansion {
            networks = List.copyOf(networks);
            cells = List.copyOf(cells);
        }
    }

    /** The default cap on a sweep's trials ({@code dasweep run --max-trials} raises it). */
    public static final long MAX_TRIALS = 200_000;

    /**
     * The number of cells before duplicates are removed, counted from the axes without building any
     * (saturating at {@link Long#MAX_VALUE}).
     */
    public static long count(Sweep sweep) {
        long perNetwork = 0;
        for (GridBlock g : sweep.grids()) {
            long cells = g.sites().stream().mapToLong(s -> s.k().size()).sum();
            for (List<Object> axis : g.axes().values()) {
                cells = times(cells, axis.size());
            }
            cells = times(cells, 1 + g.controls().size()); // each control at most once per DAS cell
            perNetwork = Math.max(perNetwork, perNetwork + cells);
        }
        long networks = sweep.imported().size()
                + (sweep.trained() == null ? 0 : times(sweep.trained().count(), sweep.objectives().size()));
        return times(perNetwork, networks);
    }

    private static long times(long a, long b) {
        return b != 0 && a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }

    public static Expansion expand(Sweep sweep) {
        return expand(sweep, MAX_TRIALS);
    }

    /** The expansion; a sweep of more than {@code maxTrials} cells is refused before any is built. */
    public static Expansion expand(Sweep sweep, long maxTrials) {
        long count = count(sweep);
        if (count > maxTrials) {
            throw new SweepException(sweep.file(), "grid", String.format("expands to %s%,d trials, more than the %,d "
                    + "allowed; raise the cap with --max-trials", count == Long.MAX_VALUE ? "over " : "", count, maxTrials));
        }
        List<NetworkRef> networks = NetworkRef.all(sweep);
        List<NetworkRef> bases = networks.stream().filter(n -> n.untrainedOf() == null).toList();
        Map<NetworkRef, NetworkRef> untrainedOf = new IdentityHashMap<>();   // base -> its untrained counterpart
        networks.stream().filter(n -> n.untrainedOf() != null).forEach(n -> untrainedOf.put(n.untrainedOf(), n));
        List<Cell> cells = new ArrayList<>();
        // per base network and grid block: the block's DAS cells (a repeat of an earlier cell is that cell)
        Map<NetworkRef, List<List<Cell>>> blocks = new IdentityHashMap<>();
        for (NetworkRef net : bases) {
            Map<TrialSpec, Cell> seen = new HashMap<>();
            List<List<Cell>> perBlock = new ArrayList<>();
            for (int gi = 0; gi < sweep.grids().size(); gi++) {
                String gridPath = sweep.grids().size() == 1 ? "grid" : "grid[" + gi + "]";
                List<List<Choice>> axes = axes(sweep.grids().get(gi), gridPath);
                LinkedHashSet<Cell> block = new LinkedHashSet<>();
                int[] at = new int[axes.size()];
                do {
                    TrialSpec spec = spec(sweep, net, axes, at);
                    block.add(seen.computeIfAbsent(spec, x -> add(cells, net, x, null)));
                } while (next(at, axes));
                perBlock.add(List.copyOf(block));
            }
            blocks.put(net, perBlock);
        }
        for (NetworkRef net : bases) {
            Map<TrialSpec, Cell> seen = new HashMap<>();
            NetworkRef untrained = untrainedOf.get(net);
            for (Control control : List.of(Control.RANDOM_ROTATION, Control.UNTRAINED_NETWORK)) {
                for (int gi = 0; gi < sweep.grids().size(); gi++) {
                    if (!sweep.grids().get(gi).controls(control)) {
                        continue;
                    }
                    for (Cell das : blocks.get(net).get(gi)) {
                        TrialSpec.Builder b = das.spec().toBuilder().control(control);
                        if (control == Control.RANDOM_ROTATION) {
                            if (!das.spec().intervention().type().trained()) {
                                continue; // vanilla has no rotation to leave untrained
                            }
                            b.epochs(0);
                        }
                        NetworkRef on = control == Control.UNTRAINED_NETWORK ? untrained : net;
                        seen.computeIfAbsent(b.build(), x -> add(cells, on, x, das));
                    }
                }
            }
        }
        return new Expansion(networks, cells);
    }

    private static Cell add(List<Cell> cells, NetworkRef net, TrialSpec spec, Cell controls) {
        Cell cell = new Cell(cells.size(), net, spec, controls);
        cells.add(cell);
        return cell;
    }

    /** One value of one axis: how it sets a spec, and the file path of each spec field it sets (for errors). */
    private record Choice(Map<String, String> paths, Consumer<TrialSpec.Builder> apply) {
    }

    /**
     * The axes of a grid block, outermost first: the order cells are expanded in, the fields' order, with the sites
     * (layer, view, each of its k) where the layer is.
     */
    private static List<List<Choice>> axes(GridBlock g, String path) {
        List<List<Choice>> axes = new ArrayList<>();
        for (TrialField f : TrialField.values()) {
            if (f == TrialField.LAYER) {
                axes.add(sites(g, path));
            } else if (f.role().inGrid()) {
                List<Object> values = g.values(f);
                List<Choice> axis = new ArrayList<>();
                for (int i = 0; i < values.size(); i++) {
                    Object value = values.get(i);
                    axis.add(new Choice(Map.of(f.key(), path + "." + g.key(f) + "[" + i + "]"), b -> f.set(b, value)));
                }
                axes.add(axis);
            }
        }
        return axes;
    }

    private static List<Choice> sites(GridBlock g, String path) {
        List<Choice> sites = new ArrayList<>();
        for (int s = 0; s < g.sites().size(); s++) {
            Sweep.SiteAxis site = g.sites().get(s);
            String p = path + ".sites[" + s + "]";
            for (int k = 0; k < site.k().size(); k++) {
                int value = site.k().get(k);
                sites.add(new Choice(Map.of(TrialField.LAYER.key(), p + ".layer", TrialField.VIEW.key(), p + ".view",
                        TrialField.K.key(), p + ".k[" + k + "]"), b -> b.site(site.layer()).view(site.view()).k(value)));
            }
        }
        return sites;
    }

    /** The cell at {@code at}; a value the engine rejects is reported with the file and the value's path. */
    private static TrialSpec spec(Sweep sweep, NetworkRef net, List<List<Choice>> axes, int[] at) {
        TrialSpec.Builder b = TrialSpec.builder().objective(net.objective());
        Map<String, String> paths = new HashMap<>();
        for (TrialField f : TrialField.values()) {
            if (f.role() == TrialField.Role.DATA) {        // the data block's value, for every cell
                f.set(b, sweep.data().value(f));
                paths.put(f.key(), "data." + f.key());
            }
        }
        for (int a = 0; a < axes.size(); a++) {
            Choice c = axes.get(a).get(at[a]);
            c.apply().accept(b);
            paths.putAll(c.paths());
        }
        try {
            return b.build();
        } catch (SpecException e) {
            throw new SweepException(sweep.file(), paths.getOrDefault(e.field(), "grid"), e.problem());
        }
    }

    /** Advances the odometer {@code at} (last axis fastest); false after the last cell. */
    private static boolean next(int[] at, List<List<Choice>> axes) {
        for (int a = at.length - 1; a >= 0; a--) {
            if (++at[a] < axes.get(a).size()) {
                return true;
            }
            at[a] = 0;
        }
        return false;
    }
}
