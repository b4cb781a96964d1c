package dasweep.executor.spec;


/**
 * How a site's activations are read as feature vectors (spec §5). {@code ROWS}: H positions of
 * C·W features (feature index channel·W + column), one rotation shared by all positions;
 * {@code FLAT}: the whole output flattened per example.
 */
public enum View {
    ROWS,
    FLAT;

    public String id() {
        return EnumNames.id(this);
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
        return EnumNames.parse(values(), field, "view", text);
    }
}
