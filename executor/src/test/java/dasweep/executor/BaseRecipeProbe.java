package dasweep.executor;

import dasweep.executor.data.Objective;
import java.util.ArrayList;
import java.util.List;
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
 * recipe = images,epochs,lr,batch.
 */
@EnabledIfSystemProperty(named = "dasweep.probe.recipe", matches = ".+")
class BaseRecipeProbe {
    static final List<Objective> OBJECTIVES = List.of(Objective.EQUAL,
            new Objective("prefer-circularity", List.of(0.5, 0.4, 0.3), 0.6),
            new Objective("prefer-area", List.of(0.3, 0.4, 0.5), 0.6));

    @Test
    void probe() {
        String[] r = System.getProperty("dasweep.probe.recipe").split(",");
        String[] seeds = System.getProperty("dasweep.probe.seeds", "0").split("-");
        List<String> names = List.of(System.getProperty("dasweep.probe.objectives", "equal").split(","));
        int threads = Integer.getInteger("dasweep.probe.threads", 2);
        List<String> lines = new ArrayList<>();
        for (Objective o : OBJECTIVES) {
            if (!names.contains(o.name())) {
                continue;
            }
            for (long seed = Long.parseLong(seeds[0]); seed <= Long.parseLong(seeds[seeds.length - 1]); seed++) {
                BaseNetworkSpec spec = new BaseNetworkSpec(o, Integer.parseInt(r[0]), Integer.parseInt(r[1]),
                        Double.parseDouble(r[2]), Integer.parseInt(r[3]), 10_000, seed);
                BaseNetwork n = DasEngine.trainBase(spec, threads);
                String line = String.format(Locale.ROOT, "probe recipe %s objective %s seed %d: accuracy %.4f, "
                                + "losses %s, %.0f s", String.join(",", r), o.name(), seed, n.testAccuracy(),
                        n.epochLosses().stream().map(l -> String.format(Locale.ROOT, "%.3f", l)).toList(),
                        n.trainSeconds());
                System.out.println(line);
                lines.add(line);
            }
        }
        lines.forEach(System.out::println);
    }
}
