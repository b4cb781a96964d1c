package dasweep.driver.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dasweep.executor.cli.BadInput;

/**
 * Two run dates of a sweep compared cell by cell ({@link CellSql}: mean IIA across networks, each date's rows
 * alone): the cells whose |ΔIIA| exceeds a threshold.
 *
 * @param from     the earlier run date
 * @param to       the later run date
 * @param common   cells in both
 * @param onlyFrom cells only in {@code from}
 * @param onlyTo   cells only in {@code to}
 * @param drifted  common cells with |Δ| &gt; threshold, largest first
 */
public record Drift(String from, String to, int common, int onlyFrom, int onlyTo, List<Change> drifted) {
    /** The sweep has one run date so far: nothing to compare yet ({@code compare} exits 3, not 2). */
    public static final class OneRunDate extends RuntimeException {
        public OneRunDate(String message) {
            super(message);
        }
    }

    /** A cell at both dates. */
    public record Change(Cell from, Cell to) {
        public double delta() {
            return to.mean() - from.mean();
        }
    }

    /**
     * Compares {@code sweep}'s dates {@code from} and {@code to} (null: the latest date and the one before it).
     *
     * @throws BadInput   unknown sweep or date, or the same date twice
     * @throws OneRunDate the sweep has one run date
     */
    public static Drift of(TableSource source, String sweep, String from, String to, double threshold) {
        if (sweep == null || sweep.isBlank()) {
            throw new BadInput("--sweep is required");
        }
        if (Double.isNaN(threshold) || threshold < 0) {
            throw new BadInput("--threshold must be a number ≥ 0 (found " + threshold + ")");
        }
        source.select(sweep, null);
        List<String> dates = source.runDates(sweep);
        for (String d : new String[] {from, to}) {
            if (d != null && !dates.contains(d)) {
                throw new BadInput("no run date " + d + " for sweep '" + sweep + "' (run dates: " + String.join(", ", dates) + ")");
            }
        }
        if (dates.size() < 2) {
            throw new OneRunDate("sweep '" + sweep + "' has one run date so far (" + dates.get(0)
                    + "): nothing to compare yet");
        }
        String later = to != null ? to : dates.get(dates.size() - 1);
        String earlier = from;
        if (earlier == null) {
            int i = dates.indexOf(later);
            if (i == 0) {
                throw new BadInput("no run date before " + later + " for sweep '" + sweep + "'");
            }
            earlier = dates.get(i - 1);
        }
        if (earlier.equals(later)) {
            throw new BadInput("--from and --to are the same run date (" + later + ")");
        }
        Map<List<String>, Cell> a = cells(source, sweep, earlier);
        Map<List<String>, Cell> b = cells(source, sweep, later);
        List<Change> drifted = new ArrayList<>();
        int common = 0;
        for (Map.Entry<List<String>, Cell> e : a.entrySet()) {
            Cell c = b.get(e.getKey());
            if (c != null) {
                common++;
                Change ch = new Change(e.getValue(), c);
                if (Math.abs(ch.delta()) > threshold) {
                    drifted.add(ch);
                }
            }
        }
        drifted.sort(Comparator.comparingDouble((Change c) -> -Math.abs(c.delta())));
        return new Drift(earlier, later, common, a.size() - common, (int) b.keySet().stream()
                .filter(k -> !a.containsKey(k)).count(), List.copyOf(drifted));
    }

    private static Map<List<String>, Cell> cells(TableSource source, String sweep, String date) {
        Map<List<String>, Cell> out = new LinkedHashMap<>();
        source.select(sweep, date);
        source.query(CellSql.cells(TableSource.VIEW)).stream().map(Cell::of).forEach(c -> out.put(c.key(), c));
        return out;
    }

    /** The console text. */
    public List<String> lines(String sweep, double threshold) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(java.util.Locale.ROOT, "sweep %s: run_date %s → %s, %d cells in both (%d only in %s, %d only in %s);"
                + " %d with |ΔIIA| > %s", sweep, from, to, common, onlyFrom, from, onlyTo, to, drifted.size(), threshold));
        for (Change c : drifted) {
            lines.add(String.format(java.util.Locale.ROOT, "  ΔIIA %+.4f  %.4f → %.4f  (n %d → %d)  %s", c.delta(),
                    c.from().mean(), c.to().mean(), c.from().n(), c.to().n(), c.to().describe()));
        }
        return lines;
    }
}
