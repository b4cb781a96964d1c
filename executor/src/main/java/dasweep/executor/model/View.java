package dasweep.executor.model;

import dasweep.executor.SpecException;
import java.util.Locale;

/**
 * How a site's activations are read as feature vectors (spec §5). {@code ROWS}: H positions of
 * C·W features (feature index channel·W + column), one rotation shared by all positions;
 * {@code FLAT}: the whole output flattened per example.
 */
public enum View {
    ROWS,
    FLAT;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Features per position: the dimension n of the rotation. */
    public int features(Site site) {
        return this == FLAT ? site.size() : site.channels() * site.width();
    }

    /** Positions per example that share the rotation. */
    public int positions(Site site) {
        return this == FLAT ? 1 : site.height();
    }

    public static View parse(String field, String text) {
        for (View v : values()) {
            if (v.id().equalsIgnoreCase(text.trim())) {
                return v;
            }
        }
        throw new SpecException(field, "unknown view, expected one of rows, flat", "'" + text + "'");
    }
}
