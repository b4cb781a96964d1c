package dasweep.driver.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The report's answer first: per sweep and objective, a variable sets × layers matrix of DAS's best mean IIA, with in
 * each cell DAS minus its best control (random rotation, untrained network, or the trivial IIA: doing nothing) and a
 * mark where DAS is not above its random-rotation control or the trivial IIA. "Above" is interval-aware: DAS's 95%
 * interval must lie wholly above the control's (both clipped to [0, 1]; a cell of one network has no interval, and
 * then its mean must be higher).
 */
final class Overview {
    /** One matrix cell: the best DAS cell at a layer, its best control and whether DAS is above the baselines. */
    record Entry(Cell das, String bestControl, double bestControlMean, boolean aboveRandom, boolean aboveTrivial) {
        double delta() {
            return das.mean() - bestControlMean;
        }

        boolean clear() {
            return aboveRandom && aboveTrivial;
        }
    }

    private Overview() {
    }

    /** The entry of {@code p}'s best DAS cell at {@code layer}, if the sweep has one. */
    static Optional<Entry> entry(Panel p, String layer) {
        Optional<Cell> best = p.cells().stream().filter(c -> c.das() && c.get("layer").equals(layer))
                .max(java.util.Comparator.comparingDouble(Cell::mean));
        return best.map(das -> {
            String name = "trivial";
            double control = das.meanTrivialIia();
            Optional<Cell> random = p.control(das, "random_rotation");
            for (String k : Panel.CONTROLS) {
                Optional<Cell> c = p.control(das, k);
                if (c.isPresent() && c.get().mean() > control) {
                    name = k.replace('_', ' ');
                    control = c.get().mean();
                }
            }
            boolean aboveRandom = random.map(r -> above(das.mean(), das.ci(), r.mean(), r.ci())).orElse(true);
            boolean aboveTrivial = above(das.mean(), das.ci(), das.meanTrivialIia(), das.trivialCi());
            return new Entry(das, name, control, aboveRandom, aboveTrivial);
        });
    }

    /** Whether interval a lies wholly above interval b (each mean ± half-width, clipped to [0, 1]). */
    static boolean above(double meanA, double ciA, double meanB, double ciB) {
        double lowA = Math.max(0, meanA - (Double.isNaN(ciA) ? 0 : ciA));
        double highB = Math.min(1, meanB + (Double.isNaN(ciB) ? 0 : ciB));
        return lowA > highB;
    }

    static void write(Html h, List<Panel> panels) {
        h.tag("h2", "Which layer encodes which variable");
        h.note("Per objective: DAS's best mean IIA at each layer (best k and setting), and in brackets DAS minus its best"
                + " control (random rotation: the same cell, rotation never trained; untrained network; trivial: no"
                + " intervention at all). ✗ marks a cell where DAS is not above its random-rotation control (✗ rotation)"
                + " or the trivial IIA (✗ trivial): its 95% interval across networks is not wholly above theirs"
                + " (intervals clipped to [0, 1]). Bold: the variable set's best layer among the cells not marked."
                + " — : the sweep has no DAS cell there.");
        Map<List<String>, List<Panel>> byObjective = new LinkedHashMap<>();
        panels.forEach(p -> byObjective.computeIfAbsent(List.of(p.sweep(), p.objective()), x -> new ArrayList<>()).add(p));
        for (Map.Entry<List<String>, List<Panel>> e : byObjective.entrySet()) {
            List<String> layers = e.getValue().stream().flatMap(p -> p.layers().stream()).distinct()
                    .sorted(java.util.Comparator.comparingInt(Overview::layerOrder)).toList();
            h.tag("h3", "sweep " + e.getKey().get(0) + " · objective " + e.getKey().get(1));
            StringBuilder b = new StringBuilder("<table class=\"overview\" id=\"overview-")
                    .append(Html.esc(e.getKey().get(0) + "-" + e.getKey().get(1))).append("\">\n<tr><th>variables</th>");
            layers.forEach(l -> b.append("<th>").append(Html.esc(l)).append("</th>"));
            b.append("</tr>\n");
            for (Panel p : e.getValue()) {
                b.append("<tr><th>").append(Html.esc(p.variableSet())).append("</th>");
                String bestLayer = layers.stream().map(l -> entry(p, l).filter(Entry::clear).map(x -> Map.entry(l, x)))
                        .flatMap(Optional::stream).max(java.util.Comparator.comparingDouble(x -> x.getValue().das().mean()))
                        .map(Map.Entry::getKey).orElse(null);
                for (String layer : layers) {
                    Optional<Entry> en = entry(p, layer);
                    if (en.isEmpty()) {
                        b.append("<td class=\"gap\" title=\"no DAS cell at this layer\">—</td>");
                        continue;
                    }
                    Entry x = en.get();
                    String marks = (x.aboveRandom() ? "" : " ✗ rotation") + (x.aboveTrivial() ? "" : " ✗ trivial");
                    String text = Html.num(x.das().mean()) + " (" + String.format(java.util.Locale.ROOT, "%+.4f",
                            x.delta()) + " vs " + x.bestControl() + ")" + marks;
                    boolean best = layer.equals(bestLayer);
                    b.append("<td class=\"").append(x.clear() ? "ok" : "weak").append("\">")
                            .append(best ? "<b>" : "").append(Html.esc(text)).append(best ? "</b>" : "").append("</td>");
                }
                b.append("</tr>\n");
            }
            b.append("</table>\n");
            h.raw(b.toString());
        }
    }

    private static int layerOrder(String layer) {
        int i = List.of("conv1", "conv2", "conv3", "fc1").indexOf(layer);
        return i < 0 ? 99 : i;
    }
}
