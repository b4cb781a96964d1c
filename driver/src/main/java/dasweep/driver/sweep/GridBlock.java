package dasweep.driver.sweep;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import dasweep.executor.spec.Control;
import dasweep.executor.spec.SpecException;
import dasweep.executor.spec.TrialField;
import dasweep.executor.spec.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A grid block: a list of values per {@link TrialField} a grid may list ({@code axes}, every such field, in the
 * fields' order; a {@link TrialField.Role#DATA_AXIS} field the block leaves out has the data block's one value) and
 * the key each was written under ({@code written}, for messages), the sites (each a layer, a view and its own list
 * of k) and the controls. {@code controls} are not an axis: each names a baseline computed beside every DAS cell of
 * the block ({@code random_rotation}, {@code untrained_network}; see {@link Control}).
 *
 * <p>{@link #read} reads a block from the file generically: one list per field a grid may list (under the field's key,
 * or its older spelling), each value read by the field's type and parser; {@code sites} and {@code controls} bound by
 * Jackson. Every problem is a {@link SpecException} whose field is the value's path in the file ({@code grid.lr[0]},
 * {@code grid[1].sites[1].k[0]}); repeats are refused as written ({@code duplicate value, already at ...}).
 */
public record GridBlock(Map<TrialField, List<Object>> axes, Map<TrialField, String> written,
                        List<Sweep.SiteAxis> sites, List<Control> controls) {
    public GridBlock {
        axes = Collections.unmodifiableMap(new EnumMap<>(axes));
        written = Map.copyOf(written);
        sites = List.copyOf(sites);
        controls = List.copyOf(controls);
        for (TrialField f : TrialField.gridFields()) {
            SpecException.check(axes.containsKey(f) && !axes.get(f).isEmpty(), f.key(), "must not be empty", "[]");
        }
    }

    /** The key the file listed {@code field} under (its key, or its older spelling). */
    public String key(TrialField field) {
        return written.getOrDefault(field, field.key());
    }

    /** The values of {@code field}, a field a grid lists (not a site field). */
    public List<Object> values(TrialField field) {
        return axes.get(field);
    }

    public boolean controls(Control c) {
        return controls.contains(c);
    }

    // --- reading a block from the file: one list per field, each value by the field's type and parser ---

    static final String SITES = "sites";
    static final String CONTROLS = "controls";
    private static final JavaType SITE_LIST = SweepYaml.MAPPER.getTypeFactory()
            .constructType(new TypeReference<List<Sweep.SiteAxis>>() { });
    private static final JavaType CONTROL_LIST = SweepYaml.MAPPER.getTypeFactory()
            .constructType(new TypeReference<List<Control>>() { });

    /** Binds a node with Jackson; a problem is reported at the node's path (the loader's translation). */
    interface Binder {
        <T> T bind(JsonNode node, JavaType type, String path);
    }

    /** The block's keys, as the messages list them: the required ones sorted, then the optional ones sorted. */
    static String keys() {
        Stream<String> required = Stream.concat(TrialField.gridFields().stream()
                .filter(f -> f.role() == TrialField.Role.AXIS).map(TrialField::key), Stream.of(SITES)).sorted();
        Stream<String> optional = Stream.concat(TrialField.gridFields().stream()
                .filter(f -> f.role() != TrialField.Role.AXIS).map(TrialField::key), Stream.of(CONTROLS)).sorted();
        return Stream.concat(required, optional).collect(Collectors.joining(", "));
    }

    /** The block at path {@code at} ({@code grid}, {@code grid[1]}); problems name their full path. */
    static GridBlock read(JsonNode block, String at, Sweep.DataBlock data, Binder binder) {
        SpecException.check(block.isObject(), at, "must be a mapping with keys " + keys(), SweepLoader.found(block));
        Map<TrialField, String> written = new EnumMap<>(TrialField.class);
        for (Iterator<String> it = block.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            TrialField f = TrialField.named(key);
            if (f == null || !f.role().inGrid()) {
                SpecException.check(key.equals(SITES) || key.equals(CONTROLS), at + "." + key, "unknown key, expected one of "
                        + keys(), "'" + key + "'");
                continue;
            }
            String before = written.put(f, key);
            SpecException.check(before == null, at + "." + key, "names the same axis as " + at + "." + before,
                    "'" + key + "'");
        }
        Map<TrialField, List<Object>> axes = new EnumMap<>(TrialField.class);
        for (TrialField f : TrialField.gridFields()) {
            String key = written.get(f);
            if (key == null) {
                SpecException.check(f.role() != TrialField.Role.AXIS, at + "." + f.key(), "is required", "nothing");
                axes.put(f, List.of(data.value(f)));
            } else {
                axes.put(f, values(f, at + "." + key, block.get(key)));
            }
        }
        String sitesAt = at + "." + SITES;
        SpecException.check(block.has(SITES), sitesAt, "is required", "nothing");
        List<Sweep.SiteAxis> sites = binder.bind(list(block.get(SITES), sitesAt), SITE_LIST, sitesAt);
        for (int s = 0; s < sites.size(); s++) {
            repeats(block.get(SITES).get(s).get("k"), sitesAt + "[" + s + "].k");
        }
        Sweep.distinct(sites.stream().map(s -> s.layer().id() + "/" + s.view().id()).toList(),
                j -> sitesAt + "[" + j + "]", "duplicate site", site -> site);
        List<Control> controls = List.of();
        if (block.has(CONTROLS)) {
            String controlsAt = at + "." + CONTROLS;
            controls = binder.bind(list(block.get(CONTROLS), controlsAt), CONTROL_LIST, controlsAt);
            repeats(block.get(CONTROLS), controlsAt);
        }
        return new GridBlock(axes, written, sites, controls);
    }

    /** An axis: a non-empty list, each value of the field's type, no value twice. */
    private static List<Object> values(TrialField f, String key, JsonNode node) {
        list(node, key);
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            out.add(value(f, key + "[" + i + "]", node.get(i)));
        }
        repeats(node, key);
        return out;
    }

    private static Object value(TrialField f, String path, JsonNode v) {
        String found = SweepLoader.found(v);
        switch (f.type()) {
            case INT -> SpecException.check(v.isIntegralNumber() && v.canConvertToInt(), path, f.expected(), found);
            case LONG -> SpecException.check(v.isIntegralNumber() && v.canConvertToLong(), path, f.expected(), found);
            case DOUBLE -> SpecException.check(v.isNumber() || v.isTextual() && isNumber(v.asText()), path,
                    f.expected(), found);
            case BOOLEAN -> SpecException.check(v.isBoolean(), path, f.expected(), found);
            case STRING -> SpecException.check(v.isTextual() && !v.asText().isBlank(), path, f.expected(), found);
            case STRINGS -> {
                list(v, path);
                List<Variable> set = new ArrayList<>();
                for (int j = 0; j < v.size(); j++) {
                    JsonNode name = v.get(j);
                    SpecException.check(name.isTextual() && !name.asText().isBlank(), path + "[" + j + "]",
                            "must be a non-empty string", SweepLoader.found(name));
                    set.add(Variable.parse(path + "[" + j + "]", name.asText()));
                }
                Sweep.distinct(set.stream().map(Variable::id).toList(), j -> path + "[" + j + "]",
                        "must not repeat a variable", id -> "'" + id + "'");
                return List.copyOf(set);
            }
        }
        return f.parse(path, v.asText());
    }

    private static boolean isNumber(String text) {
        try {
            Double.parseDouble(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static JsonNode list(JsonNode node, String path) {
        SpecException.check(node.isArray(), path, "must be a list", SweepLoader.found(node));
        SpecException.check(!node.isEmpty(), path, "must not be empty", "[]");
        return node;
    }

    /** A list compared as written: a repeated value would repeat cells. */
    private static void repeats(JsonNode list, String path) {
        List<JsonNode> values = new ArrayList<>();
        list.forEach(values::add);
        Sweep.distinct(values, j -> path + "[" + j + "]", "duplicate value", SweepLoader::found);
    }
}
