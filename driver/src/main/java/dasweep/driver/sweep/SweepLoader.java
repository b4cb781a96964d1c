package dasweep.driver.sweep;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads a sweep YAML file strictly: unknown keys, missing keys, wrong types, empty axes and duplicates are errors
 * naming the file, the field path ({@code grid.sites[2].k[0]}) and the problem.
 *
 * <p>Jackson binds the file onto {@link Sweep.Root} and the records it holds; it rejects unknown and missing keys
 * (every key is required unless {@link Sweep.OptionalKey}) and values of the wrong type (no coercion, except a
 * number written as text, as YAML reads {@code 1e-3}). Each record checks its own values; layers, views,
 * interventions and variables are read by the engine's parsers. {@link #translate} turns Jackson's exception into
 * a {@link SweepException}: the path comes from the exception's references, the value found from the tree, and
 * the expected shape from the bound type. Checked by hand after binding, because they relate several values:
 * repeated values and names ("already at" the first), imported networks' objectives, and weights files (resolved
 * against the sweep file's directory). Grid cells are checked later by {@link Grid#expand}.
 */
public final class SweepLoader {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL))
            .withCoercionConfig(LogicalType.Float, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.TryConvert))
            .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .annotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasRequiredMarker(AnnotatedMember m) {
                    return !m.hasAnnotation(Sweep.OptionalKey.class);
                }
            })
            .addModule(new SimpleModule().addDeserializer(Site.class, parsed(Site.class, Site::parse))
                    .addDeserializer(View.class, parsed(View.class, View::parse))
                    .addDeserializer(InterventionType.class, parsed(InterventionType.class, InterventionType::parse))
                    .addDeserializer(Variable.class, parsed(Variable.class, Variable::parse)))
            .build();

    private final String file;
    private final Path dir;
    private final JsonNode tree;

    private SweepLoader(String file, Path dir, JsonNode tree) {
        this.file = file;
        this.dir = dir;
        this.tree = tree;
    }

    /** Loads and validates {@code path}; throws {@link SweepException} for any problem. */
    public static Sweep load(Path path) {
        String file = path.toString();
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new SweepException(file, "(file)", "cannot read the sweep file (found "
                    + (Files.exists(path) ? "an unreadable file" : "no such file") + ")");
        }
        try {
            return new SweepLoader(file, path.toAbsolutePath().getParent(), YAML.readTree(path.toFile())).sweep();
        } catch (JsonProcessingException e) {
            // SnakeYAML's message: context and problem lines, each followed by an indented "in 'reader', line L,
            // column C:" and an excerpt. Keep the unindented lines, and the last (the problem's) position.
            String original = e.getOriginalMessage();
            String where = e.getLocation() == null ? "(yaml)"
                    : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            for (Matcher m = Pattern.compile("line (\\d+), column (\\d+)").matcher(original); m.find(); ) {
                where = "line " + m.group(1) + ", column " + m.group(2);
            }
            String problem = String.join("; ", original.lines().filter(l -> !l.isBlank() && !l.startsWith(" "))
                    .map(String::strip).toList());
            throw new SweepException(file, where, "malformed YAML: " + problem);
        } catch (IOException e) {
            throw new SweepException(file, "(file)", "cannot read the sweep file (found " + e + ")");
        }
    }

    private Sweep sweep() {
        Sweep.Root root;
        try {
            root = YAML.treeToValue(tree, Sweep.Root.class);
        } catch (JsonMappingException e) {
            throw translate(e);
        } catch (JsonProcessingException e) {
            throw error("", e.getOriginalMessage());
        }
        if (root == null || !tree.isObject()) {
            throw error("", expected(YAML.constructType(Sweep.Root.class)) + " (found " + found(tree) + ")");
        }
        List<Objective> objectives = root.objectives().stream().map(Sweep.ObjectiveEntry::objective).toList();
        distinct(objectives, Objective::name, i -> "objectives[" + i + "].name", "duplicate objective name",
                o -> "'" + o.name() + "'");
        List<Sweep.Imported> imports = root.networks().imported();
        distinct(imports, Sweep.Imported::name, i -> "networks.imported[" + i + "].name", "duplicate network name",
                n -> "'" + n.name() + "'");
        List<Sweep.Imported> imported = new ArrayList<>();
        List<String> names = objectives.stream().map(Objective::name).toList();
        for (int i = 0; i < imports.size(); i++) {
            Sweep.Imported n = imports.get(i);
            if (!names.contains(n.objective())) {
                throw error("networks.imported[" + i + "].objective", "unknown objective, expected one of "
                        + String.join(", ", names) + " (found '" + n.objective() + "')");
            }
            String resolved = WeightsFiles.isUri(n.path()) ? n.path() : dir.resolve(n.path()).normalize().toString();
            String unreadable = WeightsFiles.unreadable(resolved);
            if (unreadable != null) {
                throw error("networks.imported[" + i + "].path", "cannot read the weights file: " + unreadable
                        + " (found '" + n.path() + "')");
            }
            imported.add(new Sweep.Imported(n.name(), resolved, n.objective()));
        }
        for (int b = 0; b < root.grid().size(); b++) {
            String at = tree.get("grid").isArray() ? "grid[" + b + "]" : "grid";
            JsonNode node = tree.get("grid").isArray() ? tree.get("grid").get(b) : tree.get("grid");
            Sweep.Grid g = root.grid().get(b);
            // A repeated axis value would repeat cells: compared as written, like the old tree walk.
            node.fields().forEachRemaining(axis -> distinct(elements(axis.getValue()), n -> n,
                    j -> at + "." + axis.getKey() + "[" + j + "]", "duplicate value", this::found));
            for (int s = 0; s < g.sites().size(); s++) {
                String site = at + ".sites[" + s + "]";
                distinct(elements(node.get("sites").get(s).get("k")), n -> n, j -> site + ".k[" + j + "]",
                        "duplicate value", this::found);
            }
            distinct(g.sites(), SweepLoader::site, j -> at + ".sites[" + j + "]", "duplicate site", SweepLoader::site);
            for (int v = 0; v < g.variables().size(); v++) {
                String set = at + ".variables[" + v + "]";
                distinct(g.variables().get(v), x -> x, j -> set + "[" + j + "]", "must not repeat a variable",
                        x -> "'" + x.id() + "'");
            }
        }
        return new Sweep(root.name(), file, root.data(), objectives, root.networks().trained(), imported, root.grid());
    }

    /** Turns Jackson's binding exception into ours: path from its references, found from the tree. */
    private SweepException translate(JsonMappingException e) {
        JavaType type = YAML.constructType(Sweep.Root.class);
        JavaType parent = type;
        JsonNode node = tree;
        String path = "";
        for (JsonMappingException.Reference r : e.getPath()) {
            parent = type;
            if (r.getFieldName() != null) {
                path = join(path, r.getFieldName());
                node = node.path(r.getFieldName());
                type = type == null ? null : property(type, r.getFieldName());
            } else {
                type = type == null ? null : type.getContentType();
                if (node.isArray()) { // else a single grid block, read as a list of one
                    path += "[" + r.getIndex() + "]";
                    node = node.path(r.getIndex());
                }
            }
        }
        if (e instanceof UnrecognizedPropertyException u) {
            return error(path, "unknown key, expected one of " + keys(parent) + " (found '" + u.getPropertyName() + "')");
        }
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof SpecException s) {
                return error(join(path, s.field().replaceFirst("^objective\\.", "")), s.problem());
            } else if (c instanceof NullPointerException && type != null && property(type, c.getMessage()) != null) {
                return error(join(path, c.getMessage()), expected(property(type, c.getMessage())) + " (found nothing)");
            } else if (c instanceof IllegalArgumentException) {
                return error(path, c.getMessage());
            }
        }
        if (node.isMissingNode()) {
            return error(path, "is required (found nothing)");
        }
        return error(path, expected(type) + " (found " + found(node) + ")");
    }

    /** What a value of {@code type} must be, as the problem's first words. */
    private static String expected(JavaType type) {
        if (type == null) {
            return "must be a known value";
        } else if (type.isRecordType()) {
            return "must be a mapping with keys " + keys(type);
        } else if (type.isCollectionLikeType()) {
            return "must be a list";
        }
        Class<?> c = type.getRawClass();
        return Set.of(int.class, Integer.class, long.class, Long.class).contains(c) ? "must be an integer"
                : c == double.class || c == Double.class ? "must be a number"
                : c == boolean.class || c == Boolean.class ? "must be true or false" : "must be a non-empty string";
    }

    /** A record's keys: the required ones sorted, then the optional ones sorted. */
    private static String keys(JavaType record) {
        return Stream.concat(properties(record).filter(BeanPropertyDefinition::isRequired).map(p -> p.getName()).sorted(),
                properties(record).filter(p -> !p.isRequired()).map(p -> p.getName()).sorted())
                .collect(Collectors.joining(", "));
    }

    private static Stream<BeanPropertyDefinition> properties(JavaType record) {
        return YAML.getDeserializationConfig().introspect(record).findProperties().stream();
    }

    private static JavaType property(JavaType record, String key) {
        return properties(record).filter(p -> p.getName().equals(key)).map(BeanPropertyDefinition::getPrimaryType)
                .findFirst().orElse(null);
    }

    /** The first value whose key repeats an earlier one's is an error: {@code <what>, already at <earlier>}. */
    private <T> void distinct(List<T> values, Function<T, ?> key, IntFunction<String> path, String what,
                              Function<T, String> found) {
        Map<Object, Integer> seen = new HashMap<>();
        for (int i = 0; i < values.size(); i++) {
            Integer before = seen.putIfAbsent(key.apply(values.get(i)), i);
            if (before != null) {
                throw error(path.apply(i), what + ", already at " + path.apply(before) + " (found "
                        + found.apply(values.get(i)) + ")");
            }
        }
    }

    private static List<JsonNode> elements(JsonNode list) {
        List<JsonNode> out = new ArrayList<>();
        list.elements().forEachRemaining(out::add);
        return out;
    }

    private static String site(Sweep.SiteAxis s) {
        return s.layer().id() + "/" + s.view().id();
    }

    private String found(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? "nothing"
                : node.isTextual() ? "'" + node.asText() + "'" : node.toString();
    }

    private static String join(String path, String field) {
        return path.isEmpty() || field.isEmpty() ? path + field : field.startsWith("[") ? path + field : path + "." + field;
    }

    private SweepException error(String path, String problem) {
        return new SweepException(file, path.isEmpty() ? "(root)" : path, problem);
    }

    /** Reads an enum with the engine's parser, so that its message ("unknown layer, expected one of ...") is kept. */
    private static <T> StdScalarDeserializer<T> parsed(Class<T> type, BiFunction<String, String, T> parse) {
        return new StdScalarDeserializer<>(type) {
            @Override
            public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                if (!p.hasToken(JsonToken.VALUE_STRING)) {
                    return type.cast(ctxt.handleUnexpectedToken(String.class, p));
                }
                return parse.apply("", Sweep.text(p.getText(), ""));
            }
        };
    }
}
