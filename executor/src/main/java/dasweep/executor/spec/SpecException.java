package dasweep.executor.spec;

/**
 * A configuration value broke a rule. The message always names the field, the rule and the value
 * found, e.g. {@code k: must be at most 448, the features of site conv1/rows (found 500)}; callers
 * (the CLI, the sweep loader) prefix it with the option or file it came from.
 */
public final class SpecException extends IllegalArgumentException {
    private final String field;

    public SpecException(String field, String problem, Object found) {
        super(field + ": " + problem + " (found " + found + ")");
        this.field = field;
    }

    /** The field that was wrong, as named in the record (e.g. {@code k}, {@code lr}). */
    public String field() {
        return field;
    }

    /** The message without the leading field name. */
    public String problem() {
        return getMessage().substring(field.length() + 2);
    }

    public static void check(boolean ok, String field, String problem, Object found) {
        if (!ok) {
            throw new SpecException(field, problem, found);
        }
    }

    public static void positiveFinite(double value, String field) {
        check(Double.isFinite(value) && value > 0, field, "must be a positive finite number", value);
    }

    /** The largest learning rate accepted (Adam on these networks diverges long before it). */
    public static final double MAX_LR = 1.0;

    /** A learning rate: positive, finite, at most {@link #MAX_LR}. */
    public static void learningRate(double value, String field) {
        positiveFinite(value, field);
        check(value <= MAX_LR, field, "must be at most " + MAX_LR + " (a learning rate)", value);
    }

    public static void positive(long value, String field) {
        check(value > 0, field, "must be positive", value);
    }
}
