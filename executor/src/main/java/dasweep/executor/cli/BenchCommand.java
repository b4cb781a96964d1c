package dasweep.executor.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dasweep.executor.DasEngine;
import dasweep.executor.spec.Hashes;
import dasweep.executor.spec.SpecException;
import dasweep.executor.spec.TrialResult;
import dasweep.executor.spec.TrialSpec;
import dasweep.executor.spec.InterventionType;
import dasweep.executor.das.SiteActivations;
import dasweep.executor.spec.StepFlops;
import dasweep.executor.spec.Variable;
import dasweep.executor.spec.Init;
import dasweep.executor.spec.Site;
import dasweep.executor.spec.View;
import dasweep.executor.weights.NetworkWeights;
import dasweep.executor.weights.WeightsException;
import dasweep.executor.weights.WeightsFile;
import dasweep.executor.spec.Limits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dasweep bench}: runs a named trial configuration {@code --repeat} times, the way a sweep
 * runs it ({@link DasEngine#runTrial}), and prints one JSON object: seconds per epoch, pairs per
 * second, the training step's achieved GFLOP/s (an analytic count, {@link StepFlops}) against the
 * float32 matrix-multiply rate this machine reaches through DJL, measured here, peak RSS and IIA.
 * A benchmark, not a test: nothing is asserted.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Time a named DAS trial configuration and print one JSON object.")
public final class BenchCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(BenchCommand.class);

    /** The named configurations: the seed notebook's trial and the paper sweep's setting per layer. */
    public enum Config {
        SEED("the seed notebook's single-source trial: {circularity, color}, conv1 rows, rotated k 64, batch 256, 3 epochs"),
        PAPER_CONV1("paper sweep setting: {color}, conv1 flat, low_rank k 4, batch 512, 3 epochs"),
        PAPER_CONV2("paper sweep setting: {color}, conv2 flat, low_rank k 4, batch 512, 3 epochs"),
        PAPER_CONV3("paper sweep setting: {color}, conv3 flat, low_rank k 4, batch 512, 3 epochs"),
        PAPER_FC1("paper sweep setting: {color}, fc1 flat, low_rank k 1, batch 512, 3 epochs");

        private final String description;

        Config(String description) {
            this.description = description;
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Config parse(String text) {
            for (Config c : values()) {
                if (c.id().equals(text.trim().toLowerCase(Locale.ROOT))) {
                    return c;
                }
            }
            throw new SpecException("config", "unknown configuration, expected one of "
                    + Arrays.stream(values()).map(Config::id).collect(Collectors.joining(", ")), "'" + text + "'");
        }

        /** The trial; {@code pairs} (if not null) replaces the 10,000 training pairs, evaluation pairs a tenth. */
        TrialSpec spec(Integer pairs, Integer epochs) {
            TrialSpec.Builder b = TrialSpec.builder().seed(42).dataSeed(42);   // the builder starts at the seed trial
            if (this != SEED) {
                Site site = Site.values()[ordinal() - 1];
                b.variables(Variable.COLOR).site(site).view(View.FLAT).type(InterventionType.LOW_RANK)
                        .k(site == Site.FC1 ? 1 : 4).batchSize(512);
            }
            if (pairs != null) {
                b.nTrain(pairs).nEval(Math.max(1, pairs / 10));
            }
            if (epochs != null) {
                b.epochs(epochs);
            }
            return b.build();
        }
    }

    @Spec
    CommandSpec command;

    @Option(names = "--config", description = "seed, paper-conv1, paper-conv2, paper-conv3 or paper-fc1 (default: ${DEFAULT-VALUE}).")
    String config = "seed";

    @Option(names = "--threads", description = "Intra-op threads (default: all cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--repeat", description = "Trials to run; timings are their medians (default: ${DEFAULT-VALUE}).")
    int repeat = 3;

    @Option(names = "--weights", paramLabel = "PATH",
            description = "Network (.pth or .safetensors). Default: the notebook's network at "
                    + "<dasweep home>/../shared/models/amir_cnn_model.safetensors if there, else a seeded random network.")
    Path weights;

    @Option(names = "--pack", paramLabel = "N", description = "Time N trials of a paper configuration (its 7 variable "
            + "sets × k, e.g. 35 at a conv layer) as one pack and unpacked, alternately, --repeat times.")
    Integer pack;

    @Option(names = "--pairs", hidden = true, description = "Training pairs instead of 10,000 (evaluation: a tenth); for tests.")
    Integer pairs;

    @Option(names = "--epochs", hidden = true, description = "Epochs instead of the configuration's 3; for tests.")
    Integer epochs;

    @Option(names = "--matmul-size", hidden = true, description = "Side of the square matmul timed for the peak (default: ${DEFAULT-VALUE}).")
    int matmulSize = 1024;

    @Override
    public Integer call() throws JsonProcessingException {
        Config c;
        TrialSpec spec;
        byte[] network;
        String networkName;
        try {
            c = Config.parse(config);
            Limits.threads(threads, "threads");
            SpecException.positive(repeat, "repeat");
            SpecException.positive(matmulSize, "matmul-size");
            spec = c.spec(pairs, epochs);
            Path path = weights != null ? weights : BenchMachine.notebookNetwork();
            if (path != null) {
                networkName = path.toString();
                network = NetworkWeights.read(WeightsFile.read(path), networkName).toSafetensors();
            } else {
                networkName = "random (seed 1)";
                network = NetworkWeights.random(1, Init.PYTORCH).toSafetensors();
            }
        } catch (SpecException e) {
            String field = e.field().startsWith("n_") ? "pairs" : e.field();
            return bad("--" + field.replace('_', '-') + ": " + e.problem());
        } catch (WeightsException e) {
            return bad("--weights: " + e.getMessage());
        }
        String loadBefore = BenchMachine.loadAverage();
        if (pack != null) {
            return packBench(c, spec, network, networkName, loadBefore);
        }
        double peak = BenchMachine.matmulGflops(matmulSize, threads);
        boolean cached = SiteActivations.fits(spec.intervention().site(),
                (long) spec.data().nTrain() + spec.data().nEval(), SiteActivations.budgetBytes());
        List<TrialResult> results = new ArrayList<>();
        List<Double> trialSeconds = new ArrayList<>();
        for (int r = 0; r < repeat; r++) {
            long t0 = System.nanoTime();
            TrialResult result = DasEngine.runTrial(spec, network, threads);
            trialSeconds.add((System.nanoTime() - t0) / 1e9);
            results.add(result);
            LOG.info("bench {} run {}/{}: {} s/epoch, IIA {}", c.id(), r + 1, repeat, result.epochSeconds(), result.iia());
        }
        List<Double> perRun = results.stream().map(r -> BenchMachine.median(r.epochSeconds())).collect(Collectors.toList());
        double secondsPerEpoch = BenchMachine.median(perRun);
        double epochGflop = StepFlops.perEpoch(spec, cached) / 1e9;
        double achieved = epochGflop / secondsPerEpoch;

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("config", c.id());
        out.put("description", c.description);
        out.put("repeat", repeat);
        out.put("threads", threads);
        out.put("seconds_per_epoch", BenchMachine.significant(secondsPerEpoch));
        out.put("pairs_per_second", BenchMachine.significant(spec.data().nTrain() / secondsPerEpoch));
        out.put("epoch_seconds", results.stream().map(TrialResult::epochSeconds).collect(Collectors.toList()));
        out.put("trial_seconds", trialSeconds);
        out.put("eval_seconds", results.stream().map(TrialResult::evalSeconds).collect(Collectors.toList()));
        List<Double> setup = new ArrayList<>();
        for (int r = 0; r < repeat; r++) {     // pools, pairs, network, cached site activations: once per trial
            setup.add(BenchMachine.significant(trialSeconds.get(r) - results.get(r).trainSeconds() - results.get(r).evalSeconds()));
        }
        out.put("setup_seconds", setup);
        out.put("epoch_gflop", BenchMachine.significant(epochGflop));
        out.put("achieved_gflops", BenchMachine.significant(achieved));
        out.put("matmul_peak_gflops", BenchMachine.significant(peak));
        out.put("matmul_size", matmulSize);
        out.put("fraction_of_peak", BenchMachine.significant(achieved / peak));
        out.put("site_cache", cached);
        out.put("site_cache_mb", cached ? BenchMachine.significant(SiteActivations.bytes(spec.intervention().site(),
                (long) spec.data().nTrain() + spec.data().nEval()) / 1e6) : 0.0);
        out.put("peak_rss_mib", BenchMachine.peakRssMib());
        out.put("iia", results.get(results.size() - 1).iia());
        out.put("iia_per_run", results.stream().map(TrialResult::iia).collect(Collectors.toList()));
        out.put("orthogonality_error", results.get(results.size() - 1).orthogonalityError());
        out.put("device", results.get(0).device());
        out.put("network", networkName);
        out.put("network_sha256", Hashes.sha256(network));
        out.put("load_average_before", loadBefore);
        out.put("load_average_after", BenchMachine.loadAverage());
        out.put("cpus", Runtime.getRuntime().availableProcessors());
        out.put("djl", DasEngine.djlVersion());
        out.put("pytorch", DasEngine.pytorchVersion());
        out.putAll(spec.toMap(false));
        command.commandLine().getOut().println(new ObjectMapper().writeValueAsString(out));
        command.commandLine().getOut().flush();
        return 0;
    }

    private int packBench(Config c, TrialSpec spec, byte[] network, String networkName, String loadBefore)
            throws JsonProcessingException {
        List<TrialSpec> specs;
        try {
            specs = PackBench.specs(spec, pack);
        } catch (SpecException e) {
            return bad("--" + e.field() + ": " + e.problem());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("config", c.id());
        out.put("repeat", repeat);
        out.put("threads", threads);
        out.putAll(PackBench.run(specs, network, threads, repeat));
        out.put("network", networkName);
        out.put("load_average_before", loadBefore);
        out.put("load_average_after", BenchMachine.loadAverage());
        out.put("peak_rss_mib", BenchMachine.peakRssMib());
        out.put("cpus", Runtime.getRuntime().availableProcessors());
        spec.toMap(false).forEach((key, value) -> out.putIfAbsent(key, value));   // the pack's own variables and k stay
        command.commandLine().getOut().println(new ObjectMapper().writeValueAsString(out));
        command.commandLine().getOut().flush();
        return 0;
    }

    private int bad(String message) {
        return Exit.bad(command.commandLine().getErr(), "bench", message);
    }
}
