package dasweep.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dasweep.driver.run.RunOptions;
import dasweep.driver.run.RunResult;
import dasweep.driver.run.TrialFunction;
import dasweep.driver.subspace.SubspaceTable;
import dasweep.executor.DasEngine;
import dasweep.executor.spec.Hashes;
import dasweep.executor.spec.InterventionType;
import dasweep.executor.spec.Objective;
import dasweep.executor.spec.Site;
import dasweep.executor.spec.Subspace;
import dasweep.executor.spec.TrialSpec;
import dasweep.executor.spec.Variable;
import dasweep.executor.spec.View;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kept subspaces end to end (Spark {@code local[2]}, the real engine, one small trained network): every OK row names
 * its subspace file, whose floats applied again to the trial's own evaluation pairs give the row's IIA exactly; the
 * IIA's interval holds it; {@code dasweep subspaces} pairs replicate seeds, data seeds, variable sets and nested k;
 * the report shows the section; {@code keep_subspaces: false} stores none and still measures {@code iia_heldout}.
 */
@Tag("integration")
class SubspacesIntegrationTest {
    static final String SWEEP = """
            name: subspaces
            data: {n_train: 512, n_eval: 300, data_seed: 1, n_test: 500}
            objectives:
              - {name: equal, coefficients: [0.4, 0.4, 0.4], threshold: 0.6}
            networks:
              trained: {count: 1, images: 3000, epochs: 1, lr: 1.0e-3, batch: 128, seed: 100}
            grid:
              variables: [[color], [area]]
              sites:
                - {layer: conv3, view: flat, k: [2, 4]}
              interventions: [low_rank]
              multi_source: [false]
              lr: [2.0e-3]
              epochs: [1]
              batch: [128]
              seeds: [0, 1]
              data_seeds: [1, 2]
            """;

    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark("dasweep-subspaces-it");

    @TempDir
    Path dir;

    static TrialSpec spec(Row r) {
        List<Double> c = r.getList(r.fieldIndex("objective_coefficients"));
        return TrialSpec.builder()
                .objective(new Objective(r.getString(r.fieldIndex("objective")), c, r.getDouble(r.fieldIndex("objective_threshold"))))
                .variables(r.<String>getList(r.fieldIndex("variables")).stream().map(v -> Variable.parse("v", v)).toList())
                .site(Site.parse("layer", r.getString(r.fieldIndex("layer"))))
                .view(View.parse("view", r.getString(r.fieldIndex("view"))))
                .type(InterventionType.parse("intervention", r.getString(r.fieldIndex("intervention"))))
                .k(r.getInt(r.fieldIndex("k"))).multiSource(r.getBoolean(r.fieldIndex("multi_source")))
                .epochs(r.getInt(r.fieldIndex("epochs"))).lr(r.getDouble(r.fieldIndex("lr")))
                .batchSize(r.getInt(r.fieldIndex("batch_size"))).seed(r.getLong(r.fieldIndex("seed")))
                .nTrain(r.getInt(r.fieldIndex("n_train"))).nEval(r.getInt(r.fieldIndex("n_eval")))
                .dataSeed(r.getLong(r.fieldIndex("data_seed"))).build();
    }

    static byte[] network(Path out, String sha) throws IOException {
        try (Stream<Path> files = Files.list(out.resolve("networks"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".safetensors")).toList()) {
                byte[] bytes = Files.readAllBytes(f);
                if (Hashes.sha256(bytes).equals(sha)) {
                    return bytes;
                }
            }
        }
        throw new AssertionError("no network " + sha);
    }

    @Test
    void keptSubspacesReproduceTheirIiaAndCompareAcrossSeedsDrawsVariablesAndK() throws IOException {
        Path f = dir.resolve("subspaces.yaml");
        Files.writeString(f, SWEEP);
        Path out = dir.resolve("out");
        RunResult r = SPARK.run(RunOptions.of(f, out.toString()), TrialFunction.ENGINE);
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(16, r.trials());
        String table = out.resolve("trials").toString();
        List<Row> rows = SPARK.session().read().parquet(table).where("status = 'OK'").collectAsList();
        assertEquals(16, rows.size());
        Map<String, String> shaByTrial = new HashMap<>();
        for (Row row : rows) {
            double iia = row.getDouble(row.fieldIndex("iia"));
            assertTrue(row.getDouble(row.fieldIndex("iia_low")) <= iia && iia <= row.getDouble(row.fieldIndex("iia_high")));
            double heldout = row.getDouble(row.fieldIndex("iia_heldout"));
            assertTrue(heldout >= 0 && heldout <= 1);
            String uri = row.getString(row.fieldIndex("subspace_uri"));
            String sha = row.getString(row.fieldIndex("subspace_sha256"));
            assertNotNull(uri);
            assertTrue(uri.endsWith("/subspaces/" + sha + ".safetensors"), uri);
            shaByTrial.put(row.getString(row.fieldIndex("trial_id")), sha);
        }
        assertEquals(16, Map.copyOf(shaByTrial).values().stream().distinct().count(), "one file per trial");
        // the first row's subspace, read from the store, applied again: the row's IIA and iia_heldout exactly
        Row first = rows.get(0);
        Subspace s = SubspaceTable.load(first.getString(first.fieldIndex("subspace_uri")),
                first.getString(first.fieldIndex("subspace_sha256")), table, new Configuration());
        byte[] net = network(out, first.getString(first.fieldIndex("network_sha256")));
        assertEquals(first.getDouble(first.fieldIndex("iia")), DasEngine.reapply(spec(first), net, s, false, 1, "cpu"), 0.0);
        assertEquals(first.getDouble(first.fieldIndex("iia_heldout")), DasEngine.reapply(spec(first), net, s, true, 1, "cpu"),
                0.0);

        StringWriter text = new StringWriter();
        Path pairsDir = dir.resolve("pairs");
        assertEquals(0, Main.run(new PrintWriter(text), new PrintWriter(new StringWriter()), "subspaces", "--table",
                table, "--out", pairsDir.toString()));
        System.out.print(text);
        assertTrue(text.toString().contains("subspaces of different networks are not compared"), text.toString());
        Map<String, Long> count = new HashMap<>();
        for (Row p : SPARK.session().read().parquet(pairsDir.resolve("subspace_pairs").toString()).collectAsList()) {
            count.merge(p.getString(p.fieldIndex("comparison")), 1L, Long::sum);
            double sim = p.getDouble(p.fieldIndex("similarity"));
            assertTrue(sim >= 0 && sim <= 1);
        }
        assertEquals(Map.of("seed", 8L, "data_seed", 8L, "variables", 8L, "k", 8L), count);

        Path report = dir.resolve("report");
        assertEquals(0, Main.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), "report",
                "--table", table, "--out", report.toString()));
        String page = Files.readString(report.resolve("report.html"));
        assertTrue(page.contains("Subspace stability") && page.contains("id=\"subspace-stability\"")
                && page.contains("id=\"subspace-heldout\"") && page.contains("id=\"variables-conv3-flat-k2\""));

        // keep_subspaces: false — nothing stored, the held-out IIA still measured
        Path g = dir.resolve("nokeep.yaml");
        Files.writeString(g, SWEEP.replace("name: subspaces", "name: nokeep\nkeep_subspaces: false")
                .replace("seeds: [0, 1]", "seeds: [0]").replace("data_seeds: [1, 2]", "data_seeds: [1]"));
        assertEquals(0, SPARK.run(RunOptions.of(g, out.toString()), TrialFunction.ENGINE).exitCode());
        for (Row row : SPARK.session().read().parquet(table).where("sweep = 'nokeep'").collectAsList()) {
            assertNull(row.get(row.fieldIndex("subspace_uri")));
            assertNotNull(row.get(row.fieldIndex("iia_heldout")));
            assertEquals(shaByTrial.containsKey(row.getString(row.fieldIndex("trial_id"))), true,
                    "the same trials: keep_subspaces is no part of a trial id");
        }
    }
}
