package dasweep.executor.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dasweep.executor.spec.BaseNetwork;
import dasweep.executor.spec.BaseNetworkSpec;
import dasweep.executor.DasEngine;
import dasweep.executor.spec.SpecException;
import dasweep.executor.spec.TrialFailure;
import dasweep.executor.spec.TrialResult;
import dasweep.executor.spec.TrialField;
import dasweep.executor.spec.TrialSpec;
import dasweep.executor.spec.Objective;
import dasweep.executor.spec.Flatten;
import dasweep.executor.TrialMemory;
import dasweep.executor.spec.Limits;
import dasweep.executor.weights.WeightsException;
import dasweep.executor.weights.WeightsFile;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dasweep trial}: one DAS trial, printed as one JSON line. Defaults are the seed notebook's
 * single-source run. Bad input: one line on stderr naming the option or file, exit code 2.
 */
@Command(name = "trial", mixinStandardHelpOptions = true, sortOptions = false, modelTransformer = FieldOptions.class,
        description = "Run one DAS trial and print one JSON line (defaults: the seed notebook's run).")
public final class TrialCommand implements Callable<Integer> {
    /** The options that are not trial fields, by the field a {@link SpecException} names. */
    private static final Map<String, String> OPTION_OF_FIELD = Map.of("threads", "--threads",
            "objective.coefficients", "--objective", "objective.threshold", "--threshold");

    /** The trial fields given on the command line, as written ({@link FieldOptions}). */
    final Map<TrialField, String> given = new EnumMap<>(TrialField.class);

    @Spec
    CommandSpec command;

    @Option(names = "--weights", paramLabel = "PATH",
            description = "Network weights (.pth state_dict or .safetensors). Without it a base network is trained from --seed first.")
    Path weights;

    @Option(names = "--flatten", paramLabel = "LAYOUT",
            description = "How the --weights file's fc1 reads conv3: channels_first (PyTorch) or channels_last "
                    + "(Keras-converted networks, e.g. the paper's) (default: ${DEFAULT-VALUE}).")
    String flatten = "channels_first";

    @Option(names = "--threads", description = "Intra-op threads, 1 to " + Limits.MAX_THREADS + " (default: all cores).")
    int threads = Math.min(Limits.MAX_THREADS, Runtime.getRuntime().availableProcessors());

    @Option(names = "--objective", split = ",", paramLabel = "C",
            description = "Task coefficients for circularity,color,area (default: 0.4,0.4,0.4).")
    List<Double> objective = List.of(0.4, 0.4, 0.4);

    @Option(names = "--threshold", description = "Task threshold (default: ${DEFAULT-VALUE}).")
    double threshold = 0.6;

    @Override
    public Integer call() throws JsonProcessingException {
        TrialSpec spec;
        byte[] weightBytes = null;
        Flatten layout;
        try {
            spec = spec();
            Limits.threads(threads, "threads");
            TrialMemory.check(spec, Runtime.getRuntime().maxMemory(), "this JVM's heap");
            layout = Flatten.parse("--flatten", flatten);
            SpecException.check(weights != null || layout == Flatten.CHANNELS_FIRST, "--flatten",
                    "applies to an imported network; give --weights too", "'" + flatten + "'");
            if (weights != null) {
                weightBytes = WeightsFile.read(weights);
            }
        } catch (SpecException e) {
            return bad(option(e.field()) + ": " + e.problem());
        } catch (WeightsException e) {
            return bad("--weights: " + e.getMessage());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        BaseNetwork network;
        try {
            network = weightBytes != null
                    ? DasEngine.importBase(weightBytes, weights.toString(), layout, spec.objective(), spec.data().nEval(), spec.data().dataSeed(), threads)
                    : DasEngine.trainBase(BaseNetworkSpec.paper(spec.objective(), spec.training().seed()), threads);
        } catch (WeightsException e) {
            return bad("--weights: " + e.getMessage());
        }
        TrialResult r;
        try {
            r = DasEngine.runTrial(spec, network.safetensors(), threads);
        } catch (TrialFailure e) {
            Exit.line(command.commandLine().getErr(), "trial", "failed: " + e.getMessage());
            return Exit.FAILED;
        }
        out.put("iia", r.iia());
        out.put("trivial_iia", r.trivialIia());
        out.put("base_accuracy", r.baseAccuracy());
        out.put("final_loss", r.finalLoss());
        out.put("epoch_losses", r.epochLosses());
        out.put("orthogonality_error", r.orthogonalityError());
        out.put("epoch_seconds", r.epochSeconds());
        out.put("train_seconds", r.trainSeconds());
        out.put("eval_seconds", r.evalSeconds());
        out.put("device", r.device());
        out.put("threads", r.threads());
        out.put("network", weights != null ? weights.toString() : "trained");
        if (weights != null) {
            out.put("flatten", layout.id());
        }
        out.put("network_sha256", network.sha256());
        out.put("network_test_accuracy", network.testAccuracy());
        out.putAll(spec.toMap(false));
        command.commandLine().getOut().println(new ObjectMapper().writeValueAsString(out));
        command.commandLine().getOut().flush();
        return 0;
    }

    /**
     * The trial these options describe: the seed notebook's run ({@link TrialSpec#builder()}) with the fields given;
     * unless given, a multi-source trial trains 2 epochs and the data seed is the trial seed. Throws
     * {@link SpecException} naming the field.
     */
    TrialSpec spec() {
        TrialSpec.Builder b = TrialSpec.builder().objective(new Objective("custom", objective, threshold));
        for (Map.Entry<TrialField, String> e : given.entrySet()) {
            e.getKey().set(b, e.getKey().parse(e.getKey().key(), e.getValue()));
        }
        TrialSpec preset = b.build();
        if (!given.containsKey(TrialField.EPOCHS) && preset.intervention().multiSource()) {
            b.epochs(2);
        }
        if (!given.containsKey(TrialField.DATA_SEED)) {
            b.dataSeed(preset.training().seed());
        }
        return b.build();
    }

    /** The option that sets {@code field}. */
    static String option(String field) {
        TrialField f = TrialField.named(field);
        return f != null ? f.option() : OPTION_OF_FIELD.getOrDefault(field, field);
    }

    private int bad(String message) {
        return Exit.bad(command.commandLine().getErr(), "trial", message);
    }
}
