package dasweep.driver.report;

import dasweep.executor.spec.TrialField;
import java.util.ArrayList;
import java.util.List;

/**
 * The one definition of a <em>cell</em> and its statistics, as SQL that Spark and DuckDB both run unchanged
 * (README "Reports, drift and exports" prints {@link #cells(String)} for the view {@code trials}).
 *
 * <p>A cell is a point of the grid without its replicates: every spec column except the trial seed, the data
 * seed and the base network, with {@code control} last (null for DAS; a control's cells are its own, beside the DAS
 * cells they control; nulls sort first on Spark and DuckDB alike). "The" result of a trial is its latest OK row; a network's trials in a cell (seeds,
 * data seeds) are averaged first, so {@code n} counts base networks and the spread is across networks.
 */
public final class CellSql {
    /** The columns that name a cell, in order. */
    public static final List<String> KEY = key();

    /** The columns {@link #cells(String)} returns after the key, in order. */
    public static final List<String> STATS = List.of("n", "trials", "mean_iia", "sd_iia", "mean_trivial_iia",
            "sd_trivial_iia");

    /** The table's columns in schema order, as a select list (lines of at most 100 characters: the notebook prints it). */
    public static final String COLUMNS = wrapped(List.of(dasweep.driver.spark.ResultsSchema.SCHEMA.fieldNames()));

    private static final String KEYS = String.join(", ", KEY);
    /** DuckDB sorts nulls last by default, Spark first: say which. */
    private static final String ORDER = KEYS.replace("control", "control NULLS FIRST");

    private CellSql() {
    }

    /** sweep, objective, every {@link TrialField} but the replicates ({@code variable_set} for the variables), control. */
    private static List<String> key() {
        List<String> key = new ArrayList<>(List.of("sweep", "objective"));
        for (TrialField f : TrialField.values()) {
            if (!f.replicate()) {
                key.add(f == TrialField.VARIABLES ? "variable_set" : f.key());
            }
        }
        key.add("control");
        return List.copyOf(key);
    }

    /** {@code names} joined by ", ", a new line (indented to follow "SELECT ") before one would pass 100 characters. */
    static String wrapped(List<String> names) {
        StringBuilder b = new StringBuilder();
        int line = "SELECT ".length();
        for (String name : names) {
            if (b.length() > 0) {
                b.append(',');
                line++;
                if (line + 1 + name.length() + 1 > 100) {
                    b.append("\n       ");
                    line = "       ".length();
                } else {
                    b.append(' ');
                    line++;
                }
            }
            b.append(name);
            line += name.length();
        }
        return b.toString();
    }

    /** Each trial's latest OK row of {@code table} (ties: the later start). */
    public static String latestOk(String table) {
        return "SELECT *, row_number() OVER (PARTITION BY sweep, trial_id ORDER BY run_date DESC, started_at DESC) "
                + "AS nth\n  FROM " + table + " WHERE status = 'OK'";
    }

    /** Per cell: n networks, trials, mean and sample sd of the per-network mean IIA, mean and sd of the trivial IIA. */
    public static String cells(String table) {
        return "WITH latest AS (  -- each trial's latest OK row\n"
                + "  " + latestOk(table) + "\n"
                + "), per_network AS (  -- a network's trials in the cell (seeds, data seeds) averaged first\n"
                + "  SELECT " + KEYS + ", network,\n"
                + "         avg(iia) AS iia, avg(trivial_iia) AS trivial_iia, count(*) AS trials\n"
                + "  FROM latest WHERE nth = 1\n"
                + "  GROUP BY " + KEYS + ", network\n"
                + ")\n"
                + "SELECT " + KEYS + ",\n"
                + "       count(*) AS n, sum(trials) AS trials, avg(iia) AS mean_iia, stddev_samp(iia) AS sd_iia,\n"
                + "       avg(trivial_iia) AS mean_trivial_iia, stddev_samp(trivial_iia) AS sd_trivial_iia\n"
                + "FROM per_network\n"
                + "GROUP BY " + KEYS + "\n"
                + "ORDER BY " + ORDER;
    }

    /**
     * Each trial's latest OK row of {@code table}, every column: DAS rows and their controls side by side, one run date
     * per trial (what {@code dasweep export --latest} writes and the notebook starts from).
     */
    public static String latest(String table) {
        return "SELECT " + COLUMNS + " FROM (\n  " + latestOk(table) + "\n) WHERE nth = 1";
    }
}
