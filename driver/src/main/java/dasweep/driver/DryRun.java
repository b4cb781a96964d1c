package dasweep.driver;

import dasweep.driver.sweep.CostModel;
import dasweep.driver.sweep.Grid;
import dasweep.driver.sweep.Sweep;
import java.io.PrintWriter;
import java.util.List;

/** {@code --dry-run}: the numbers of base networks and trials and the cost model's estimate; nothing runs. */
final class DryRun {
    private DryRun() {
    }

    static RunResult print(Sweep sweep, Grid.Expansion grid, PrintWriter out) {
        double base = grid.networks().stream().filter(Grid.NetworkRef::trained)
                .mapToDouble(n -> CostModel.baseNetwork(n.recipe())).sum();
        double trials = grid.cells().stream().mapToDouble(c -> CostModel.trial(c.spec())).sum();
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
        out.printf("estimated cost (rough model, CPU): %s core-hours = base networks %s + trials %s; "
                        + "≈ %s on %d cores%n", hours(base + trials), hours(base), hours(trials),
                duration((base + trials) / cores), cores);
        return new RunResult(0, grid.networks().size(), 0, grid.cells().size(), 0, 0, 0, 0, base + trials, null, null,
                List.of());
    }

    private static String hours(double coreSeconds) {
        return String.format(coreSeconds < 36_000 ? "%.2f" : "%.0f", coreSeconds / 3600);
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, (s % 3600) / 60)
                : String.format("%dm%02ds", s / 60, s % 60);
    }
}
