package dasweep.driver.report;

import dasweep.driver.sweep.NetworkRef;
import dasweep.driver.run.Plan;
import dasweep.driver.trial.Trial;
import dasweep.driver.trial.Provenance;
import dasweep.driver.trial.RunInfo;
import dasweep.driver.trial.TableRow;
import dasweep.driver.trial.TrialOutcome;
import dasweep.driver.spark.ResultsTable;
import dasweep.driver.spark.SparkSessions;
import dasweep.driver.trial.StoredNetwork;
import dasweep.driver.sweep.Grid;
import dasweep.driver.sweep.SweepLoader;
import dasweep.executor.spec.TrialResult;
import dasweep.executor.spec.TrialSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.SparkSession;

/**
 * A small results table written directly (no training), shared by the report tests: sweep {@code unit} (2
 * objectives × 3 trained networks × 2 variable sets × conv1 k 16/64 + fc1 k 1 × low_rank and vanilla) on three run
 * dates — 2026-12-01 (three FAILED trials), 2026-12-02 (one cell regressed by {@value #DROP}), 2026-12-03 (the same
 * values as 12-02) — and sweep {@code single} with one run date. Values are seeded: same table every time.
 */
final class Fixture {
    static final String SWEEP = """
            name: unit
            data: {n_train: 256, n_eval: 200, data_seed: 1, n_test: 500}
            objectives:
              - {name: equal, coefficients: [0.4, 0.4, 0.4], threshold: 0.6}
              - {name: color-heavy, coefficients: [0.2, 0.6, 0.2], threshold: 0.5}
            networks:
              trained: {count: 3, images: 2000, epochs: 1, lr: 1.0e-3, batch: 256, seed: 100}
            grid:
              variables: [[circularity], [color]]
              sites:
                - {layer: conv1, view: rows, k: [16, 64]}
                - {layer: fc1, view: flat, k: [1]}
              interventions: [low_rank, vanilla]
              multi_source: [false]
              lr: [5.0e-4]
              epochs: [1]
              batch: [256]
              seeds: [0]
            """;
    static final String D1 = "2026-12-01";
    static final String D2 = "2026-12-02";
    static final String D3 = "2026-12-03";
    static final double DROP = 0.1;

    private static Path dir;
    private static List<Trial> trials;

    private Fixture() {
    }

    /** The session (a new one if another test class stopped the shared one). */
    static synchronized SparkSession spark() {
        SparkSession s = SparkSession.getDefaultSession().isDefined() ? SparkSession.getDefaultSession().get() : null;
        if (s == null || s.sparkContext().isStopped()) {
            try {
                s = SparkSessions.create("local[2]", "dasweep-report-test", SparkSessions.settings(null,
                        Map.of("spark.sql.shuffle.partitions", "4", "spark.ui.enabled", "false")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return s;
    }

    /** The table's URI (written on first use). */
    static synchronized String table() {
        if (dir == null) {
            try {
                dir = Files.createTempDirectory("dasweep-report-test");
                Path yaml = dir.resolve("unit.yaml");
                Files.writeString(yaml, SWEEP);
                Grid.Expansion grid = Grid.expand(SweepLoader.load(yaml));
                Map<Integer, StoredNetwork> nets = new HashMap<>();
                for (NetworkRef n : grid.networks()) {
                    nets.put(n.ordinal(), new StoredNetwork("key" + n.ordinal(), n.name(), "trained",
                            Integer.toHexString(0x10 + n.ordinal()).repeat(32), 0.90 + 0.01 * n.ordinal(), List.of(0.4),
                            1, "h", "driver"));
                }
                trials = Plan.trials(grid.cells(), nets);
                ResultsTable t = new ResultsTable(spark(), dir.resolve("trials").toUri().toString());
                t.append(sparkRows(rows(D1, "20261201T000000-aaaaaaaa", "unit")));
                t.append(sparkRows(rows(D2, "20261202T000000-bbbbbbbb", "unit")));
                t.append(sparkRows(rows(D3, "20261203T000000-cccccccc", "unit")));
                t.append(sparkRows(rows(D1, "20261201T000000-dddddddd", "single").subList(0, 12)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir.resolve("trials").toUri().toString();
    }

    /** A local directory for a test's output. */
    static Path scratch(String name) throws IOException {
        table();
        return Files.createDirectories(dir.resolve("scratch").resolve(name));
    }

    /** The planted regression's cell. */
    static boolean regressed(TrialSpec s) {
        return s.objective().name().equals("equal") && s.variables().size() == 1
                && s.variables().get(0).id().equals("color") && s.intervention().site().id().equals("conv1")
                && s.intervention().k() == 64 && s.intervention().type().id().equals("low_rank");
    }

    static List<org.apache.spark.sql.Row> sparkRows(List<TableRow> rows) {
        return rows.stream().map(dasweep.driver.spark.ResultsSchema::toRow).toList();
    }

    private static List<TableRow> rows(String date, String runId, String sweep) {
        RunInfo run = new RunInfo(runId, sweep, date, "4.2.0");
        List<TableRow> rows = new ArrayList<>();
        for (Trial t : trials) {
            TrialSpec s = t.spec();
            int net = t.networkIndex();
            Provenance where = new Provenance("host-" + date.substring(8), "driver", "cpu()", 2,
                    date.equals(D1) ? "0.1.0-SNAPSHOT+aaaaaaaaaaaa" : "0.1.0-SNAPSHOT+bbbbbbbbbbbb", "0.33.0", "2.5.1",
                    java.time.Instant.parse(date + "T10:00:00Z").toEpochMilli() + t.cellIndex() * 1000L, 1.5);
            int failed = date.equals(D1) && sweep.equals("unit") ? List.of(5, 6, 40).indexOf(t.cellIndex()) : -1;
            if (failed >= 0) {
                String error = failed < 2 ? "java.lang.IllegalStateException: boom\n  at a.B.c(B.java:1)"
                        : "java.lang.OutOfMemoryError: Java heap space\n  at x.Y.z(Y.java:2)";
                rows.add(new TableRow(run, t, new TrialOutcome(t.trialId(), null, error, where)));
                continue;
            }
            rows.add(new TableRow(run, t, new TrialOutcome(t.trialId(), result(t, date), null, where)));
        }
        return rows;
    }

    /** Seeded IIA: higher for larger k and color, lower at fc1 and for vanilla, ± per network; small date noise. */
    static TrialResult result(Trial t, String date) {
        TrialSpec s = t.spec();
        boolean vanilla = s.intervention().type().id().equals("vanilla");
        int k = s.intervention().k();
        double iia = 0.80 + (vanilla ? -0.15 : k >= 64 ? 0.08 : k >= 16 ? 0.04 : 0)
                + (s.variables().get(0).id().equals("color") ? 0.05 : 0)
                + (s.intervention().site().id().equals("fc1") ? -0.1 : 0)
                + 0.01 * (t.networkIndex() - 1) + (s.objective().name().equals("equal") ? 0 : -0.02);
        iia += (new SplittableRandom(t.cellIndex()).nextDouble() - 0.5) * 0.01;
        if (!date.equals(D1)) {
            iia += (new SplittableRandom(t.cellIndex() + 1000).nextDouble() - 0.5) * 0.006;
            if (regressed(s)) {
                iia -= DROP;
            }
        }
        double trivial = 0.55 + 0.01 * t.networkIndex();
        return new TrialResult(iia, trivial, 0.92 + 0.002 * t.networkIndex(), 0.3, List.of(0.4, 0.3), 1e-6,
                List.of(0.1, 0.1), 0.2, 0.05, "cpu()", 2);
    }
}
