package dasweep.executor.spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The one description of each field of a {@link TrialSpec} that a sweep varies: its one spelling (the sweep file's
 * grid key, the results table's column, the canonical map's key behind {@code trial_id}, and, with dashes, the
 * {@code dasweep trial} option), an older spelling still read ({@link #alias}), where a sweep sets it ({@link Role}),
 * whether it is a replicate, its column's type and doc, and how to read it from and set it on a spec. The grid
 * expansion, the trial count, the dry run's breakdown, the canonical map, the spec columns, the cell key and the
 * trial command's options are all derived from these constants, so a new axis is a new constant (plus the engine
 * code that uses it).
 *
 * <p>The constants are declared in the table's column order, which is also the order the grid is expanded in
 * (first outermost). The objective (per base network) and the control (a baseline beside a DAS cell) are fields of
 * the spec too, but no sweep varies them as an axis; {@link TrialSpec#toMap} writes them itself.
 */
public enum TrialField {
    VARIABLES("variables", null, Role.AXIS, Type.STRINGS, false, "variable sets",
            "the high-level variables localised, in source order",
            s -> s.variables().stream().map(Variable::id).toList(), (b, v) -> b.variables(variables(v))),
    LAYER("layer", null, Role.SITE, Type.STRING, false, "layers",
            "intervention site: `conv1`, `conv2`, `conv3` or `fc1` (pre-ReLU output)",
            s -> s.intervention().site().id(), (b, v) -> b.site((Site) v)),
    VIEW("view", null, Role.SITE, Type.STRING, false, "views",
            "`rows` (H positions of C·W features) or `flat` (whole output)",
            s -> s.intervention().view().id(), (b, v) -> b.view((View) v)),
    INTERVENTION("intervention", "interventions", Role.AXIS, Type.STRING, false, "interventions",
            "`rotated`, `low_rank` or `vanilla`",
            s -> s.intervention().type().id(), (b, v) -> b.type((InterventionType) v)),
    K("k", null, Role.SITE, Type.INT, false, "k values",
            "rotated coordinates per source (for `vanilla`: the site's feature count)",
            s -> s.intervention().k(), (b, v) -> b.k((Integer) v)),
    MULTI_SOURCE("multi_source", null, Role.AXIS, Type.BOOLEAN, false, "multi_source values",
            "one source per variable, each owning a disjoint block of k coordinates",
            s -> s.intervention().multiSource(), (b, v) -> b.multiSource((Boolean) v)),
    LR("lr", null, Role.AXIS, Type.DOUBLE, false, "learning rates", "Adam learning rate of the rotation",
            s -> s.training().lr(), (b, v) -> b.lr((Double) v)),
    EPOCHS("epochs", null, Role.AXIS, Type.INT, false, "epoch counts", "training epochs",
            s -> s.training().epochs(), (b, v) -> b.epochs((Integer) v)),
    BATCH_SIZE("batch_size", "batch", Role.AXIS, Type.INT, false, "batch sizes", "pairs per Adam step",
            s -> s.training().batchSize(), (b, v) -> b.batchSize((Integer) v)),
    SEED("seed", "seeds", Role.AXIS, Type.LONG, true, "trial seeds", "the trial seed (rotation initialisation)",
            s -> s.training().seed(), (b, v) -> b.seed((Long) v)),
    DATA_SEED("data_seed", "data_seeds", Role.DATA_AXIS, Type.LONG, true, "data seeds",
            "seeds the image pools and the pairs",
            s -> s.data().dataSeed(), (b, v) -> b.dataSeed((Long) v)),
    N_TRAIN("n_train", null, Role.DATA_AXIS, Type.INT, false, "training pair counts",
            "training pairs (= training image pool)",
            s -> s.data().nTrain(), (b, v) -> b.nTrain((Integer) v)),
    N_EVAL("n_eval", null, Role.DATA, Type.INT, false, "evaluation pair counts",
            "evaluation pairs (= evaluation image pool)",
            s -> s.data().nEval(), (b, v) -> b.nEval((Integer) v));

    /** Where a sweep file sets a field. */
    public enum Role {
        /** a list in every grid block */
        AXIS,
        /** a value of the {@code data} block */
        DATA,
        /** a value of the {@code data} block, which a grid block may replace by a list of its own */
        DATA_AXIS,
        /** set through a grid block's {@code sites} entries ({@code {layer, view, k: [..]}}) */
        SITE;

        /** A grid block may (or must) list values for the field under its key. */
        public boolean inGrid() {
            return this == AXIS || this == DATA_AXIS;
        }
    }

    /** A field's value type: what the sweep file and the command line give, and the table's column type. */
    public enum Type {
        STRING, STRINGS, INT, LONG, DOUBLE, BOOLEAN
    }

    /**
     * The keys of the canonical map behind {@code trial_id}, in its order. Frozen: the ids of every table written
     * depend on it (the {@code legacy-v1} fixture). A new field is appended, and enters the map only when it differs
     * from the value every earlier trial had, so earlier ids stay.
     */
    public static final List<TrialField> ID_ORDER = List.of(VARIABLES, LAYER, VIEW, INTERVENTION, K, MULTI_SOURCE,
            EPOCHS, LR, BATCH_SIZE, N_TRAIN, N_EVAL, DATA_SEED, SEED);

    private final String key;
    private final String alias;
    private final Role role;
    private final Type type;
    private final boolean replicate;
    private final String plural;
    private final String doc;
    private final Function<TrialSpec, Object> get;
    private final BiConsumer<TrialSpec.Builder, Object> set;

    TrialField(String key, String alias, Role role, Type type, boolean replicate, String plural, String doc,
               Function<TrialSpec, Object> get, BiConsumer<TrialSpec.Builder, Object> set) {
        this.key = key;
        this.alias = alias;
        this.role = role;
        this.type = type;
        this.replicate = replicate;
        this.plural = plural;
        this.doc = doc;
        this.get = get;
        this.set = set;
    }

    /** The one spelling: grid key, column, canonical key; {@link #option()} with dashes. */
    public String key() {
        return key;
    }

    /** The spelling older sweep files (and the command line) used, still read; null when none. */
    public String alias() {
        return alias;
    }

    public Role role() {
        return role;
    }

    public Type type() {
        return type;
    }

    /** A replicate (seed, data seed): not part of a cell; a cell's replicates are averaged. */
    public boolean replicate() {
        return replicate;
    }

    /** What several values are called in the dry run's breakdown ({@code 2 learning rates}). */
    public String plural() {
        return plural;
    }

    /** The column's documentation. */
    public String doc() {
        return doc;
    }

    /** The {@code dasweep trial} option: {@code --batch-size}. */
    public String option() {
        return "--" + key.replace('_', '-');
    }

    /** The older option, {@code --batch}; null when none (an alias that is the key's plural names a grid list only). */
    public String aliasOption() {
        return alias == null || alias.equals(key + "s") ? null : "--" + alias.replace('_', '-');
    }

    /** The field's value in {@code spec}, as the table stores it (enums as their ids, variables as a list of ids). */
    public Object get(TrialSpec spec) {
        return get.apply(spec);
    }

    /** Sets a value read by {@link #parse} (or of the same Java type) on a builder. */
    public void set(TrialSpec.Builder builder, Object value) {
        set.accept(builder, value);
    }

    /**
     * Reads one value from its text (a sweep file's string, a command-line argument); a value that is not of the
     * field's type or names no layer, view, intervention or variable is a {@link SpecException} naming {@code field}.
     */
    public Object parse(String field, String text) {
        return switch (this) {
            case VARIABLES -> {
                List<Variable> out = new ArrayList<>();
                for (String v : text.split(",", -1)) {
                    out.add(Variable.parse(field, v.strip()));
                }
                yield out;
            }
            case LAYER -> Site.parse(field, text);
            case VIEW -> View.parse(field, text);
            case INTERVENTION -> InterventionType.parse(field, text);
            default -> number(field, text);
        };
    }

    private Object number(String field, String text) {
        try {
            return switch (type) {
                case INT -> Integer.parseInt(text.strip());
                case LONG -> Long.parseLong(text.strip());
                case DOUBLE -> Double.parseDouble(text.strip());
                case BOOLEAN -> switch (text.strip()) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> throw new NumberFormatException();
                };
                default -> text;
            };
        } catch (NumberFormatException e) {
            throw new SpecException(field, expected(), "'" + text + "'");
        }
    }

    /** What a value of this field must be, as the error messages say it. */
    public String expected() {
        return switch (type) {
            case INT, LONG -> "must be an integer";
            case DOUBLE -> "must be a number";
            case BOOLEAN -> "must be true or false";
            case STRINGS -> "must be a list of variables";
            case STRING -> "must be a non-empty string";
        };
    }

    /** The field spelled {@code name} (its key or its alias); null when none is. */
    public static TrialField named(String name) {
        return Arrays.stream(values()).filter(f -> f.key.equals(name) || name.equals(f.alias)).findFirst()
                .orElse(null);
    }

    /** The fields a grid block may list, in expansion order. */
    public static List<TrialField> gridFields() {
        return Arrays.stream(values()).filter(f -> f.role.inGrid()).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Variable> variables(Object v) {
        return (List<Variable>) v;
    }
}
