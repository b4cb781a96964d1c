package dasweep.executor.spec;


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
        return EnumNames.id(this);
    }

    /** Parses {@code circularity}, {@code color} or {@code area} (case-insensitive). */
    public static Variable parse(String field, String text) {
        return EnumNames.parse(values(), field, "variable", text);
    }

    public static String names() {
        return EnumNames.ids(values());
    }
}
