package dasweep.driver.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dasweep.driver.spark.NetworkStore;
import dasweep.driver.spark.StoredNetwork;
import dasweep.executor.Hashes;
import dasweep.executor.TrialResult;
import dasweep.executor.TrialSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What one trial task does, without Spark: read the network, run the function, stage the outcome. */
class TrialTaskTest {
    @TempDir
    Path tmp;

    static final byte[] NETWORK = "network bytes".getBytes(StandardCharsets.UTF_8);
    static final TrialSpec SPEC = TrialSpec.builder().k(16).build();
    static final TrialResult RESULT = new TrialResult(0.8, 0.5, 0.9, 0.3, List.of(0.3), 1e-6, List.of(2.0), 2, 1,
            "cpu()", 1);
    String store;
    String staging;
    TrialJob job;

    @BeforeEach
    void storeANetwork() throws IOException {
        store = tmp.resolve("networks").toUri().toString();
        staging = tmp.resolve("_staging/unit/run-1").toUri().toString();
        String sha = Hashes.sha256(NETWORK);
        new NetworkStore(store, new Configuration()).put(new StoredNetwork("key", "n", "trained", sha, 0.9, List.of(),
                1, "h", "e"), NETWORK);
        job = new TrialJob("trial-1", SPEC, "key", sha);
    }

    List<Staging.Staged> staged() throws IOException {
        return new Staging(tmp.toUri().toString(), "unit").list(new Configuration());
    }

    @Test
    void aTrialGetsItsNetworkAndItsOutcomeIsStaged() throws IOException {
        TrialsStage.Task task = new TrialsStage.Task((spec, network, threads, device) -> {
            assertEquals(SPEC, spec);
            assertEquals(new String(NETWORK, StandardCharsets.UTF_8), new String(network, StandardCharsets.UTF_8));
            assertEquals(3, threads);
            return RESULT;
        }, store, staging, 3);
        TrialOutcome o = task.run(job);
        assertTrue(o.ok());
        assertEquals(RESULT, o.result());
        assertEquals("cpu()", o.provenance().device());
        assertEquals(List.of(o), staged().stream().map(Staging.Staged::outcome).toList());
    }

    @Test
    void anExceptionBecomesAFailedOutcomeWithItsChain() throws IOException {
        TrialsStage.Task task = new TrialsStage.Task((spec, network, threads, device) -> {
            throw new IllegalStateException("boom", new ArithmeticException("root"));
        }, store, staging, 1);
        TrialOutcome o = task.run(job);
        assertEquals("FAILED", o.status());
        assertNull(o.result());
        assertTrue(o.error().startsWith("java.lang.IllegalStateException: boom\n"), o.error());
        assertTrue(o.error().contains("caused by: java.lang.ArithmeticException: root"), o.error());
        assertEquals(SPEC, o.spec(), "a failed outcome still records its spec");
        assertEquals(1, staged().size());
    }

    @Test
    void aNetworkWhoseBytesChangedFailsTheTrial() throws IOException {
        TrialOutcome o = new TrialsStage.Task((spec, network, threads, device) -> RESULT, store, staging, 1)
                .run(new TrialJob("trial-2", SPEC, "key", "0".repeat(64)));
        assertTrue(o.error().contains("has sha256"), o.error());
    }
}
