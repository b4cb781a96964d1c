package dasweep.driver.sweep;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.util.ClassUtil;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dasweep.executor.spec.Control;
import dasweep.executor.spec.InterventionType;
import dasweep.executor.spec.Variable;
import dasweep.executor.spec.Flatten;
import dasweep.executor.spec.Init;
import dasweep.executor.spec.LrSchedule;
import dasweep.executor.spec.Site;
import dasweep.executor.spec.View;
import java.io.IOException;
import java.util.Comparator;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * How a sweep file binds: the YAML mapper (strict duplicates, snake_case keys, no coercion but numbers written
 * as text, every key required unless {@link Sweep.OptionalKey}), the engine's parsers for layers, views,
 * interventions, variables and controls, and what each bound type expects, for {@link SweepLoader}'s messages.
 */
final class SweepYaml {
    static final ObjectMapper MAPPER = YAMLMapper.builder()
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
                    .addDeserializer(Variable.class, parsed(Variable.class, Variable::parse))
                    .addDeserializer(Control.class, parsed(Control.class, Control::parse))
                    .addDeserializer(Flatten.class, parsed(Flatten.class, Flatten::parse))
                    .addDeserializer(LrSchedule.class, parsed(LrSchedule.class, LrSchedule::parse))
                    .addDeserializer(Init.class, parsed(Init.class, Init::parse)))
            .build();
    static final JavaType ROOT = MAPPER.constructType(Sweep.Root.class);


    private SweepYaml() {
    }

    /** The file's one YAML document; a second one is refused rather than silently ignored. */
    static JsonNode readOne(Path file) throws IOException {
        try (JsonParser parser = MAPPER.createParser(file.toFile())) {
            JsonNode tree = MAPPER.readTree(parser);
            if (parser.nextToken() != null) {
                throw new JsonParseException(parser, "a sweep file holds one YAML document; found a second one");
            }
            return tree != null ? tree : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
    }

    /** What a value of {@code type} must be. */
    static String expected(JavaType type) {
        if (type.isRecordType()) {
            return "must be a mapping with keys " + keys(type);
        }
        Class<?> c = type.isPrimitive() ? ClassUtil.wrapperType(type.getRawClass()) : type.getRawClass();
        return type.isCollectionLikeType() ? "must be a list" : Map.of(Integer.class, "must be an integer",
                Long.class, "must be an integer", Double.class, "must be a number", Boolean.class,
                "must be true or false").getOrDefault(c, "must be a non-empty string");
    }

    /** A record's keys: the required ones sorted, then the optional ones sorted. */
    static String keys(JavaType record) {
        return MAPPER.getDeserializationConfig().introspect(record).findProperties().stream().sorted(Comparator.comparing((BeanPropertyDefinition p) -> !p.isRequired())
                .thenComparing(BeanPropertyDefinition::getName)).map(BeanPropertyDefinition::getName)
                .collect(Collectors.joining(", "));
    }

    static JavaType property(JavaType record, String key) {
        return MAPPER.getDeserializationConfig().introspect(record).findProperties().stream().filter(p -> p.getName().equals(key)).findFirst()
                .map(BeanPropertyDefinition::getPrimaryType).orElse(null);
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
