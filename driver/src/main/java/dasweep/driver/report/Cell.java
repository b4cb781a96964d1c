package dasweep.driver.report;

import dasweep.executor.spec.TrialField;
import java.util.List;

/**
 * One row of {@link CellSql#cells(String)}: a cell's key and its statistics across base networks.
 *
 * @param key            the {@link CellSql#KEY} values, as text (null as empty: {@code control} of a DAS cell)
 * @param n              base networks
 * @param trials         trials (rows) behind it
 * @param mean           mean of the per-network mean IIA
 * @param sd             sample standard deviation across networks; null when n = 1
 * @param meanTrivialIia mean trivial IIA (the unintervened output against the counterfactual labels)
 * @param sdTrivialIia   its sample standard deviation across networks; null when n = 1
 */
public record Cell(List<String> key, long n, long trials, double mean, Double sd, double meanTrivialIia,
                   Double sdTrivialIia) {
    public static Cell of(SqlRow r) {
        int keys = CellSql.KEY.size();
        List<String> key = java.util.stream.IntStream.range(0, keys).mapToObj(r::text).toList();
        return new Cell(key, r.getLong(keys), r.getLong(keys + 1), r.getDouble(keys + 2),
                r.isNull(keys + 3) ? null : r.getDouble(keys + 3), r.getDouble(keys + 4),
                r.isNull(keys + 5) ? null : r.getDouble(keys + 5));
    }

    public String get(String column) {
        return key.get(CellSql.KEY.indexOf(column));
    }

    public int k() {
        return Integer.parseInt(get("k"));
    }

    /** A DAS cell: a trained intervention, not a control. */
    public boolean das() {
        return !get("intervention").equals("vanilla") && control() == null;
    }

    /** The control this cell is ({@code random_rotation}, {@code untrained_network}), or null for DAS and vanilla. */
    public String control() {
        String c = get("control");
        return c.isEmpty() ? null : c;
    }

    /**
     * Whether this control cell controls {@code das}: the same key but the control, and, for a random rotation (which
     * trains nothing), the epochs.
     */
    public boolean controls(Cell das, String control) {
        if (!control.equals(control()) || das.control() != null) {
            return false;
        }
        for (String column : CellSql.KEY) {
            if (!column.equals("control") && !(column.equals("epochs") && control.equals("random_rotation"))
                    && !get(column).equals(das.get(column))) {
                return false;
            }
        }
        return true;
    }

    /** Half-width of the 95% interval (NaN when n &lt; 2). */
    public double ci() {
        return Confidence.halfWidth(n, sd);
    }

    /** The 95% interval's lower end, clipped to [0, 1] (the mean when n &lt; 2). */
    public double low() {
        return Math.max(0, mean - (Double.isNaN(ci()) ? 0 : ci()));
    }

    /** The 95% interval's upper end, clipped to [0, 1] (an IIA cannot exceed 1; the mean when n &lt; 2). */
    public double high() {
        return Math.min(1, mean + (Double.isNaN(ci()) ? 0 : ci()));
    }

    /** Half-width of the trivial IIA's 95% interval (NaN when n &lt; 2). */
    public double trivialCi() {
        return Confidence.halfWidth(n, sdTrivialIia);
    }

    /** The key without the layer and k: which heatmap/series the cell belongs to. */
    public String label() {
        return get("intervention") + " " + get("view") + (get(TrialField.MULTI_SOURCE.key()).equals("true") ? " multi" : "")
                + " lr " + get("lr") + " ep " + get("epochs") + " b " + get("batch_size")
                + (control() == null ? "" : " " + control());
    }

    /** The cell as one readable line (for compare). */
    public String describe() {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i < CellSql.KEY.size(); i++) {
            if (CellSql.KEY.get(i).equals("control") && control() == null) {
                continue; // DAS cells read as before controls existed
            }
            b.append(i > 1 ? " " : "").append(CellSql.KEY.get(i)).append('=').append(key.get(i));
        }
        return b.toString();
    }
}
