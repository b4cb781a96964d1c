package dasweep.driver.run;

import dasweep.driver.trial.Pack;
import dasweep.driver.trial.RunInfo;
import dasweep.driver.trial.Trial;
import dasweep.driver.trial.TrialIds;
import dasweep.driver.trial.TrialOutcome;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dasweep.driver.spark.NetworkStore;
import dasweep.driver.trial.StoredNetwork;
import dasweep.executor.spec.Hashes;
import dasweep.executor.spec.TrialResult;
import dasweep.executor.spec.TrialSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
    static final RunInfo RUN = new RunInfo("run-1", "unit", "2026-12-03", "4.2.0");
    String store;
    String staging;
    StoredNetwork stored;
    Trial job;

    @BeforeEach
    void storeANetwork() throws IOException {
        store = tmp.resolve("networks").toUri().toString();
        staging = tmp.resolve("_staging/unit/run-1").toUri().toString();
        String sha = Hashes.sha256(NETWORK);
        stored = new StoredNetwork("key", "n", "trained", sha, 0.9, List.of(), 1, "h", "e");
        new NetworkStore(store, new Configuration()).put(stored, NETWORK);
        job = trial("trial-1", SPEC, stored);
    }

    static Trial trial(String id, TrialSpec spec, StoredNetwork on) {
        return new Trial(id, 0, spec, on.name(), on.source(), 0, on, null);
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
        }, store, staging, 3, RUN);
        TrialOutcome o = task.run(job);
        assertTrue(o.ok());
        assertEquals(RESULT, o.result());
        assertEquals("cpu()", o.provenance().device());
        List<Staging.Staged> staged = staged();
        assertEquals(1, staged.size());
        assertEquals("trial-1", staged.get(0).trialId());
        assertTrue(staged.get(0).ok());
        assertEquals("run-1", staged.get(0).runId());
        assertEquals(0.8, staged.get(0).row().get("iia").asDouble());
        assertEquals(TrialIds.specJson(SPEC), staged.get(0).row().get("spec_json").asText(),
                "staged in the table's column names, the spec as spec_json");
    }

    @Test
    void anExceptionBecomesAFailedOutcomeWithItsChain() throws IOException {
        TrialsStage.Task task = new TrialsStage.Task((spec, network, threads, device) -> {
            throw new IllegalStateException("boom", new ArithmeticException("root"));
        }, store, staging, 1, RUN);
        TrialOutcome o = task.run(job);
        assertEquals("FAILED", o.status());
        assertNull(o.result());
        assertTrue(o.error().startsWith("java.lang.IllegalStateException: boom\n"), o.error());
        assertTrue(o.error().contains("caused by: java.lang.ArithmeticException: root"), o.error());
        assertEquals(1, staged().size());
        assertTrue(!staged().get(0).ok());
        assertEquals(TrialIds.specJson(SPEC), staged().get(0).row().get("spec_json").asText(),
                "a failed trial's staged row still records its spec");
    }

    @Test
    void aStoreThatCannotBeWrittenFailsTheTaskNotTheTrial() throws IOException {
        Path blocked = tmp.resolve("blocked");
        Files.writeString(blocked, "a file where the staging folder should be");
        String unwritable = blocked.resolve("run-1").toUri().toString();
        TrialsStage.Task task = new TrialsStage.Task((spec, network, threads, device) -> RESULT, store, unwritable, 1,
                RUN);
        StoreFailure e = assertThrows(StoreFailure.class, () -> task.run(job), "a task failure, Spark retries it");
        assertTrue(e.getMessage().startsWith("cannot write ") && e.getMessage().contains(blocked + "/run-1/trial-1"),
                e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
        // as the run's one line finds it in Spark's job failure (the task's exception as text, or as a cause)
        RuntimeException spark = new RuntimeException("Job aborted due to stage failure: Task 0 in stage 3.0 failed 2 "
                + "times, most recent failure: Lost task 0.1: " + e + "\n\tat dasweep.driver.run.Staging.write");
        assertEquals(e.getMessage(), StoreFailure.in(spark).orElseThrow());
        assertEquals(e.getMessage(), StoreFailure.in(new RuntimeException("job failed", e)).orElseThrow());
        assertTrue(StoreFailure.in(new IllegalStateException("NaN loss")).isEmpty());
    }

    @Test
    void aNetworkMissingFromTheStoreFailsTheTask() {
        byte[] other = "other network".getBytes(StandardCharsets.UTF_8);
        StoredNetwork missing = new StoredNetwork("gone", "n", "trained", Hashes.sha256(other), 0.9, List.of(), 1,
                "h", "e");
        TrialsStage.Task task = new TrialsStage.Task((spec, network, threads, device) -> RESULT, store, staging, 1, RUN);
        StoreFailure e = assertThrows(StoreFailure.class, () -> task.run(trial("trial-3", SPEC, missing)));
        assertTrue(e.getMessage().startsWith("cannot read ") && e.getMessage().contains("gone.safetensors"),
                e.getMessage());
    }

    @Test
    void aNetworkWhoseBytesChangedFailsTheTrial() throws IOException {
        TrialOutcome o = new TrialsStage.Task((spec, network, threads, device) -> RESULT, store, staging, 1, RUN)
                .run(trial("trial-2", SPEC, new StoredNetwork("key", "n", "trained", "0".repeat(64), 0.9, List.of(), 1,
                        "h", "e")));
        assertTrue(o.error().contains("has sha256"), o.error());
    }

    static TrialResult withSubspace(long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        float[] basis = new float[SPEC.features() * 16];
        for (int i = 0; i < basis.length; i++) {
            basis[i] = (float) r.nextGaussian();
        }
        return new TrialResult(0.8, 0.5, 0.9, 0.3, List.of(0.3), 1e-6, List.of(2.0), 2, 1, "cpu()", 1, 0.75, 0.2,
                new dasweep.executor.spec.Subspace(SPEC.features(), 16, 1, basis));
    }

    @Test
    void aKeptSubspaceIsStoredOnceByItsHashAndNamedInTheOutcome() throws IOException {
        String subspaces = tmp.resolve("subspaces").toUri().toString();
        TrialResult result = withSubspace(1);
        TrialsStage.Task task = new TrialsStage.Task((spec, network, threads, device) -> result, store, staging, 1, RUN,
                subspaces);
        TrialOutcome o = task.run(job);
        assertTrue(o.ok());
        assertNull(o.result().subspace(), "the basis stays in the store, it does not travel back to the driver");
        assertEquals(0.75, o.result().iiaHeldout());
        byte[] file = dasweep.driver.spark.SubspaceStore.read(o.subspaceUri(), o.subspaceSha256(), new Configuration());
        assertTrue(o.subspaceUri().endsWith("/subspaces/" + o.subspaceSha256() + ".safetensors"), o.subspaceUri());
        assertEquals(result.subspace(), dasweep.executor.weights.SubspaceFile.decode(file, "kept").subspace());
        assertEquals(o.subspaceUri(), staged().get(0).row().get("subspace_uri").asText(), "staged with its uri");
        TrialOutcome again = task.run(trial("trial-9", SPEC, stored));
        assertEquals(o.subspaceUri(), again.subspaceUri(), "write-once, by content");
        try (var files = java.nio.file.Files.list(tmp.resolve("subspaces"))) {
            assertEquals(1, files.filter(f -> !f.getFileName().toString().startsWith(".")).count(),
                    "one file (beside Hadoop's .crc), no temporaries left");
        }
    }

    @Test
    void aSweepThatKeepsNoSubspacesStoresNone() throws IOException {
        TrialOutcome o = new TrialsStage.Task((spec, network, threads, device) -> withSubspace(2), store, staging, 1,
                RUN).run(job);
        assertTrue(o.ok());
        assertNull(o.subspaceUri());
        assertNull(o.subspaceSha256());
        assertNull(o.result().subspace());
        assertEquals(0.75, o.result().iiaHeldout());
    }

    Pack pack(int n) {
        List<Trial> jobs = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            jobs.add(trial("trial-" + i, SPEC.toBuilder().seed(i).build(), stored));
        }
        return new Pack(jobs);
    }

    @Test
    void aPackReturnsAndStagesOneOutcomePerTrialAndAFailureStaysItsOwn() throws IOException {
        TrialsStage.Task task = new TrialsStage.Task((spec, network, threads, device) -> {
            if (spec.training().seed() == 1) {
                throw new IllegalStateException("member 1 only");
            }
            return RESULT;
        }, store, staging, 1, RUN);
        Pack pack = pack(3);
        List<TrialOutcome> out = task.run(pack);
        assertEquals(List.of("trial-0", "trial-1", "trial-2"), out.stream().map(TrialOutcome::trialId).toList());
        assertEquals(List.of("OK", "FAILED", "OK"), out.stream().map(TrialOutcome::status).toList());
        assertTrue(out.get(1).error().startsWith("java.lang.IllegalStateException: member 1 only"), out.get(1).error());
        assertTrue(out.stream().allMatch(o -> o.provenance().packSize() == 3 && pack.id().equals(o.provenance().packId())));
        assertEquals(3, staged().size());
    }

    @Test
    void aPackThatFailsAsAWholeFailsEveryTrialNotYetStagedWithTheReason() throws IOException {
        TrialFunction first = new TrialFunction() {
            @Override
            public TrialResult run(TrialSpec spec, byte[] network, int threads, String device) {
                return RESULT;
            }

            @Override
            public void runPack(List<TrialSpec> specs, byte[] network, int threads, String device,
                                dasweep.executor.spec.PackedTrial.Listener listener) {
                listener.finished(List.of(new dasweep.executor.spec.PackedTrial(0, RESULT, null, 0.25)));
                throw new OutOfMemoryError("pack too big");
            }
        };
        List<TrialOutcome> out = new TrialsStage.Task(first, store, staging, 1, RUN).run(pack(3));
        assertEquals(List.of("OK", "FAILED", "FAILED"), out.stream().map(TrialOutcome::status).toList());
        assertEquals("java.lang.OutOfMemoryError: pack too big", out.get(2).error().lines().findFirst().orElseThrow());
        assertEquals(0.25 + RESULT.trainSeconds() + RESULT.evalSeconds(), out.get(0).provenance().wallSeconds(), 0.1,
                "a packed trial's wall time: its setup share, its training and evaluation");
        assertEquals(3, staged().size(), "the trial staged before the failure stays, the others are staged FAILED");
    }

    @Test
    void networksAreReadOncePerJvmAndAFewAreKept() throws IOException {
        NetworkStore s = new NetworkStore(store, new Configuration());
        for (int i = 0; i < NetworkStore.CACHED + 2; i++) {
            byte[] bytes = ("network " + i).getBytes(StandardCharsets.UTF_8);
            s.put(new StoredNetwork("k" + i, "n", "trained", Hashes.sha256(bytes), 0.9, List.of(), 1, "h", "e"), bytes);
            s.read("k" + i, Hashes.sha256(bytes));
        }
        assertEquals(NetworkStore.CACHED, NetworkStore.cached());
        byte[] last = ("network " + (NetworkStore.CACHED + 1)).getBytes(StandardCharsets.UTF_8);
        java.nio.file.Files.delete(java.nio.file.Path.of(java.net.URI.create(store)).resolve("k"
                + (NetworkStore.CACHED + 1) + ".safetensors"));
        assertEquals(new String(last, StandardCharsets.UTF_8), new String(s.read("k" + (NetworkStore.CACHED + 1),
                Hashes.sha256(last)), StandardCharsets.UTF_8), "served from the JVM's cache, not the store");
    }
}
