package dasweep.driver.sweep;

/**
 * A sweep file broke a rule. The message is {@code <file>: <field path>: <problem>}, e.g.
 * {@code sweeps/x.yaml: grid.sites[0].k[1]: must be at most 448, the features of site conv1/rows (found 500)}.
 */
public final class SweepException extends RuntimeException {
    private final String file;
    private final String path;
    private final String problem;

    /** Values echoed in a message are cut to this many characters. */
    public static final int MAX_ECHO = 80;
    private static final java.util.regex.Pattern FOUND = java.util.regex.Pattern.compile("\\(found (.*)\\)$",
            java.util.regex.Pattern.DOTALL);

    /** Echoed values (the path, the value found) are cut to {@link #MAX_ECHO} characters. */
    public SweepException(String file, String path, String problem) {
        super(file + ": " + cut(path) + ": " + cutFound(problem));
        this.file = file;
        this.path = path;
        this.problem = cutFound(problem);
    }

    /** {@code text}, or its first {@link #MAX_ECHO} characters and an ellipsis with the length. */
    public static String cut(String text) {
        return text.length() <= MAX_ECHO ? text : text.substring(0, MAX_ECHO) + "… (" + text.length() + " characters)";
    }

    private static String cutFound(String problem) {
        java.util.regex.Matcher m = FOUND.matcher(problem);
        return m.find() ? problem.substring(0, m.start()) + "(found " + cut(m.group(1)) + ")" : problem;
    }

    public String file() {
        return file;
    }

    /** The field path inside the file, e.g. {@code grid.sites[2].k[0]}. */
    public String path() {
        return path;
    }

    public String problem() {
        return problem;
    }
}
