package dasweep.executor.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dasweep.executor.spec.BaseNetwork;
import dasweep.executor.spec.BaseNetworkSpec;
import dasweep.executor.DasEngine;
import dasweep.executor.spec.SpecException;
import dasweep.executor.spec.TrialFailure;
import dasweep.executor.spec.TrialResult;
import dasweep.executor.spec.TrialSpec;
import dasweep.executor.spec.InterventionType;
import dasweep.executor.spec.Objective;
import dasweep.executor.spec.Variable;
import dasweep.executor.spec.Flatten;
import dasweep.executor.spec.Site;
import dasweep.executor.spec.View;
import dasweep.executor.TrialMemory;
import dasweep.executor.spec.Limits;
import dasweep.executor.weights.WeightsException;
import dasweep.executor.weights.WeightsFile;
import java.nio.file.Path;
import java.util.ArrayList;
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
@Command(name = "trial", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run one DAS trial and print one JSON line (defaults: the seed notebook's run).")
public final class TrialCommand implements Callable<Integer> {
    private static final Map<String, String> OPTION_OF_FIELD = Map.ofEntries(
            Map.entry("variables", "--variables"), Map.entry("layer", "--layer"), Map.entry("view", "--view"),
            Map.entry("intervention", "--intervention"), Map.entry("k", "--k"),
            Map.entry("multi_source", "--multi-source"), Map.entry("epochs", "--epochs"), Map.entry("lr", "--lr"),
            Map.entry("batch", "--batch"), Map.entry("n_train", "--n-train"), Map.entry("n_eval", "--n-eval"),
            Map.entry("threads", "--threads"), Map.entry("objective.coefficients", "--objective"),
            Map.entry("objective.threshold", "--threshold"));

    @Spec
    CommandSpec command;

    @Option(names = "--weights", paramLabel = "PATH",
            description = "Network weights (.pth state_dict or .safetensors). Without it a base network is trained from --seed first.")
    Path weights;

    @Option(names = "--flatten", paramLabel = "LAYOUT",
            description = "How the --weights file's fc1 reads conv3: channels_first (PyTorch) or channels_last "
                    + "(Keras-converted networks, e.g. the paper's) (default: ${DEFAULT-VALUE}).")
    String flatten = "channels_first";

    @Option(names = "--variables", split = ",", paramLabel = "NAME",
            description = "Variables to localise: circularity, color, area (default: circularity,color).")
    List<String> variables = List.of("circularity", "color");

    @Option(names = "--layer", description = "Site: conv1, conv2, conv3, fc1 (default: ${DEFAULT-VALUE}).")
    String layer = "conv1";

    @Option(names = "--view", description = "rows or flat (default: ${DEFAULT-VALUE}).")
    String view = "rows";

    @Option(names = "--intervention", description = "rotated, low_rank or vanilla (default: ${DEFAULT-VALUE}).")
    String intervention = "rotated";

    @Option(names = "--k", description = "Rotated coordinates per source (default: ${DEFAULT-VALUE}).")
    int k = 64;

    @Option(names = "--multi-source", description = "One source per variable, disjoint blocks of k.")
    boolean multiSource;

    @Option(names = "--epochs", description = "Training epochs (default: 3, multi source 2).")
    Integer epochs;

    @Option(names = "--lr", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double lr = 5e-4;

    @Option(names = "--batch", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch = 256;

    @Option(names = "--n-train", description = "Training pool size = training pairs (default: ${DEFAULT-VALUE}).")
    int nTrain = 10_000;

    @Option(names = "--n-eval", description = "Evaluation pool size = evaluation pairs (default: ${DEFAULT-VALUE}).")
    int nEval = 1_000;

    @Option(names = "--seed", description = "Trial seed: the rotation's init (and the data, unless --data-seed) (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--data-seed", description = "Seed of the image pools and pairs (default: --seed).")
    Long dataSeed;

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
            return bad(OPTION_OF_FIELD.getOrDefault(e.field(), e.field()) + ": " + e.problem());
        } catch (WeightsException e) {
            return bad("--weights: " + e.getMessage());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        BaseNetwork network;
        try {
            network = weightBytes != null
                    ? DasEngine.importBase(weightBytes, weights.toString(), layout, spec.objective(), spec.data().nEval(), spec.data().dataSeed(), threads)
                    : DasEngine.trainBase(BaseNetworkSpec.paper(spec.objective(), seed), threads);
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

    /** The trial these options describe; throws {@link SpecException} naming the field. */
    TrialSpec spec() {
        List<Variable> vars = new ArrayList<>();
        for (String v : variables) {
            vars.add(Variable.parse("variables", v));
        }
        return TrialSpec.builder().objective(new Objective("custom", objective, threshold)).variables(vars)
                .site(Site.parse("layer", layer)).view(View.parse("view", view))
                .type(InterventionType.parse("intervention", intervention)).k(k).multiSource(multiSource)
                .epochs(epochs != null ? epochs : (multiSource ? 2 : 3)).lr(lr).batchSize(batch).seed(seed)
                .nTrain(nTrain).nEval(nEval).dataSeed(dataSeed != null ? dataSeed : seed).build();
    }

    private int bad(String message) {
        return Exit.bad(command.commandLine().getErr(), "trial", message);
    }
}
