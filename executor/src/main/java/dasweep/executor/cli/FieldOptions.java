package dasweep.executor.cli;

import dasweep.executor.spec.TrialField;
import dasweep.executor.spec.TrialSpec;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Adds one option per {@link TrialField} to {@code dasweep trial} ({@code --batch-size}, with the older spelling
 * {@code --batch} where there is one), described by the field and defaulting to the seed notebook's run; what is given
 * is kept as written in {@link TrialCommand#given}, to be read by the field's own parser.
 */
public final class FieldOptions implements CommandLine.IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec command) {
        TrialCommand trial = (TrialCommand) command.userObject();
        TrialSpec preset = TrialSpec.builder().build();
        for (TrialField f : TrialField.values()) {
            List<String> names = f.aliasOption() == null ? List.of(f.option()) : List.of(f.option(), f.aliasOption());
            ISetter setter = new ISetter() {
                @Override
                public <T> T set(T value) {
                    if (value != null) {
                        trial.given.put(f, String.valueOf(value));
                    }
                    return null;
                }
            };
            OptionSpec.Builder option = OptionSpec.builder(names.toArray(String[]::new)).setter(setter)
                    .description(description(f, preset));
            if (f.type() == TrialField.Type.BOOLEAN) {
                option.type(Boolean.class).arity("0..1").fallbackValue("true");
            } else {
                option.type(String.class).paramLabel(f.type() == TrialField.Type.STRINGS ? "A,B" : f.key().toUpperCase());
            }
            command.addOption(option.build());
        }
        return command;
    }

    private static String description(TrialField f, TrialSpec preset) {
        Object value = f.get(preset);
        String shown = switch (f) {
            case EPOCHS -> value + " single source, 2 multi source";
            case DATA_SEED -> "--seed";
            default -> value instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList())
                    : String.valueOf(value);
        };
        return capitalised(f.doc()) + " (default: " + shown + ").";
    }

    private static String capitalised(String doc) {
        String plain = doc.replace("`", "");
        return Character.toUpperCase(plain.charAt(0)) + plain.substring(1);
    }
}
