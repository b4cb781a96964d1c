package dasweep.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dasweep.driver.run.ProgressFile;
import dasweep.driver.run.RunOptions;
import dasweep.driver.run.RunProgress;
import dasweep.driver.run.RunResult;
import dasweep.driver.run.SweepRunner;
import dasweep.driver.run.TrialFunction;
import dasweep.driver.spark.DasweepProperties;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Progress without a terminal on a real {@code local[2]} sweep (6 trials in 2 packs of 3): a line every
 * {@code spark.dasweep.progressSeconds} (1 s here) counting trials with an ETA, and {@code <out>/_progress.json},
 * finished at the end and never part of the table; after a crash, the resumed run counts its adopted trials as done.
 */
@Tag("integration")
class ProgressIntegrationTest {
    static final Pattern LINE = Pattern.compile("dasweep: trials (\\d+)/6 done \\((\\d+) failed\\), networks (\\d)/1, "
            + "\\S+ elapsed, (ETA \\S+ \\((cost model.*)\\)|ended)");

    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark("dasweep-progress-it");

    @TempDir
    Path dir;

    @BeforeAll
    static void everySecond() {
        SPARK.session().conf().set(DasweepProperties.PROGRESS_SECONDS, "1");
    }

    record Run(RunResult result, String err) {
    }

    Run run(RunOptions opts, TrialFunction function) {
        StringWriter err = new StringWriter();
        RunResult r = new SweepRunner(opts.withProgress(RunProgress.Mode.LINES), new PrintWriter(System.out, true),
                new PrintWriter(err, true), function).run(SPARK.session());
        System.err.print(err);
        return new Run(r, err.toString());
    }

    Path sweep(String name) throws IOException {
        Path f = dir.resolve(name + ".yaml");
        Files.writeString(f, PackedSweepIntegrationTest.SWEEP.formatted(name, ""));
        return f;
    }

    JsonNode progressFile() throws IOException {
        return new ObjectMapper().readTree(dir.resolve("out").resolve(ProgressFile.NAME).toFile());
    }

    @Test
    void withoutATerminalALineEverySecondAndAProgressFileCountTrials() throws IOException {
        Run run = run(RunOptions.of(sweep("unit-progress"), dir.resolve("out").toString()), TrialFunction.ENGINE);
        assertEquals(0, run.result().exitCode(), run.err());
        List<Matcher> lines = run.err().lines().map(LINE::matcher).filter(Matcher::matches).toList();
        assertTrue(lines.size() >= 3, "a line a second, and one at the end: " + run.err());
        long previous = 0;
        for (Matcher m : lines) {
            long done = Long.parseLong(m.group(1));
            assertTrue(done >= previous, "the count never goes back: " + run.err());
            previous = done;
        }
        assertTrue(lines.stream().anyMatch(m -> m.group(4).startsWith("ETA")), run.err());
        Matcher last = lines.get(lines.size() - 1);
        assertEquals(List.of("6", "0", "1", "ended"), List.of(last.group(1), last.group(2), last.group(3),
                last.group(4)), run.err());

        JsonNode p = progressFile();
        assertEquals("finished", p.get("state").asText(), p.toString());
        assertEquals("unit-progress", p.get("sweep").asText());
        assertEquals(run.result().runId(), p.get("run_id").asText());
        assertEquals(6, p.get("trials_done").asInt());
        assertEquals(6, p.get("trials_total").asInt());
        assertEquals(0, p.get("trials_failed").asInt());
        assertEquals(1, p.get("networks_done").asInt());
        assertEquals(1, p.get("networks_total").asInt());
        assertTrue(p.get("eta_seconds").isNull(), p.toString());
        assertFalse(Instant.parse(p.get("updated").asText()).isBefore(Instant.parse(p.get("started").asText())));

        assertEquals(6, SPARK.session().read().parquet(dir.resolve("out/trials").toString()).count());
        try (Stream<Path> files = Files.walk(dir.resolve("out/trials"))) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().contains(ProgressFile.NAME)));
        }
    }

    @Test
    void aResumedRunCountsItsAdoptedTrialsAsDone() throws IOException, InterruptedException {
        Path f = sweep("unit-progress-resume");
        String out = dir.resolve("out").toString();
        Run crashed = run(RunOptions.of(f, out), new PackedSweepIntegrationTest.CrashAfterFirstReport());
        assertEquals(1, crashed.result().exitCode(), crashed.err());
        assertEquals("failed", progressFile().get("state").asText(), "a run without its commit");
        SPARK.awaitNoRunningTasks();

        Run resumed = run(RunOptions.of(f, out).withResume(true), TrialFunction.ENGINE);
        assertEquals(0, resumed.result().exitCode(), resumed.err());
        assertTrue(resumed.result().adopted() > 0 && resumed.result().computed() < 6, resumed.result().toString());
        JsonNode p = progressFile();
        assertEquals("finished", p.get("state").asText());
        assertEquals(6, p.get("trials_done").asInt(), "adopted " + resumed.result().adopted() + " + computed "
                + resumed.result().computed() + ": " + p);
    }
}
