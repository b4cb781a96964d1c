package dasweep.executor.data;

import dasweep.executor.SpecException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The high-level variables of the ellipse task, in label-column order (spec §1). */
public enum Variable {
    CIRCULARITY,
    COLOR,
    AREA;

    /** The label column of this variable: 0 circularity, 1 color, 2 area. */
    public int index() {
        return ordinal();
    }

    /** The lower-case name used in sweep files, the CLI and the results table. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code circularity}, {@code color} or {@code area} (case-insensitive). */
    public static Variable parse(String field, String text) {
        for (Variable v : values()) {
            if (v.id().equalsIgnoreCase(text.trim())) {
                return v;
            }
        }
        throw new SpecException(field, "unknown variable, expected one of " + names(), "'" + text + "'");
    }

    public static String names() {
        return Arrays.stream(values()).map(Variable::id).collect(Collectors.joining(", "));
    }
}
