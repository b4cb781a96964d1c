package dasweep.executor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dasweep.executor.spec.TrialSpec;
import dasweep.executor.spec.StepFlops;
import dasweep.executor.spec.Site;
import dasweep.executor.spec.View;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code dasweep bench}: argument handling and the JSON's shape, on a tiny trial (timings are not asserted). */
class BenchCommandTest {
    record Outcome(int code, String out, String err) {
    }

    static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new BenchCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args);
        return new Outcome(code, out.toString(), err.toString());
    }

    @Test
    void packTimesTheSameTrialsPackedAndUnpacked() throws Exception {
        Outcome o = run("--config", "paper-fc1", "--pack", "3", "--pairs", "64", "--epochs", "1", "--repeat", "2",
                "--threads", "1");
        assertEquals(0, o.code(), o.err());
        JsonNode j = new ObjectMapper().readTree(o.out().strip());
        assertEquals(3, j.get("pack_size").asInt());
        assertEquals(2, j.get("packed_seconds").size());
        assertEquals(2, j.get("unpacked_seconds").size());
        assertTrue(j.get("ratio_unpacked_to_packed").asDouble() > 0, o.out());
        assertTrue(j.get("max_iia_gap").asDouble() <= 0.005, o.out());
        assertEquals("circularity+color+area", j.get("variables").get(0).asText());
        Outcome tooMany = run("--config", "paper-fc1", "--pack", "8");
        assertEquals(2, tooMany.code());
        assertTrue(tooMany.err().startsWith("dasweep bench: --pack: must be between 1 and 7 at fc1"), tooMany.err());
    }

    @Test
    void aTinyRunPrintsOneJsonObjectWithTheTimingsAndTheTrial() throws Exception {
        Outcome o = run("--config", "paper-fc1", "--pairs", "64", "--epochs", "2", "--repeat", "2", "--threads", "1",
                "--matmul-size", "64");
        assertEquals(0, o.code(), o.err());
        String[] lines = o.out().strip().split("\n");
        assertEquals(1, lines.length, o.out());
        JsonNode j = new ObjectMapper().readTree(lines[0]);
        assertEquals("paper-fc1", j.get("config").asText());
        assertEquals(2, j.get("repeat").asInt());
        assertEquals(1, j.get("threads").asInt());
        assertEquals(2, j.get("epoch_seconds").size());
        assertEquals(2, j.get("epoch_seconds").get(0).size());
        assertEquals(2, j.get("iia_per_run").size());
        assertEquals(j.get("iia_per_run").get(0).asDouble(), j.get("iia_per_run").get(1).asDouble(), 0.0,
                "same spec, same thread count: same IIA");
        for (String positive : List.of("seconds_per_epoch", "pairs_per_second", "epoch_gflop", "achieved_gflops",
                "matmul_peak_gflops", "peak_rss_mib")) {
            assertTrue(j.get(positive).asDouble() > 0, positive + " in " + lines[0]);
        }
        assertTrue(j.get("iia").asDouble() >= 0 && j.get("iia").asDouble() <= 1);
        assertTrue(j.get("site_cache").asBoolean());
        assertEquals("fc1", j.get("layer").asText(), lines[0]);
        assertEquals(64, j.get("n_train").asInt(), lines[0]);
        assertEquals(6, j.get("n_eval").asInt(), lines[0]);
        assertEquals(512, j.get("batch_size").asInt(), lines[0]);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--config conv9|--config: unknown configuration, expected one of seed, paper-conv1, paper-conv2, paper-conv3, paper-fc1",
        "--repeat 0|--repeat: must be positive",
        "--threads 0|--threads: must be between 1 and 256 (threads)",
        "--pairs 0|--pairs: must be between 1 and 2739137 (images in one pool)",
    })
    void badInputIsOneLineNamingTheOptionAndExitCodeTwo(String args, String message) {
        Outcome o = run(args.split(" "));
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().startsWith("dasweep bench: " + message), o.err());
        assertEquals(1, o.err().strip().split("\n").length, o.err());
        assertEquals("", o.out());
    }

    @Test
    void theConfigurationsAreTheSeedTrialAndThePaperSettingPerLayer() {
        TrialSpec seed = BenchCommand.Config.SEED.spec(null, null);
        assertEquals(Site.CONV1, seed.intervention().site());
        assertEquals(View.ROWS, seed.intervention().view());
        assertEquals(64, seed.intervention().k());
        assertEquals(256, seed.training().batchSize());
        assertEquals(10_000, seed.data().nTrain());
        assertEquals(3, seed.training().epochs());
        TrialSpec conv3 = BenchCommand.Config.PAPER_CONV3.spec(null, null);
        assertEquals(View.FLAT, conv3.intervention().view());
        assertEquals(4, conv3.intervention().k());
        assertEquals(512, conv3.training().batchSize());
        assertEquals(1, BenchCommand.Config.PAPER_FC1.spec(null, null).intervention().k());
    }

    @Test
    void theStepCountsTheLayersAboveTheSiteAndBelowItOnlyWithoutTheCache() {
        TrialSpec conv3 = BenchCommand.Config.PAPER_CONV3.spec(null, null);
        // above conv3: fc1 3136→3 and fc2 3→1; interchange (n = 3136, k = 4) forward 4nk, backward 2× that
        double perPair = 3 * 4.0 * 3136 * 4 + 2 * (2.0 * 3136 * 3 + 2.0 * 3);
        assertEquals(perPair, StepFlops.perPair(conv3, true), 1e-6);
        // below conv3, once for the base and once for the source: conv1 28², conv2 14², conv3 7²
        double below = 2.0 * 9 * (1 * 16 * 784 + 16 * 32 * 196 + 32 * 64 * 49);
        assertEquals(perPair + 2 * below, StepFlops.perPair(conv3, false), 1e-6);
    }
}
