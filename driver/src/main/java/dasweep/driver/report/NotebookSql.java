package dasweep.driver.report;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The SQL of the notebook ({@code examples/dasweep_table.ipynb}, the same as a script in
 * {@code examples/dasweep_table.py}), by the name of the Python variable that holds it, in the order the notebook runs
 * it. The notebook's text is this text ({@code NotebookTest} compares every SQL cell with it and runs it on DuckDB):
 * the view {@code trials} over a table's Parquet files, then {@link CellSql}'s queries (the same SQL as
 * {@code export --latest} and the report) and one that puts each DAS trial beside its own controls.
 */
public final class NotebookSql {
    /** Stands for the table's folder in {@link #TRIALS_VIEW}. */
    public static final String TABLE = "{table}";

    /** DuckDB: a table's Parquet files as the view {@code trials} (partition values as text, as Spark writes them). */
    public static final String TRIALS_VIEW = """
            CREATE OR REPLACE VIEW trials AS
            SELECT * FROM read_parquet('{table}/sweep=*/run_date=*/*.parquet', hive_partitioning = true,
                                       hive_types = {'sweep': VARCHAR, 'run_date': VARCHAR}, union_by_name = true)""";

    /** Each trial's latest OK row, every column: exactly what {@code dasweep export --latest} writes. */
    public static final String LATEST = CellSql.latest("trials");

    /**
     * Each DAS trial's latest OK row (a trained intervention, not {@code vanilla}) beside the IIA of its own controls
     * (the control rows whose {@code controls_trial_id} is the trial's; null where the sweep has none) and the trivial
     * IIA: one row per DAS trial.
     */
    public static final String BESIDE_CONTROLS = "WITH latest AS (\n" + LATEST + "\n)\n"
            + "SELECT " + dasKey() + ",\n"
            + "       d.network, d.seed, d.data_seed, d.run_date, d.trial_id, d.iia AS das_iia,\n"
            + "       r.iia AS random_rotation_iia, u.iia AS untrained_network_iia, d.trivial_iia\n"
            + "FROM latest d\n"
            + "LEFT JOIN latest r ON r.sweep = d.sweep AND r.controls_trial_id = d.trial_id AND r.control = 'random_rotation'\n"
            + "LEFT JOIN latest u ON u.sweep = d.sweep AND u.controls_trial_id = d.trial_id AND u.control = 'untrained_network'\n"
            + "WHERE d.control IS NULL AND d.intervention <> 'vanilla'\n"
            + "ORDER BY " + dasKey() + ", d.network, d.seed, d.data_seed";

    /** Per cell: n networks, mean and sd of IIA (the report's cells, {@link CellSql#cells}). */
    public static final String CELLS = CellSql.cells("trials");

    /** Python variable name → SQL, in the notebook's order. */
    public static final Map<String, String> QUERIES = queries();

    private NotebookSql() {
    }

    /** The cell key of a DAS row {@code d} (every {@link CellSql#KEY} column but {@code control}). */
    private static String dasKey() {
        return CellSql.KEY.stream().filter(c -> !c.equals("control")).map(c -> "d." + c)
                .collect(Collectors.joining(", "));
    }

    private static Map<String, String> queries() {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("TRIALS_VIEW", TRIALS_VIEW);
        q.put("LATEST", LATEST);
        q.put("BESIDE_CONTROLS", BESIDE_CONTROLS);
        q.put("CELLS", CELLS);
        return java.util.Collections.unmodifiableMap(q);
    }
}
