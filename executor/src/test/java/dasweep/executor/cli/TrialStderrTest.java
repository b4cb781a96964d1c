package dasweep.executor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dasweep.executor.torch.Torch;
import dasweep.executor.weights.SharedModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 20: a real trial in its own JVM (libtorch warns once per process, so only a fresh process shows it) writes
 * no libtorch deprecation warning and no ANSI code on stderr. The control: the DJL call that used to load weights
 * ({@code NDArray.set(Buffer)}, libtorch's {@code AutoNonVariableTypeMode}) still prints the line in a process of its
 * own, so this test sees libtorch's stderr and would see the line come back.
 */
class TrialStderrTest {
    static final String DEPRECATED = "AutoNonVariableTypeMode";

    @TempDir
    Path dir;

    /** The subprocess: {@code trial ARGS...} runs the trial command; {@code set-buffer} the DJL call alone. */
    public static void main(String[] args) {
        if (args.length == 1 && args[0].equals("set-buffer")) {
            Torch.threads(1);
            try (NDManager manager = NDManager.newBaseManager()) {
                manager.zeros(new Shape(2)).set(new float[] {1, 2});
            }
            System.exit(0);
        }
        System.exit(new CommandLine(new TrialCommand()).execute(args));
    }

    record Outcome(int code, String out, String err) {
    }

    Outcome java(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), TrialStderrTest.class.getName()));
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the subprocess did not end in 5 minutes");
        return new Outcome(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void aTrialsStderrHasNoDeprecationLineAndNoAnsiCodes() throws Exception {
        Outcome o = java("--weights", SharedModels.pth().toString(), "--n-train", "256", "--n-eval", "128",
                "--epochs", "1", "--threads", "1", "--variables", "color", "--layer", "conv2", "--view", "flat",
                "--intervention", "low_rank", "--k", "8");
        assertEquals(0, o.code, o.err);
        assertTrue(o.out.contains("\"iia\""), o.out);
        assertFalse(o.err.contains(DEPRECATED), o.err);
        assertFalse(o.err.contains("[0m") || o.err.contains("\u001b"), o.err);
    }

    @Test
    void theOldWeightsCopyStillWarnsSoTheTestSeesLibtorchsStderr() throws Exception {
        Outcome o = java("set-buffer");
        assertEquals(0, o.code, o.err);
        assertEquals(1, o.err.lines().filter(l -> l.contains(DEPRECATED)).count(), o.err);
    }
}
