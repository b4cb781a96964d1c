package dasweep.driver.sweep;

/**
 * A sweep file broke a rule. The message is {@code <file>: <field path>: <problem>}, e.g.
 * {@code sweeps/x.yaml: grid.sites[0].k[1]: must be at most 448, the features of site conv1/rows (found 500)}.
 */
public final class SweepException extends RuntimeException {
    private final String file;
    private final String path;
    private final String problem;

    public SweepException(String file, String path, String problem) {
        super(file + ": " + path + ": " + problem);
        this.file = file;
        this.path = path;
        this.problem = problem;
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
