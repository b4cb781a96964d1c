package dasweep.executor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dasweep.executor.Notebook;
import dasweep.executor.weights.PthFixtures;
import dasweep.executor.weights.SharedModels;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code dasweep trial}: one JSON line on success; bad input is one line on stderr and exit code 2. */
class TrialCommandTest {
    @TempDir
    static Path dir;
    static String notebook;

    record Outcome(int code, String out, String err) {
    }

    @BeforeAll
    static void files() throws IOException {
        notebook = SharedModels.pth().toString();
        byte[] good = Files.readAllBytes(SharedModels.safetensors());
        Files.write(dir.resolve("truncated.safetensors"), Arrays.copyOf(good, good.length / 2));
        Files.write(dir.resolve("empty.pth"), new byte[0]);
        Files.write(dir.resolve("evil.pth"), PthFixtures.zipWithPickle(
                new PthFixtures.Pickle().proto().global("os", "system").raw('.').bytes()));
        var tensors = new java.util.LinkedHashMap<>(Notebook.weights().tensors());
        tensors.put("fc1.weight", new dasweep.executor.weights.Tensor(new long[] {3, 3000}, new float[9000]));
        Files.write(dir.resolve("wrong-shape.safetensors"),
                dasweep.executor.weights.Safetensors.write(tensors, java.util.Map.of()));
    }

    static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new TrialCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args);
        return new Outcome(code, out.toString(), err.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--variables colour|--variables: unknown variable, expected one of circularity, color, area (found 'colour')",
        "--variables color,color|--variables: must not repeat a variable (found [COLOR, COLOR])",
        "--layer conv4|--layer: unknown layer, expected one of conv1, conv2, conv3, fc1 (found 'conv4')",
        "--view diagonal|--view: unknown view, expected one of rows, flat (found 'diagonal')",
        "--intervention full|--intervention: unknown intervention, expected one of rotated, low_rank, vanilla (found 'full')",
        "--k 449|--k: must be at most 448, the features of site conv1/rows (found 449)",
        "--k 0|--k: must be positive (found 0)",
        "--multi-source --k 225|--k: k × 2 sources must be at most 448, the features of site conv1/rows (found 225)",
        "--layer fc1|--view: rows needs a convolutional layer (conv1, conv2, conv3); use flat at fc1 (found rows)",
        "--layer conv1 --view flat|--intervention: rotated learns an n×n matrix; site conv1/flat has n = 12544 > 4096, use low_rank (found rotated)",
        "--lr NaN|--lr: must be a positive finite number (found NaN)",
        "--lr -0.001|--lr: must be a positive finite number (found -0.001)",
        "--lr Infinity|--lr: must be a positive finite number (found Infinity)",
        "--batch 0|--batch-size: must be positive (found 0)",
        "--batch-size 0|--batch-size: must be positive (found 0)",
        "--k four|--k: must be an integer (found 'four')",
        "--epochs -1|--epochs: must be positive (found -1)",
        "--n-train 0|--n-train: must be between 1 and 2739137 (images in one pool) (found 0)",
        "--n-eval -3|--n-eval: must be between 1 and 2739137 (images in one pool) (found -3)",
        "--threads 0|--threads: must be between 1 and 256 (threads) (found 0)",
        "--threads 100000|--threads: must be between 1 and 256 (threads) (found 100000)",
        "--n-eval 2000000000|--n-eval: must be between 1 and 2739137 (images in one pool) (found 2000000000)",
        "--objective 0.4,0.4|--objective: must hold 3 numbers (circularity, color, area) (found [0.4, 0.4])",
        "--objective 0.4,NaN,0.4|--objective: must be finite numbers (found [0.4, NaN, 0.4])",
        "--flatten nhwc|--flatten: unknown flatten layout, expected one of channels_first, channels_last (found 'nhwc')",
        "--flatten channels_last|--flatten: applies to an imported network; give --weights too (found 'channels_last')",
    })
    void badOptionsAreOneLineAndExitTwo(String args, String message) {
        Outcome o = run(args.split(" "));
        assertEquals(2, o.code, o.err);
        assertEquals("dasweep trial: " + message, o.err.strip());
        assertEquals("", o.out);
    }

    @Test
    void badWeightsFilesAreOneLineAndExitTwo() {
        String[][] cases = {
            {"missing.pth", ": no such file"},
            {"truncated.safetensors", ": truncated: tensor conv3.weight ends at data byte 92928"},
            {"empty.pth", ": the file is empty"},
            {"evil.pth", ": pickle asks for os.system; only tensor-rebuilding globals are allowed"},
            {"wrong-shape.safetensors", ": tensor fc1.weight has shape (3, 3000), expected (3, 3136)"},
        };
        for (String[] c : cases) {
            String path = dir.resolve(c[0]).toString();
            Outcome o = run("--weights", path);
            assertEquals(2, o.code, c[0] + ": " + o.err);
            assertTrue(o.err.startsWith("dasweep trial: --weights: " + path + c[1]), o.err);
            assertEquals(1, o.err.strip().lines().count(), o.err);
            assertEquals("", o.out);
        }
    }

    @Test
    void optionsOfTheWrongTypeExitTwo() {
        Outcome o = run("--k", "many");
        assertEquals(2, o.code);
        assertEquals("dasweep trial: --k: must be an integer (found 'many')", o.err.strip());
        o = run("--multi-source=maybe");
        assertEquals(2, o.code);
        assertTrue(o.err.contains("--multi-source"), o.err);
    }

    @Test
    void aSmallTrialPrintsOneJsonLine() throws IOException {
        List<String> args = new ArrayList<>(List.of("--weights", notebook, "--n-train", "256", "--n-eval", "128",
                "--epochs", "1", "--threads", "1", "--variables", "color", "--layer", "conv2", "--view", "flat",
                "--intervention", "low_rank", "--k", "8"));
        Outcome o = run(args.toArray(String[]::new));
        assertEquals(0, o.code, o.err);
        assertEquals(1, o.out.strip().lines().count(), o.out);
        JsonNode json = new ObjectMapper().readTree(o.out);
        for (String field : List.of("iia", "trivial_iia", "base_accuracy", "final_loss", "orthogonality_error",
                "epoch_seconds", "train_seconds", "device")) {
            assertTrue(json.has(field), field + " missing from " + o.out);
        }
        double iia = json.get("iia").asDouble();
        assertTrue(iia >= 0 && iia <= 1, o.out);
        assertEquals("conv2", json.get("layer").asText());
        assertEquals(8, json.get("k").asInt());
        assertEquals(1, json.get("epoch_seconds").size());
    }

    @Test
    void theFlattenLayoutOfAKerasNetworkIsAppliedOnImport() throws IOException {
        String paper = SharedModels.paperPth().toString();
        List<String> args = List.of("--weights", paper, "--flatten", "channels_last", "--n-train", "256",
                "--n-eval", "512", "--epochs", "1", "--threads", "1", "--variables", "color", "--layer", "fc1",
                "--view", "flat", "--intervention", "low_rank", "--k", "1");
        Outcome o = run(args.toArray(String[]::new));
        assertEquals(0, o.code, o.err);
        JsonNode json = new ObjectMapper().readTree(o.out);
        assertEquals("channels_last", json.get("flatten").asText());
        assertTrue(json.get("network_test_accuracy").asDouble() >= 0.93, o.out);
        assertTrue(json.get("base_accuracy").asDouble() >= 0.93, o.out);
    }

    /**
     * Issue 20: {@code --weights} on a device, a FIFO or a sparse giant ran out of memory or hung; it is read through
     * the sweeps' bounded reader ({@code WeightsFile}): exit 2, one line, in seconds, nothing read.
     */
    @Test
    void devicesFifosAndGiantsAreNotWeightsFiles() throws Exception {
        Outcome zero = run("--weights", "/dev/zero");
        assertEquals(2, zero.code, zero.err);
        assertEquals("dasweep trial: --weights: /dev/zero: not a regular file", zero.err.strip());
        Path sparse = dir.resolve("sparse.pth");
        try (var f = new java.io.RandomAccessFile(sparse.toFile(), "rw")) {
            f.setLength(3L << 30);    // 3 GB, no blocks on disk
        }
        Outcome giant = run("--weights", sparse.toString());
        assertEquals(2, giant.code, giant.err);
        assertEquals("dasweep trial: --weights: " + sparse + ": the file has 3221225472 bytes, more than the "
                + "67108864 read", giant.err.strip());
        Path fifo = dir.resolve("fifo.pth");
        if (new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0) {
            Outcome f = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
                    () -> run("--weights", fifo.toString()));
            assertEquals(2, f.code, f.err);
            assertEquals("dasweep trial: --weights: " + fifo + ": not a regular file", f.err.strip());
        }
        assertEquals("", zero.out + giant.out);
    }
}
