package dasweep.driver.run;

import dasweep.driver.spark.ResultsSchema;
import dasweep.driver.spark.ResultsTable;
import dasweep.driver.sweep.Sweep;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * What a run needs of the results table, read once (one small Spark job, while stage 1 trains): this sweep's OK rows,
 * as trial id, run date, control, variable set, layer and IIA. From it the run knows what is done and, with the rows
 * it commits, builds the closing summary without reading the table again.
 */
public record TableState(List<Ok> ok) {
    /** One OK row of the sweep, as much of it as the run uses. */
    public record Ok(String trialId, String runDate, boolean control, String variableSet, String layer, Double iia) {
    }

    public TableState {
        ok = List.copyOf(ok);
    }

    private static final List<String> COLUMNS = List.of("trial_id", "run_date", "control", "variable_set", "layer",
            "iia");

    public static TableState read(ResultsTable table, String sweep) throws IOException {
        List<Ok> ok = new ArrayList<>();
        for (Row r : table.sweep(sweep).where(functions.col("status").equalTo("OK"))
                .select(COLUMNS.stream().map(functions::col).toArray(org.apache.spark.sql.Column[]::new))
                .collectAsList()) {
            ok.add(new Ok(r.getString(0), r.getString(1), !r.isNullAt(2), r.getString(3), r.getString(4),
                    r.isNullAt(5) ? null : r.getDouble(5)));
        }
        return new TableState(ok);
    }

    /** trial_ids already OK: on {@code runDate}, or on any date when it is null. */
    public Set<String> doneIds(String runDate) {
        return ok.stream().filter(o -> runDate == null || runDate.equals(o.runDate())).map(Ok::trialId)
                .collect(Collectors.toSet());
    }

    /**
     * The best IIA per variable set × layer over the sweep's OK DAS rows: those read and {@code appended} (rows of
     * {@link ResultsSchema#SCHEMA} this run wrote), as {@link Summary#of} computed from the table after the append.
     */
    public List<Summary.Best> best(List<Row> appended) {
        int status = ResultsSchema.SCHEMA.fieldIndex("status");
        int[] at = COLUMNS.stream().mapToInt(ResultsSchema.SCHEMA::fieldIndex).toArray();
        List<Ok> all = new ArrayList<>(ok);
        for (Row r : appended) {
            if ("OK".equals(r.get(status))) {
                all.add(new Ok(r.getString(at[0]), r.getString(at[1]), !r.isNullAt(at[2]), r.getString(at[3]),
                        r.getString(at[4]), r.isNullAt(at[5]) ? null : r.getDouble(at[5])));
            }
        }
        Map<List<String>, Double> best = new LinkedHashMap<>();
        Map<List<String>, Boolean> seen = new LinkedHashMap<>();
        for (Ok o : all) {
            if (o.control()) {
                continue;
            }
            List<String> key = List.of(o.variableSet(), o.layer());
            seen.put(key, true);
            if (o.iia() != null && (best.get(key) == null || o.iia() > best.get(key))) {
                best.put(key, o.iia());
            }
        }
        List<Summary.Best> out = new ArrayList<>();
        seen.keySet().forEach(k -> out.add(new Summary.Best(k.get(0), k.get(1), best.get(k))));
        return out;
    }

    /** The run's closing summary lines. */
    public List<String> summary(Sweep sweep, List<Row> appended) {
        return Summary.lines(sweep, best(appended));
    }
}
