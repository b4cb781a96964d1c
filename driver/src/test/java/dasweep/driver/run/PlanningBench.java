package dasweep.driver.run;

import dasweep.driver.sweep.Grid;
import dasweep.driver.sweep.NetworkRef;
import dasweep.driver.sweep.Sweep;
import dasweep.driver.sweep.SweepLoader;
import dasweep.driver.trial.StoredNetwork;
import dasweep.driver.trial.TrialIds;
import dasweep.executor.spec.Hashes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Benchmark (not a test): planning at scale. For each size, writes a sweep of NETWORKS trained networks × a grid of
 * CELLS cells per network (1 objective; with {@code controls} each DAS cell gets a random-rotation and an
 * untrained-network control, and every base its untrained counterpart), then times, in this JVM:
 * <ol>
 *   <li>{@code dry-run}: load, {@link Grid#expand}, the dry run's count and cost (what {@code --dry-run} does after
 *       the JVM starts);</li>
 *   <li>{@code ready-once}: the trial queue's planning ({@link ReadyTrials}: ids, plan, packs) when every network is
 *       already in the store (one batch), then the run's closing {@link Plan};</li>
 *   <li>{@code ready-each}: the same when the networks become ready one at a time (one batch each).</li>
 * </ol>
 * The networks are stood in for by their store records (a sha256 of the recipe hash), since only the planning is
 * timed. Prints one line per size: sizes beside seconds.
 *
 * <pre>java -cp ... dasweep.driver.PlanningBench [--write DIR] NETWORKS:CELLS[:controls] ...</pre>
 * ({@code --write DIR}: only write the sweep files there.)
 */
public final class PlanningBench {
    private PlanningBench() {
    }

    public static void main(String[] args) throws Exception {
        boolean writeOnly = args.length > 1 && args[0].equals("--write");
        Path dir = writeOnly ? Path.of(args[1]) : Files.createTempDirectory("planning-bench");
        for (String arg : writeOnly ? List.of(args).subList(2, args.length) : List.of(args)) {
            String[] p = arg.split(":");
            int networks = Integer.parseInt(p[0]);
            int cells = Integer.parseInt(p[1]);
            boolean controls = p.length > 2 && p[2].equals("controls");
            Path file = dir.resolve("bench-" + networks + "-" + cells + (controls ? "-controls" : "") + ".yaml");
            Files.writeString(file, sweep(networks, cells, controls), StandardCharsets.UTF_8);
            if (writeOnly) {
                continue;
            }

            long t0 = System.nanoTime();
            Sweep sweep = SweepLoader.load(file);
            Grid.Expansion grid = Grid.expand(sweep, Long.MAX_VALUE);
            StringWriter text = new StringWriter();
            DryRun.print(sweep, grid, new PrintWriter(text));
            double dry = seconds(t0);

            Map<Integer, StoredNetwork> stored = new HashMap<>();
            for (NetworkRef ref : grid.networks()) {
                String key = TrialIds.recipeHash(ref.recipe());
                stored.put(ref.ordinal(), new StoredNetwork(key, ref.name(), ref.source(),
                        Hashes.sha256(key.getBytes(StandardCharsets.UTF_8)), 0.97, List.of(), 1, "bench", "driver"));
            }
            long t1 = System.nanoTime();
            ReadyTrials.Known none = ReadyTrials.Known.of(Set.of(), List.of());
            ReadyTrials once = new ReadyTrials(grid.cells());
            int packsOnce = ReadyTrials.plan(once.networksReady(stored), none, false, true, 2).packs().size();
            Plan closing = Plan.of(Plan.trials(grid.cells(), stored), Set.of(), List.of(), false);
            double readyOnce = seconds(t1);

            long t2 = System.nanoTime();
            ReadyTrials each = new ReadyTrials(grid.cells());
            int packsEach = 0;
            for (NetworkRef ref : grid.networks()) {
                packsEach += ReadyTrials.plan(each.networksReady(Map.of(ref.ordinal(), stored.get(ref.ordinal()))),
                        none, false, true, 2).packs().size();
            }
            double readyEach = seconds(t2);
            System.out.printf("networks %,d (%s)  trials %,d  |  dry-run %.2f s  |  ready-once %.2f s (%,d packs, "
                            + "plan of %,d)  |  ready-each %.2f s (%,d batches, %,d packs)  |  waiting after: %d%n",
                    grid.networks().size(), controls ? "with untrained counterparts" : "trained",
                    grid.cells().size(), dry, readyOnce, packsOnce, closing.todo().size(), readyEach,
                    grid.networks().size(), packsEach, each.waiting());
            System.out.flush();
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    /** A sweep of {@code networks} trained networks; its grid has {@code cells} fc1 cells (k 1) per network. */
    static String sweep(int networks, int cells, boolean controls) {
        StringBuilder seeds = new StringBuilder();
        for (int i = 0; i < cells; i++) {
            seeds.append(i == 0 ? "" : ", ").append(i);
        }
        return """
                name: planning-bench
                data: {n_train: 1000, n_eval: 500, data_seed: 1, n_test: 1000}
                objectives:
                  - {name: equal, coefficients: [0.4, 0.4, 0.4], threshold: 0.6}
                networks:
                  trained: {count: %d, images: 1000, epochs: 1, lr: 1.0e-3, batch: 256, seed: 0}
                grid:
                  variables: [[color]]
                  sites:
                    - {layer: fc1, view: flat, k: [1]}
                  intervention: [low_rank]
                  multi_source: [false]
                  lr: [5.0e-4]
                  epochs: [1]
                  batch_size: [128]
                  seed: [%s]
                %s""".formatted(networks, seeds, controls ? "  controls: [random_rotation, untrained_network]\n" : "");
    }
}
