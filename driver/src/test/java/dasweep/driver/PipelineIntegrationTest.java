package dasweep.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dasweep.driver.run.TrialFunction;
import dasweep.executor.weights.NetworkWeights;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stage 2 does not wait for the slowest network: on Spark {@code local[2]}, an imported network's trials run while a
 * trained network is still training in the other slot, and every trial is still computed once.
 */
@Tag("integration")
class PipelineIntegrationTest {
    private static final String SWEEP = """
            name: pipeline
            data: {n_train: 256, n_eval: 200, data_seed: 1, n_test: 500}
            objectives:
              - {name: equal, coefficients: [0.4, 0.4, 0.4], threshold: 0.6}
            networks:
              imported:
                - {name: ready, path: %s, objective: equal}
              trained: {count: 1, images: 6000, epochs: 3, lr: 1.0e-3, batch: 128, seed: 100}
            grid:
              variables: [[circularity], [color], [area]]
              sites:
                - {layer: fc1, view: flat, k: [1]}
              interventions: [low_rank]
              multi_source: [false]
              lr: [1.0e-3]
              epochs: [1]
              batch: [128]
              seeds: [0, 1]
            """;

    private static SparkSession spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws IOException {
        spark = dasweep.driver.spark.SparkSessions.create("local[2]", "dasweep-pipeline-it",
                dasweep.driver.spark.SparkSessions.settings(null, Map.of()));
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void aReadyNetworksTrialsRunWhileAnotherNetworkTrains() throws IOException {
        Path weights = dir.resolve("ready.safetensors");
        Files.write(weights, NetworkWeights.random(7).toSafetensors());
        Path sweep = dir.resolve("pipeline.yaml");
        Files.writeString(sweep, SWEEP.formatted(weights));
        Path out = dir.resolve("out");
        RunResult r = new SweepRunner(RunOptions.of(sweep, out.toString()), new PrintWriter(System.out, true),
                new PrintWriter(System.err, true), TrialFunction.ENGINE).run(spark);
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(12, r.computed(), "2 networks × 3 variable sets × 2 seeds");

        List<Row> rows = spark.read().parquet(out.resolve("trials").toString())
                .select("network", "started_at", "trial_id").collectAsList();
        assertEquals(12, rows.size());
        assertEquals(12, rows.stream().map(x -> x.getString(2)).distinct().count(), "every trial once");
        long firstReadyTrial = rows.stream().filter(x -> x.getString(0).equals("ready"))
                .mapToLong(x -> ((Timestamp) x.get(1)).getTime()).min().orElseThrow();
        Path trainedJson;
        try (var files = Files.list(out.resolve("networks"))) {
            trainedJson = files.filter(f -> f.toString().endsWith(".json"))
                    .filter(f -> readString(f).contains("\"source\" : \"trained\"")).findFirst().orElseThrow();
        }
        long trainedAt = Files.getLastModifiedTime(trainedJson).toMillis();
        assertTrue(firstReadyTrial < trainedAt, "the imported network's first trial started at " + firstReadyTrial
                + ", after the trained network was stored at " + trainedAt);
    }

    private static String readString(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
