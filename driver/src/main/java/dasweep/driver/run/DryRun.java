package dasweep.driver.run;

import dasweep.driver.sweep.GridBlock;
import dasweep.driver.sweep.CostModel;
import dasweep.driver.sweep.Grid;
import dasweep.driver.sweep.Sweep;
import dasweep.executor.spec.TrialField;
import dasweep.executor.weights.SubspaceFile;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** {@code --dry-run}: the numbers of base networks and trials and the cost model's estimate; nothing runs. */
public final class DryRun {
    private DryRun() {
    }

    static RunResult print(Sweep sweep, Grid.Expansion grid, PrintWriter out) {
        CostModel.Estimate estimate = CostModel.of(grid, sweep.pack());
        double base = estimate.networks();
        double trials = estimate.trials();
        long trained = grid.networks().stream().filter(n -> n.trained() && n.untrainedOf() == null).count();
        long untrained = grid.networks().stream().filter(n -> n.untrainedOf() != null).count();
        int cores = Runtime.getRuntime().availableProcessors();
        out.printf("sweep %s (%s)%n", sweep.name(), sweep.file());
        out.printf("base networks: %,d (%,d trained, %,d imported%s)%n", grid.networks().size(), trained,
                grid.networks().size() - trained - untrained,
                untrained == 0 ? "" : String.format(", %,d untrained controls", untrained));
        long controls = grid.cells().stream().filter(c -> c.controls() != null).count();
        out.printf("trials: %,d%s%n", grid.cells().size(),
                controls == 0 ? "" : String.format(" (%,d DAS, %,d controls)", grid.cells().size() - controls, controls));
        out.println("  " + breakdown(sweep, grid));
        out.println(subspaces(sweep, grid));
        out.printf("estimated cost (rough model, CPU): %s core-hours = base networks %s + trials %s; "
                        + "≈ %s on %d cores%n", hours(base + trials), hours(base), hours(trials),
                ProgressEstimate.duration((base + trials) / cores), cores);
        return new RunResult(0, grid.networks().size(), 0, grid.cells().size(), 0, 0, 0, 0, base + trials, null, null,
                List.of());
    }

    /**
     * How the trial count comes about: networks × cells per network, each grid block as variable sets × layers
     * (the variable-set/layer pairs) × each layer's k values × any other axis with more than one value.
     */
    public static String breakdown(Sweep sweep, Grid.Expansion grid) {
        List<String> blocks = new ArrayList<>();
        long perNetwork = 0;
        for (GridBlock g : sweep.grids()) {
            long layers = g.sites().stream().map(s -> s.layer()).distinct().count();
            String what = layers == g.sites().size() ? "layers" : "sites";
            String k = g.sites().stream().map(s -> s.layer().id() + (layers == g.sites().size() ? "" : "/" + s.view().id())
                    + " " + s.k().size()).collect(Collectors.joining(", "));
            int sets = g.values(TrialField.VARIABLES).size();
            long cells = (long) sets * g.sites().stream().mapToLong(s -> s.k().size()).sum();
            StringBuilder b = new StringBuilder(String.format("%d variable sets × %d %s = %d variable-set/layer pairs "
                    + "× k values (%s)", sets, g.sites().size(), what, sets * g.sites().size(), k));
            for (TrialField f : TrialField.gridFields()) {
                int n = g.values(f).size();
                if (f != TrialField.VARIABLES && n > 1) {
                    b.append(String.format(" × %d %s", n, f.plural()));
                    cells *= n;
                }
            }
            blocks.add(b.append(String.format(" = %,d", cells)).toString());
            perNetwork += cells;
        }
        long networks = grid.networks().size();
        String text = String.format("= %,d networks × %,d per network; per network: %s", networks, perNetwork,
                String.join(" + ", blocks));
        long duplicates = networks * perNetwork - grid.cells().size();
        return duplicates > 0 ? text + String.format(" (%,d cells with equal specs kept once)", duplicates) : text;
    }

    /**
     * The bytes the kept subspaces add to the output store: one float32 n×k matrix per source of every trial with a
     * rotation (all but vanilla), plus its safetensors header ({@link SubspaceFile#HEADER_BYTES}, an upper bound).
     */
    static String subspaces(Sweep sweep, Grid.Expansion grid) {
        if (!sweep.keepSubspaces()) {
            return "subspaces: not kept (keep_subspaces: false)";
        }
        long files = 0;
        long bytes = 0;
        for (Grid.Cell c : grid.cells()) {
            if (c.spec().intervention().type().trained()) {
                files++;
                bytes += SubspaceFile.bytes(c.spec());
            }
        }
        return String.format("subspaces kept: %,d files, %s (%,d bytes) in <out>/subspaces: float32 n × k per source;"
                + " keep_subspaces: false turns it off", files, human(bytes), bytes);
    }

    static String human(long bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB"};
        double v = bytes;
        int u = 0;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(u == 0 ? "%.0f %s" : "%.2f %s", v, units[u]);
    }

    private static String hours(double coreSeconds) {
        return String.format(coreSeconds < 36_000 ? "%.2f" : "%.0f", coreSeconds / 3600);
    }
}
