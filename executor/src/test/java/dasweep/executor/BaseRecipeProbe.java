package dasweep.executor;

import dasweep.executor.spec.BaseNetwork;
import dasweep.executor.spec.BaseNetworkSpec;

import dasweep.executor.spec.Objective;
import dasweep.executor.data.TaskCeiling;
import dasweep.executor.spec.Flatten;
import dasweep.executor.spec.Init;
import dasweep.executor.spec.LrSchedule;
import dasweep.executor.weights.SharedModels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A measurement, not a check: trains base networks by one recipe on several seeds and objectives and prints each
 * test accuracy (10,000 fresh images). Runs only when asked, e.g.
 * <pre>
 * mvn -q test -pl executor -Dtest=BaseRecipeProbe -Ddasweep.probe.recipe=50000,10,1e-3,128 \
 *     -Ddasweep.probe.seeds=0-4 -Ddasweep.probe.objectives=equal,prefer-circularity,prefer-area
 * </pre>
 * recipe = images,epochs,lr,batch[,lr_schedule[,init]] (the sweep's {@code networks.trained} knobs; seed i is network
 * {@code <objective>-i} of a sweep whose {@code seed} is 0); several recipes separated by {@code ;} run one after another in the same JVM.
 * Seeds are the outer loop, so a run cut short has covered the objectives evenly. The last lines summarise each
 * recipe and objective: accuracies, minimum, mean and seconds per network.
 *
 * <p>{@code -Ddasweep.probe.paper=true} (with {@code -Dtest=BaseRecipeProbe#paperNetwork}) measures the paper's
 * {@code cnn_model_1.pth} (Equal, read channels last) on the very test images the probe's Equal networks of those
 * seeds are measured on: the bar the recipe is held to, on the same draws.
 */
class BaseRecipeProbe {
    static final List<Objective> OBJECTIVES = List.of(Objective.EQUAL,
            new Objective("prefer-circularity", List.of(0.5, 0.4, 0.3), 0.6),
            new Objective("prefer-area", List.of(0.3, 0.4, 0.5), 0.6));

    @Test
    @EnabledIfSystemProperty(named = "dasweep.probe.recipe", matches = ".+")
    void probe() {
        List<String> lines = new ArrayList<>();
        List<String> summary = new ArrayList<>();
        for (String recipe : System.getProperty("dasweep.probe.recipe").split(";")) {
            probe(recipe.trim().split(","), lines, summary);
        }
        lines.forEach(System.out::println);
        summary.forEach(System.out::println);
    }

    private static void probe(String[] r, List<String> lines, List<String> summary) {
        String[] seeds = System.getProperty("dasweep.probe.seeds", "0").split("-");
        List<String> names = List.of(System.getProperty("dasweep.probe.objectives", "equal").split(","));
        int threads = Integer.getInteger("dasweep.probe.threads", 2);
        Map<String, List<Double>> accuracies = new LinkedHashMap<>();
        Map<String, Double> seconds = new LinkedHashMap<>();
        // seeds outer, objectives inner: a run cut short has covered every objective evenly
        for (long seed = Long.parseLong(seeds[0]); seed <= Long.parseLong(seeds[seeds.length - 1]); seed++) {
            for (Objective o : OBJECTIVES) {
                if (!names.contains(o.name())) {
                    continue;
                }
                BaseNetworkSpec spec = new BaseNetworkSpec(o, Integer.parseInt(r[0]), Integer.parseInt(r[1]),
                        Double.parseDouble(r[2]), Integer.parseInt(r[3]), 10_000, seed,
                        r.length > 4 ? LrSchedule.parse("lr_schedule", r[4]) : LrSchedule.CONSTANT,
                        r.length > 5 ? Init.parse("init", r[5]) : Init.PYTORCH);
                BaseNetwork n = DasEngine.trainBase(spec, threads);
                String line = String.format(Locale.ROOT, "probe recipe %s objective %s seed %d: accuracy %.4f, "
                                + "losses %s, %.0f s", String.join(",", r), o.name(), seed, n.testAccuracy(),
                        n.epochLosses().stream().map(l -> String.format(Locale.ROOT, "%.3f", l)).toList(),
                        n.trainSeconds());
                System.out.println(line);
                lines.add(line);
                accuracies.computeIfAbsent(o.name(), k -> new ArrayList<>()).add(n.testAccuracy());
                seconds.merge(o.name(), n.trainSeconds(), Double::sum);
            }
        }
        accuracies.forEach((name, a) -> summary.add(String.format(Locale.ROOT,
                "probe summary %s %s: %s min %.4f mean %.4f (the task's ceiling %.4f), %.0f s per network",
                String.join(",", r), name,
                a.stream().map(x -> String.format(Locale.ROOT, "%.4f", x)).toList(),
                a.stream().mapToDouble(x -> x).min().orElse(Double.NaN),
                a.stream().mapToDouble(x -> x).average().orElse(Double.NaN),
                TaskCeiling.accuracy(OBJECTIVES.stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow()),
                seconds.get(name) / a.size())));
    }

    @Test
    @EnabledIfSystemProperty(named = "dasweep.probe.paper", matches = "true")
    void paperNetwork() {
        byte[] bytes = SharedModels.bytes(SharedModels.paperPth());
        String[] seeds = System.getProperty("dasweep.probe.seeds", "0").split("-");
        List<Double> accuracies = new ArrayList<>();
        for (long seed = Long.parseLong(seeds[0]); seed <= Long.parseLong(seeds[seeds.length - 1]); seed++) {
            double a = DasEngine.importBase(bytes, "cnn_model_1.pth", Flatten.CHANNELS_LAST, Objective.EQUAL, 10_000,
                    seed, 2).testAccuracy();
            accuracies.add(a);
            System.out.printf(Locale.ROOT, "probe paper cnn_model_1.pth objective equal, test images of seed %d: "
                    + "accuracy %.4f%n", seed, a);
        }
        System.out.printf(Locale.ROOT, "probe summary paper cnn_model_1.pth equal: %s mean %.4f%n",
                accuracies.stream().map(x -> String.format(Locale.ROOT, "%.4f", x)).toList(),
                accuracies.stream().mapToDouble(x -> x).average().orElse(Double.NaN));
    }
}
