package dasweep.driver;

import dasweep.driver.run.RunOptions;
import dasweep.driver.run.RunResult;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dasweep.driver.run.TrialFunction;
import dasweep.executor.spec.Init;
import dasweep.executor.weights.NetworkWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
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

    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark("dasweep-pipeline-it");

    @TempDir
    Path dir;

    @Test
    void aReadyNetworksTrialsRunWhileAnotherNetworkTrains() throws IOException {
        Path weights = dir.resolve("ready.safetensors");
        Files.write(weights, NetworkWeights.random(7, Init.PYTORCH).toSafetensors());
        Path sweep = dir.resolve("pipeline.yaml");
        Files.writeString(sweep, SWEEP.formatted(weights));
        Path out = dir.resolve("out");
        RunResult r = SPARK.run(RunOptions.of(sweep, out.toString()), TrialFunction.ENGINE);
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(12, r.computed(), "2 networks × 3 variable sets × 2 seeds");

        List<Row> rows = SPARK.session().read().parquet(out.resolve("trials").toString())
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
