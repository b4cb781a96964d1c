package dasweep.driver.sweep;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dasweep.executor.SpecException;
import dasweep.executor.das.InterventionType;
import dasweep.executor.data.Objective;
import dasweep.executor.data.Variable;
import dasweep.executor.model.Site;
import dasweep.executor.model.View;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * Reads a sweep YAML file strictly: unknown keys, missing keys, wrong types, empty axes and
 * duplicates are errors naming the file, the field path ({@code grid.sites[2].k[0]}) and the problem.
 * Enum values and objectives are checked by the engine's own parsers and records, whose messages
 * are kept. Grid cells are checked later by {@link Grid#expand}.
 */
public final class SweepLoader {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final String file;
    private final Path dir;

    private SweepLoader(String file, Path dir) {
        this.file = file;
        this.dir = dir;
    }

    /** Loads and validates {@code path}; throws {@link SweepException} for any problem. */
    public static Sweep load(Path path) {
        String file = path.toString();
        SweepLoader loader = new SweepLoader(file, path.toAbsolutePath().getParent());
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new SweepException(file, "(file)", "cannot read the sweep file (found "
                    + (Files.exists(path) ? "an unreadable file" : "no such file") + ")");
        }
        JsonNode root;
        try {
            root = YAML.readTree(path.toFile());
        } catch (JsonProcessingException e) {
            // SnakeYAML's message: context and problem lines, each followed by an indented "in 'reader', line L,
            // column C:" and an excerpt. Keep the unindented lines, and the last (the problem's) position.
            String original = e.getOriginalMessage();
            String where = e.getLocation() == null ? "(yaml)"
                    : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("line (\\d+), column (\\d+)").matcher(original);
            while (m.find()) {
                where = "line " + m.group(1) + ", column " + m.group(2);
            }
            String problem = String.join("; ", original.lines().filter(l -> !l.isBlank() && !l.startsWith(" "))
                    .map(String::strip).toList());
            throw new SweepException(file, where, "malformed YAML: " + problem);
        } catch (IOException e) {
            throw new SweepException(file, "(file)", "cannot read the sweep file (found " + e + ")");
        }
        return loader.sweep(loader.new Node(root, ""));
    }

    private Sweep sweep(Node root) {
        root.keys(Set.of("name", "data", "objectives", "networks", "grid"), Set.of("description"));
        String name = root.get("name").text();
        if (!NAME.matcher(name).matches()) {
            throw root.get("name").error("must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or "
                    + "digit (found '" + name + "')");
        }
        if (root.has("description")) {
            root.get("description").text();
        }
        Sweep.Data data = data(root.get("data"));
        List<Objective> objectives = objectives(root.get("objectives"));
        Node networks = root.get("networks");
        networks.keys(Set.of(), Set.of("trained", "imported"));
        if (!networks.has("trained") && !networks.has("imported")) {
            throw networks.error("must declare trained or imported networks (found neither)");
        }
        Sweep.Trained trained = networks.has("trained") ? trained(networks.get("trained")) : null;
        List<Sweep.Imported> imported = networks.has("imported")
                ? imported(networks.get("imported"), objectives) : List.of();
        Node gridNode = root.get("grid");
        List<Sweep.Grid> grids = new ArrayList<>();
        if (gridNode.node != null && gridNode.node.isArray()) {
            for (Node g : gridNode.list()) {
                grids.add(grid(g, data));
            }
        } else {
            grids.add(grid(gridNode, data));
        }
        return new Sweep(name, file, data, objectives, trained, imported, grids);
    }

    private Sweep.Data data(Node n) {
        n.keys(Set.of("n_train", "n_eval", "data_seed", "n_test"), Set.of());
        return new Sweep.Data(n.get("n_train").positiveInt(), n.get("n_eval").positiveInt(),
                n.get("data_seed").longValue(), n.get("n_test").positiveInt());
    }

    private List<Objective> objectives(Node list) {
        List<Objective> out = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (Node o : list.list()) {
            o.keys(Set.of("name", "coefficients", "threshold"), Set.of());
            String name = o.get("name").text();
            if (!NAME.matcher(name).matches()) {
                throw o.get("name").error("must be 1-64 letters, digits, '.', '_' or '-' (found '" + name + "')");
            }
            String before = seen.putIfAbsent(name, o.get("name").path);
            if (before != null) {
                throw o.get("name").error("duplicate objective name, already at " + before + " (found '" + name + "')");
            }
            List<Double> coefficients = new ArrayList<>();
            for (Node c : o.get("coefficients").list()) {
                coefficients.add(c.doubleValue());
            }
            double threshold = o.get("threshold").doubleValue();
            try {
                out.add(new Objective(name, coefficients, threshold));
            } catch (SpecException e) {
                String field = e.field().replace("objective.", "");
                throw o.get(field).error(e.problem());
            }
        }
        return out;
    }

    private Sweep.Trained trained(Node n) {
        n.keys(Set.of("count", "images", "epochs", "lr", "batch", "seed"), Set.of());
        return new Sweep.Trained(n.get("count").positiveInt(), n.get("images").positiveInt(),
                n.get("epochs").positiveInt(), n.get("lr").positiveDouble(), n.get("batch").positiveInt(),
                n.get("seed").longValue());
    }

    private List<Sweep.Imported> imported(Node list, List<Objective> objectives) {
        List<Sweep.Imported> out = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (Node n : list.list()) {
            n.keys(Set.of("name", "path", "objective"), Set.of());
            String name = n.get("name").text();
            if (!NAME.matcher(name).matches()) {
                throw n.get("name").error("must be 1-64 letters, digits, '.', '_' or '-' (found '" + name + "')");
            }
            String before = seen.putIfAbsent(name, n.get("name").path);
            if (before != null) {
                throw n.get("name").error("duplicate network name, already at " + before + " (found '" + name + "')");
            }
            String objective = n.get("objective").text();
            if (objectives.stream().noneMatch(o -> o.name().equals(objective))) {
                throw n.get("objective").error("unknown objective, expected one of "
                        + String.join(", ", objectives.stream().map(Objective::name).toList())
                        + " (found '" + objective + "')");
            }
            String path = n.get("path").text();
            String resolved = WeightsFiles.isUri(path) ? path : dir.resolve(path).normalize().toString();
            String unreadable = WeightsFiles.unreadable(resolved);
            if (unreadable != null) {
                throw n.get("path").error("cannot read the weights file: " + unreadable + " (found '" + path + "')");
            }
            out.add(new Sweep.Imported(name, resolved, objective));
        }
        return out;
    }

    private Sweep.Grid grid(Node g, Sweep.Data data) {
        g.keys(Set.of("variables", "sites", "interventions", "multi_source", "lr", "epochs", "batch", "seeds"),
                Set.of("data_seeds"));
        List<List<Variable>> variables = new ArrayList<>();
        for (Node set : g.get("variables").uniqueList()) {
            List<Variable> vs = new ArrayList<>();
            Map<Variable, String> seen = new HashMap<>();
            for (Node v : set.list()) {
                Variable variable = v.parse(Variable::parse);
                String before = seen.putIfAbsent(variable, v.path);
                if (before != null) {
                    throw v.error("must not repeat a variable, already at " + before + " (found '" + variable.id()
                            + "')");
                }
                vs.add(variable);
            }
            variables.add(vs);
        }
        List<Sweep.SiteAxis> sites = new ArrayList<>();
        Map<String, String> seenSites = new HashMap<>();
        for (Node s : g.get("sites").list()) {
            s.keys(Set.of("layer", "view", "k"), Set.of());
            Site layer = s.get("layer").parse(Site::parse);
            View view = s.get("view").parse(View::parse);
            String before = seenSites.putIfAbsent(layer.id() + "/" + view.id(), s.path);
            if (before != null) {
                throw s.error("duplicate site, already at " + before + " (found " + layer.id() + "/" + view.id()
                        + ")");
            }
            List<Integer> ks = new ArrayList<>();
            for (Node k : s.get("k").uniqueList()) {
                ks.add(k.positiveInt());
            }
            sites.add(new Sweep.SiteAxis(layer, view, ks));
        }
        List<InterventionType> interventions = new ArrayList<>();
        for (Node i : g.get("interventions").uniqueList()) {
            interventions.add(i.parse(InterventionType::parse));
        }
        List<Boolean> multi = new ArrayList<>();
        for (Node m : g.get("multi_source").uniqueList()) {
            multi.add(m.bool());
        }
        List<Double> lr = new ArrayList<>();
        for (Node l : g.get("lr").uniqueList()) {
            lr.add(l.positiveDouble());
        }
        List<Integer> epochs = new ArrayList<>();
        for (Node e : g.get("epochs").uniqueList()) {
            epochs.add(e.positiveInt());
        }
        List<Integer> batch = new ArrayList<>();
        for (Node b : g.get("batch").uniqueList()) {
            batch.add(b.positiveInt());
        }
        List<Long> seeds = new ArrayList<>();
        for (Node s : g.get("seeds").uniqueList()) {
            seeds.add(s.longValue());
        }
        List<Long> dataSeeds = new ArrayList<>();
        if (g.has("data_seeds")) {
            for (Node s : g.get("data_seeds").uniqueList()) {
                dataSeeds.add(s.longValue());
            }
        } else {
            dataSeeds.add(data.dataSeed());
        }
        return new Sweep.Grid(variables, sites, interventions, multi, lr, epochs, batch, dataSeeds, seeds);
    }

    /** A YAML node with its field path. */
    private final class Node {
        final JsonNode node;
        final String path;

        Node(JsonNode node, String path) {
            this.node = node;
            this.path = path;
        }

        SweepException error(String problem) {
            return new SweepException(file, path.isEmpty() ? "(root)" : path, problem);
        }

        private String child(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        String found() {
            if (node == null || node.isNull() || node.isMissingNode()) {
                return "nothing";
            }
            if (node.isTextual()) {
                return "'" + node.asText() + "'";
            }
            return node.toString();
        }

        /** Checks this is a mapping holding all {@code required} keys and no key outside required ∪ optional. */
        void keys(Set<String> required, Set<String> optional) {
            Set<String> allowed = new LinkedHashSet<>();
            allowed.addAll(required.stream().sorted().toList());
            allowed.addAll(optional.stream().sorted().toList());
            if (node == null || !node.isObject()) {
                throw error("must be a mapping with keys " + String.join(", ", allowed) + " (found " + found() + ")");
            }
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!allowed.contains(key)) {
                    throw new SweepException(file, child(key), "unknown key, expected one of "
                            + String.join(", ", allowed) + " (found '" + key + "')");
                }
            }
            for (String key : required.stream().sorted().toList()) {
                if (!node.has(key)) {
                    throw new SweepException(file, child(key), "is required (found nothing)");
                }
            }
        }

        boolean has(String key) {
            return node.has(key);
        }

        Node get(String key) {
            return new Node(node.get(key), child(key));
        }

        String text() {
            if (node == null || !node.isTextual() || node.asText().isBlank()) {
                throw error("must be a non-empty string (found " + found() + ")");
            }
            return node.asText();
        }

        long longValue() {
            if (node == null || !node.isIntegralNumber() || !node.canConvertToLong()) {
                throw error("must be an integer (found " + found() + ")");
            }
            return node.longValue();
        }

        int positiveInt() {
            if (node == null || !node.isIntegralNumber() || !node.canConvertToInt()) {
                throw error("must be an integer (found " + found() + ")");
            }
            if (node.intValue() <= 0) {
                throw error("must be positive (found " + node.intValue() + ")");
            }
            return node.intValue();
        }

        double doubleValue() {
            if (node != null && node.isNumber()) {
                return node.doubleValue();
            }
            if (node != null && node.isTextual()) {
                try {
                    return Double.parseDouble(node.asText().trim());
                } catch (NumberFormatException e) {
                    // fall through
                }
            }
            throw error("must be a number (found " + found() + ")");
        }

        double positiveDouble() {
            double v = doubleValue();
            if (!Double.isFinite(v) || v <= 0) {
                throw error("must be a positive finite number (found " + v + ")");
            }
            return v;
        }

        boolean bool() {
            if (node == null || !node.isBoolean()) {
                throw error("must be true or false (found " + found() + ")");
            }
            return node.booleanValue();
        }

        <T> T parse(BiFunction<String, String, T> parser) {
            String text = text();
            try {
                return parser.apply("x", text);
            } catch (SpecException e) {
                throw error(e.problem());
            }
        }

        /** The elements of a non-empty sequence. */
        List<Node> list() {
            if (node == null || !node.isArray()) {
                throw error("must be a list (found " + found() + ")");
            }
            if (node.isEmpty()) {
                throw error("must not be empty (found [])");
            }
            List<Node> out = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                out.add(new Node(node.get(i), path + "[" + i + "]"));
            }
            return out;
        }

        /** The elements of a non-empty sequence without repeated values (a repeated value would repeat cells). */
        List<Node> uniqueList() {
            List<Node> out = list();
            Map<JsonNode, String> seen = new HashMap<>();
            for (Node n : out) {
                String before = seen.putIfAbsent(n.node, n.path);
                if (before != null) {
                    throw n.error("duplicate value, already at " + before + " (found " + n.found() + ")");
                }
            }
            return out;
        }
    }
}
