package dasweep.driver.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/nightly.sh OUT SWEEP RUN_DATE} end to end, as cron runs it (the built {@code ./dasweep}, output
 * appended to one log, no locale of its own: {@code LANG=C}): a tiny sweep on two nights. The first night's
 * {@code compare} exits 3 (one run date so far), which the chain reports in a line and counts as 0; the second night
 * compares the two dates, finds no drift and exits 0. The script's UTF-8 locale keeps {@code ×}, {@code →} and
 * {@code Δ} in the log. Runs after {@code mvn package} (the jar), with the cluster tier.
 */
@Tag("cluster")
class NightlyChainIT {
    static final String SWEEP = """
            name: nightly-it
            data: {n_train: 256, n_eval: 200, data_seed: 1, n_test: 500}
            objectives:
              - {name: equal, coefficients: [0.4, 0.4, 0.4], threshold: 0.6}
            networks:
              trained: {count: 1, images: 1000, epochs: 1, lr: 1.0e-3, batch: 128, seed: 100}
            grid:
              variables: [[color], [area]]
              sites:
                - {layer: fc1, view: flat, k: [1]}
              interventions: [low_rank]
              multi_source: [false]
              lr: [1.0e-3]
              epochs: [1]
              batch: [128]
              seeds: [0]
            """;

    static int night(Path out, Path sweep, String date, Path log) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("deploy/nightly.sh", out.toString(), sweep.toString(), date)
                .directory(Cluster.repo().toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Cluster.environment(pb);
        pb.environment().remove("LC_ALL");
        pb.environment().remove("LC_CTYPE");
        pb.environment().put("LANG", "C");
        Process p = pb.start();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), Cluster.tail(log));
        return p.exitValue();
    }

    @Test
    void theFirstNightHasNothingToCompareAndTheSecondComparesTwoDates() throws Exception {
        Path dir = Cluster.repo().resolve("driver/target/nightly-it");
        Cluster.deleteTree(dir);
        Files.createDirectories(dir);
        Path sweep = dir.resolve("nightly-it.yaml");
        Files.writeString(sweep, SWEEP);
        Path out = dir.resolve("out");
        Path log = dir.resolve("nightly.log");

        assertEquals(0, night(out, sweep, "2026-01-01", log), Cluster.tail(log));
        String first = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(first.contains("nightly.sh: compare exit 3: the first run date of sweep nightly-it"), first);
        assertTrue(first.contains("sweep 'nightly-it' has one run date so far (2026-01-01)"), first);

        assertEquals(0, night(out, sweep, "2026-01-02", log), Cluster.tail(log));
        String second = Files.readString(log, StandardCharsets.UTF_8).substring(first.length());
        assertTrue(second.contains("sweep nightly-it: run_date 2026-01-01 → 2026-01-02, 2 cells in both"), second);
        assertTrue(second.contains("0 with |ΔIIA| > 0.02"), second);
        assertTrue(second.contains("best IIA per variable set × layer"), "the run's summary keeps ×: " + second);
        assertFalse(second.contains("nightly.sh: compare exit 3"), second);
        assertTrue(Files.isDirectory(out.resolve("trials/sweep=nightly-it/run_date=2026-01-02")));
    }
}
