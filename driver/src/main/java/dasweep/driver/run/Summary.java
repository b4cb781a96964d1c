package dasweep.driver.run;

import dasweep.driver.spark.ResultsTable;
import dasweep.driver.sweep.Sweep;
import dasweep.executor.spec.TrialField;
import dasweep.executor.spec.Variable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/** The run's closing text: best IIA per variable set × layer over the sweep's OK rows, all runs. */
public final class Summary {
    /** A best value: a variable set at a layer. */
    public record Best(String variableSet, String layer, Double iia) {
    }

    private Summary() {
    }

    public static List<String> of(ResultsTable table, Sweep sweep) throws IOException {
        List<Best> best = new ArrayList<>();
        for (Row r : table.sweep(sweep.name()).where(functions.col("status").equalTo("OK")
                        .and(functions.col("control").isNull()))
                .groupBy("variable_set", "layer").agg(functions.max("iia")).collectAsList()) {
            best.add(new Best(r.getString(0), r.getString(1), r.isNullAt(2) ? null : r.getDouble(2)));
        }
        return lines(sweep, best);
    }

    /** The table as text: the sweep's variable sets and layers in declared order, then any others found. */
    public static List<String> lines(Sweep sweep, List<Best> best) {
        Map<String, Map<String, Double>> grid = new LinkedHashMap<>();
        sweep.grids().stream().flatMap(g -> g.values(TrialField.VARIABLES).stream())
                .map(vs -> ((List<?>) vs).stream().map(v -> ((Variable) v).id()).collect(Collectors.joining("+")))
                .forEach(set -> grid.putIfAbsent(set, new HashMap<>()));
        Set<String> layers = new LinkedHashSet<>();
        sweep.grids().forEach(g -> g.sites().forEach(s -> layers.add(s.layer().id())));
        for (Best b : best) {
            grid.computeIfAbsent(b.variableSet(), x -> new HashMap<>()).put(b.layer(), b.iia());
            layers.add(b.layer());
        }
        int w = Math.max(12, grid.keySet().stream().mapToInt(String::length).max().orElse(12));
        List<String> lines = new ArrayList<>();
        lines.add("best IIA per variable set × layer (sweep " + sweep.name() + ", all runs):");
        StringBuilder h = new StringBuilder(String.format("%-" + w + "s", "variables"));
        layers.forEach(l -> h.append(String.format("  %7s", l)));
        lines.add(h.toString());
        for (Map.Entry<String, Map<String, Double>> e : grid.entrySet()) {
            StringBuilder line = new StringBuilder(String.format("%-" + w + "s", e.getKey()));
            for (String l : layers) {
                Double v = e.getValue().get(l);
                line.append(v == null ? String.format("  %7s", "-") : String.format("  %7.3f", v));
            }
            lines.add(line.toString());
        }
        return lines;
    }
}
