package dasweep.driver.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The cells of one sweep × objective × variable set: what one heatmap and one IIA-by-layer chart draw.
 * DAS cells ({@code rotated}, {@code low_rank}, and any later kind) are grouped by {@code intervention};
 * {@code vanilla} cells, the trivial IIA and the controls ({@code random_rotation}, {@code untrained_network}: each
 * DAS cell's own baselines, see {@link #control}) are drawn beside them.
 */
public record Panel(String sweep, String objective, String variableSet, List<Cell> cells) {
    private static final List<String> LAYER_ORDER = List.of("conv1", "conv2", "conv3", "fc1");
    /** The controls, in the order they are drawn. */
    public static final List<String> CONTROLS = List.of("random_rotation", "untrained_network");

    /** The panels of these cells, in the cells' (sorted) order. */
    public static List<Panel> of(List<Cell> cells) {
        Map<List<String>, List<Cell>> groups = new LinkedHashMap<>();
        for (Cell c : cells) {
            groups.computeIfAbsent(List.of(c.get("sweep"), c.get("objective"), c.get("variable_set")),
                    x -> new ArrayList<>()).add(c);
        }
        return groups.entrySet().stream()
                .map(e -> new Panel(e.getKey().get(0), e.getKey().get(1), e.getKey().get(2), List.copyOf(e.getValue())))
                .toList();
    }

    /** Layers present, in network order. */
    public List<String> layers() {
        return cells.stream().map(c -> c.get("layer")).distinct().sorted(Comparator
                .comparing((String l) -> LAYER_ORDER.contains(l) ? LAYER_ORDER.indexOf(l) : LAYER_ORDER.size())
                .thenComparing(l -> l)).toList();
    }

    /** k values of the DAS cells, ascending. */
    public List<Integer> ks() {
        return cells.stream().filter(Cell::das).map(Cell::k).distinct().sorted().toList();
    }

    /** DAS intervention kinds present, sorted. */
    public List<String> dasKinds() {
        return cells.stream().filter(Cell::das).map(c -> c.get("intervention")).distinct().sorted().toList();
    }

    /** The DAS cell with the highest mean at this layer and k (other axes: the best setting). */
    public Optional<Cell> heat(String layer, int k) {
        return best(c -> c.das() && c.get("layer").equals(layer) && c.k() == k);
    }

    /** The cell of this intervention (not a control) with the highest mean at this layer (best k and other axes). */
    public Optional<Cell> best(String layer, String intervention) {
        return best(c -> c.control() == null && c.get("layer").equals(layer) && c.get("intervention").equals(intervention));
    }

    /** Controls present in this panel, in {@link #CONTROLS} order. */
    public List<String> controls() {
        return CONTROLS.stream().filter(k -> cells.stream().anyMatch(c -> k.equals(c.control()))).toList();
    }

    /** The {@code control} cell of the DAS cell {@code das}, if the sweep computed it. */
    public Optional<Cell> control(Cell das, String control) {
        return cells.stream().filter(c -> c.controls(das, control)).findFirst();
    }

    /** The DAS cell with the highest mean over the whole panel: the best layer. */
    public Optional<Cell> bestDas() {
        return best(Cell::das);
    }

    private Optional<Cell> best(Predicate<Cell> which) {
        return cells.stream().filter(which).max(Comparator.comparingDouble(Cell::mean));
    }

    /** A file-name-safe id for this panel's charts. */
    public String fileId() {
        return (sweep + "-" + objective + "-" + variableSet).replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
