package dasweep.driver.run;

import dasweep.driver.trial.Trial;
import dasweep.driver.trial.RunInfo;
import dasweep.driver.spark.ResultsSchema;
import dasweep.driver.trial.TableRow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dasweep.driver.Main;
import dasweep.driver.spark.ResultsTable;
import dasweep.driver.spark.SparkSessions;
import dasweep.driver.trial.StoredNetwork;
import dasweep.driver.sweep.Grid;
import dasweep.driver.sweep.SweepLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dasweep paper} end to end on a small results table written directly (two networks, flat low_rank single
 * source, plus a rows cell and a failed trial that must not count) and a small CSV written here. Starts Spark
 * ({@code local[1]}, about 40 s on a busy 2-core machine), hence an integration test; {@link
 * dasweep.driver.paper.PaperComparisonTest} covers the comparison itself without Spark.
 */
@Tag("integration")
class PaperCommandTest {
    static final String SWEEP = """
            name: unit
            data: {n_train: 256, n_eval: 200, data_seed: 1, n_test: 500}
            objectives:
              - {name: equal, coefficients: [0.4, 0.4, 0.4], threshold: 0.6}
            networks:
              trained: {count: 2, images: 2000, epochs: 1, lr: 1.0e-3, batch: 128, seed: 100}
            grid:
              variables: [[color], [color, circularity]]
              sites:
                - {layer: conv1, view: flat, k: [4]}
                - {layer: conv2, view: rows, k: [4]}
                - {layer: fc1, view: flat, k: [1]}
              interventions: [low_rank]
              multi_source: [false]
              lr: [5.0e-4]
              epochs: [1]
              batch: [128]
              seeds: [0]
            """;
    static final String CSV = """
            objective,coefficients,layer,variables,k,n_networks,mean_iia,sd_iia,min_iia,max_iia
            Equal,0.4;0.4;0.4,conv1,color,4,100,0.95,0.01,0.93,0.97
            Equal,0.4;0.4;0.4,conv1,circularity+color,4,100,0.90,0.02,0.85,0.94
            Equal,0.4;0.4;0.4,conv2,color,4,100,0.95,0.01,0.93,0.97
            Equal,0.4;0.4;0.4,fc1,color,1,100,0.80,0.05,0.7,0.9
            """;

    @TempDir
    static Path dir;
    static SparkSession spark;
    static String table;
    static Path csv;

    @BeforeAll
    static void writeTable() throws IOException {
        spark = SparkSessions.create("local[1]", "dasweep-paper-test", SparkSessions.settings(null, Map.of()));
        Path sweepFile = dir.resolve("unit.yaml");
        Files.writeString(sweepFile, SWEEP);
        Grid.Expansion grid = Grid.expand(SweepLoader.load(sweepFile));
        Map<Integer, StoredNetwork> nets = Map.of(0, PlanTest.network("a"), 1, PlanTest.network("b"));
        List<Trial> trials = Plan.trials(grid.cells(), nets);
        assertEquals(12, trials.size());
        RunInfo run = new RunInfo("run-1", "unit", "2026-12-02", "4.2.0");
        List<TableRow> rows = new ArrayList<>();
        for (Trial t : trials) {
            var spec = t.spec();
            boolean a = t.networkIndex() == 0;
            boolean pair = spec.variables().size() == 2;
            double iia = switch (spec.intervention().site()) {
                case CONV1 -> pair ? 0.97 : (a ? 0.94 : 0.96);     // {color}: mean 0.95, {color, circularity}: 0.97
                case FC1 -> pair ? 0.5 : 0.80;
                default -> 0.1;                                    // conv2 rows: not the paper's view
            };
            boolean fail = pair && spec.intervention().site() == dasweep.executor.spec.Site.FC1;
            rows.add(new TableRow(run, t, fail ? PlanTest.failed(t) : PlanTest.ok(t, iia)));
        }
        table = dir.resolve("out/trials").toString();
        new ResultsTable(spark, table).append(rows.stream().map(ResultsSchema::toRow).toList());
        csv = dir.resolve("cells.csv");
        Files.writeString(csv, CSV);
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    record Outcome(int code, String out, String err) {
    }

    static Outcome paper(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("paper"));
        all.addAll(List.of(args));
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
        return new Outcome(code, out.toString(), err.toString());
    }

    @Test
    void oursBesideThePapersPerCell() throws IOException {
        Path written = dir.resolve("comparison.csv");
        Outcome o = paper("--table", table, "--sweep", "unit", "--csv", csv.toString(), "--out", written.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("cells compared: 3; within 2 sd: 2 (67%); within 3 sd: 2 (67%); flagged (> 3 sd): 1; "
                + "mean signed difference (ours − paper): +0.0233 IIA, +1.17 paper sd; paper cells not run: 1; "
                + "our cells not in the paper: 0"), o.out());
        assertTrue(o.out().contains("0.9500 ± 0.0141 (2)"), o.out());
        List<String> lines = Files.readAllLines(written);
        assertEquals(4, lines.size());
        assertTrue(lines.get(1).startsWith("Equal,0.4;0.4;0.4,conv1,color,4,equal,100,0.95,0.01,2,0.95"), lines.get(1));
        Outcome one = paper("--table", table, "--sweep", "unit", "--csv", csv.toString(), "--data-seed", "1");
        assertEquals(0, one.code(), one.err());
        assertTrue(one.out().contains("cells compared: 3; within 2 sd: 2 (67%)"), "every row has data seed 1: " + one.out());
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws IOException {
        Path headerOnly = dir.resolve("header.csv");
        Files.writeString(headerOnly, "objective,coefficients\n");
        String[][] cases = {
            {"--table", table, "--sweep", "unit", "--csv", dir.resolve("none.csv").toString()},
            {"--table", table, "--sweep", "unit", "--csv", headerOnly.toString()},
            {"--table", dir.resolve("nothing").toString(), "--sweep", "unit", "--csv", csv.toString()},
            {"--table", table, "--sweep", "other", "--csv", csv.toString()},
            {"--table", table, "--sweep", "unit", "--csv", csv.toString(), "--out", dir.resolve("no/such/x.csv").toString()},
            {"--table", table, "--sweep", "unit", "--csv", csv.toString(), "--data-seed", "2"},
        };
        String[] messages = {
            "dasweep paper: --csv: " + dir.resolve("none.csv") + ": cannot read the paper's CSV: no such file",
            "dasweep paper: --csv: " + headerOnly + ": line 1: expected the header objective,coefficients,layer,"
                    + "variables,k,n_networks,mean_iia,sd_iia,min_iia,max_iia (found 'objective,coefficients')",
            "dasweep paper: --table: no table at " + dir.resolve("nothing"),
            "dasweep paper: --sweep: no sweep 'other' in " + table + " (sweeps: unit)",
            "dasweep paper: --out: no such directory " + dir.resolve("no/such"),
            "dasweep paper: --sweep: no OK flat low_rank single-source rows of sweep 'unit' with data seed 2 in " + table,
        };
        for (int i = 0; i < cases.length; i++) {
            Outcome o = paper(cases[i]);
            assertEquals(2, o.code(), o.err());
            assertEquals(messages[i], o.err().strip());
            assertEquals("", o.out());
        }
        Outcome missing = paper("--table", table);
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("Missing required option: '--sweep=S'"), missing.err());
    }
}
