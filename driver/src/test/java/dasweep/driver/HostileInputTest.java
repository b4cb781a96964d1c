package dasweep.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import dasweep.executor.spec.Limits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input a hostile-but-fair user might pass: each is refused with one line naming the file and field, exit 2,
 * no output directory, in bounded time — before anything is built, trained or read whole.
 */
class HostileInputTest {
    @TempDir
    Path dir;

    /** Runs {@code dasweep run} on the sweep text into {@code out}; asserts the exit code and one line; returns it. */
    String run(int expectedCode, String sweep, Path out, String... options) throws IOException {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, sweep);
        StringWriter err = new StringWriter();
        String[] args = new String[4 + options.length];
        System.arraycopy(new String[] {"run", file.toString(), "--out", out.toString()}, 0, args, 0, 4);
        System.arraycopy(options, 0, args, 4, options.length);
        int code = assertTimeoutPreemptively(Duration.ofSeconds(120),
                () -> Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), args));
        assertEquals(expectedCode, code, err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        return err.toString().strip().replace("dasweep: " + file + ": ", "");
    }

    /** Bad input: exit 2, no output directory; returns the line without its {@code dasweep: <file>:} prefix. */
    String refused(String sweep, String... options) throws IOException {
        Path out = dir.resolve("out");
        String line = run(2, sweep, out, options);
        assertFalse(Files.exists(out), "no output directory");
        return line;
    }

    @Test
    void anOversizedSweepFileIsRefusedBeforeTheParserSeesIt() throws IOException {
        String huge = BadSweepTest.GOOD + "description: \"" + "x".repeat(2 << 20) + "\"\n";
        assertEquals("(file): a sweep file must be at most 1048576 bytes (found " + (huge.length()) + " bytes)",
                refused(huge));
    }

    @Test
    void aSecondYamlDocumentIsRefused() throws IOException {
        String msg = refused(BadSweepTest.GOOD + "---\nname: other\n");
        assertEquals(true, msg.endsWith("malformed YAML: a sweep file holds one YAML document; found a second one"), msg);
    }

    @Test
    void echoedValuesAreCut() throws IOException {
        String name = "n".repeat(5000);
        assertEquals("name: must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit (found '"
                + "n".repeat(79) + "… (5002 characters))", refused(BadSweepTest.GOOD.replace("name: unit", "name: " + name)));
    }

    @Test
    void aGridOverTheCapIsRefusedWithoutBuildingIt() throws IOException {
        String huge = BadSweepTest.GOOD.replace("count: 2", "count: 2000000000");
        String expected = "grid: expands to 12,000,000,000 trials, more than the 200,000 allowed; raise the cap with "
                + "--max-trials";
        assertEquals(expected, refused(huge));
        assertEquals(expected, refused(huge, "--dry-run"));
        assertEquals("grid: expands to 12 trials, more than the 10 allowed; raise the cap with --max-trials",
                refused(BadSweepTest.GOOD, "--max-trials", "10"));
    }

    @Test
    void devicesAndFifosAreNotWeightsFiles() throws IOException, InterruptedException {
        String zero = BadSweepTest.GOOD.replace("networks:\n", "networks:\n  imported:\n    - {name: z, path: /dev/zero, objective: equal}\n");
        assertEquals("networks.imported[0].path: cannot read the weights file: not a regular file (found '/dev/zero')",
                refused(zero));
        Path fifo = dir.resolve("fifo.pth");
        if (new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0) {
            assertEquals("networks.imported[0].path: cannot read the weights file: not a regular file (found '" + fifo + "')",
                    refused(zero.replace("/dev/zero", fifo.toString())));
        }
    }

    @Test
    void aRunDateOutsideASaneRangeIsRefused() throws IOException {
        assertEquals("dasweep: --run-date: must be a date yyyy-MM-dd between 2000-01-01 and 2999-12-31 (found "
                + "'+99999-01-01')", refused(BadSweepTest.GOOD, "--run-date", "+99999-01-01"));
    }

    @Test
    void aTrialThatCannotFitIsRefusedBeforeAnyNetworkIsTrained() throws IOException {
        String msg = refused(BadSweepTest.GOOD.replace("n_train: 256", "n_train: 2700000"));
        assertEquals(true, msg.startsWith("data.n_train: a trial needs about "), msg);
        assertEquals(true, msg.endsWith("an executor has (found 2700000)"), msg);
    }

    /** A run that fails: exit 1 and one line. */
    String failed(Path out, String... options) throws IOException {
        return run(1, BadSweepTest.GOOD.replace("images: 2000", "images: 200"), out, options);
    }

    @Test
    void sparkAndHadoopFailuresAreOneLine() throws IOException {
        Path out = dir.resolve("out-master");
        String master = failed(out, "--master", "garbage://nowhere");
        assertEquals(true, master.startsWith("dasweep: run failed: "), master);
        assertFalse(Files.exists(out), "nothing written");

        Path readOnly = dir.resolve("read-only");
        Files.createDirectories(readOnly);
        readOnly.toFile().setWritable(false);
        try {
            if (!Files.isWritable(readOnly)) {    // root ignores permissions
                String ro = failed(readOnly.resolve("out"));
                assertEquals(true, ro.startsWith("dasweep: run failed: "), ro);
            }
        } finally {
            readOnly.toFile().setWritable(true);
        }
    }

    /** Issue 20: these passed validation, took the lock, trained, then failed with 154 lines and exit 1. */
    @Test
    void imageCountsBeyondTheEnginesLimitAreRefusedBeforeTheLock() throws IOException {
        assertEquals("networks.trained.images: must be between 1 and " + Limits.MAX_IMAGES + " (images in one pool) "
                + "(found 2147483647)", refused(BadSweepTest.GOOD.replace("images: 2000", "images: 2147483647")));
        assertEquals("data.n_test: must be between 1 and " + Limits.MAX_IMAGES + " (images in one pool) "
                + "(found 2000000000)", refused(BadSweepTest.GOOD.replace("n_test: 500", "n_test: 2000000000")));
        assertEquals("data.n_eval: must be between 1 and " + Limits.MAX_IMAGES + " (images in one pool) "
                + "(found 2000000000)", refused(BadSweepTest.GOOD.replace("n_eval: 200", "n_eval: 2000000000")));
    }

    @Test
    void baseNetworksThatCannotFitAreRefusedBeforeTheLock() throws IOException {
        String msg = refused(BadSweepTest.GOOD.replace("images: 2000", "images: 2700000"));
        assertEquals(true, msg.startsWith("networks.trained.images: training a base network needs about "), msg);
        assertEquals(true, msg.endsWith("an executor has (found 2700000)"), msg);
    }

    /** spark.dasweep.* properties are checked like sweep fields: exit 2, one line naming the property. */
    @Test
    void dasweepSparkPropertiesAreValidatedBeforeSparkStarts() throws IOException {
        assertEquals("dasweep: spark.dasweep.threadsPerTask: must be a whole number between 1 and 256 (threads) "
                + "(found 'abc')", refused(BadSweepTest.GOOD, "--conf", "spark.dasweep.threadsPerTask=abc"));
        assertEquals("dasweep: spark.dasweep.threadsPerTask: must be between 1 and 256 (threads) (found 0)",
                refused(BadSweepTest.GOOD, "--conf", "spark.dasweep.threadsPerTask=0"));
        assertEquals("dasweep: spark.dasweep.threadsPerTask: must be between 1 and 256 (threads) (found -5)",
                refused(BadSweepTest.GOOD, "--conf", "spark.dasweep.threadsPerTask=-5"));
        assertEquals("dasweep: spark.dasweep.threadsPerTsk: unknown dasweep property, expected "
                + "spark.dasweep.threadsPerTask or spark.dasweep.progressSeconds (found '2')",
                refused(BadSweepTest.GOOD, "--conf", "spark.dasweep.threadsPerTsk=2"));
        assertEquals("dasweep: spark.dasweep.progressSeconds: must be a whole number of seconds between 1 and 86400 "
                + "(found 'soon')", refused(BadSweepTest.GOOD, "--conf", "spark.dasweep.progressSeconds=soon"));
        assertEquals("dasweep: spark.dasweep.progressSeconds: must be a whole number of seconds between 1 and 86400 "
                + "(found 0)", refused(BadSweepTest.GOOD, "--conf", "spark.dasweep.progressSeconds=0"));
    }

    /** A sweep name with ESC, CR and BEL is echoed with its control characters shown, never sent to the terminal. */
    @Test
    void echoedControlCharactersAreEscaped() throws IOException {
        String msg = refused(BadSweepTest.GOOD.replace("name: unit", "name: \"a\\e[31mb\\rc\\a\""));
        assertEquals("name: must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit (found "
                + "'a\\e[31mb\\rc\\x07')", msg);
    }
}
