package dasweep.driver.report;

import dasweep.driver.trial.Provenance;

import java.util.List;

/**
 * Everything a report shows, aggregated with SQL (DuckDB or Spark, {@link TableSource}) from the selected rows (registered as the view
 * {@value #VIEW}); drawing and HTML work only on these values.
 *
 * @param title       what was selected (table, sweep, run date)
 * @param cells       every cell with n, mean, sd (see {@link CellSql})
 * @param networks    base networks and their accuracies
 * @param failures    FAILED rows grouped by the first line of their error
 * @param provenance  code versions, runs and dates behind the rows
 * @param rowsRead    rows selected (all statuses, all runs)
 * @param losses      every DAS trial's training loss per epoch (its latest OK row), for the loss curves
 */
public record ReportData(String title, List<Cell> cells, List<Network> networks, List<Failure> failures,
                         List<Provenance> provenance, long rowsRead, List<LossCurves.Curve> losses) {
    public static final String VIEW = TableSource.VIEW;

    /** A base network: its test accuracy (stage 1) and its mean task accuracy on the trials' evaluation images. */
    public record Network(String sweep, String objective, String network, String source, String sha256,
                          double testAccuracy, Double meanBaseAccuracy, long okTrials) {
    }

    /** FAILED rows with the same first error line; {@code stillFailing}: trials with no OK row in the selection. */
    public record Failure(String sweep, String reason, long rows, long stillFailing, String example) {
    }

    /** One run: its id, date, code and library versions, rows and hosts. */
    public record Provenance(String sweep, String runDate, String runId, String codeVersion, String sparkVersion,
                             String djlVersion, String pytorchVersion, long rows, long failed, String hosts,
                             String devices, String firstStart, String lastStart) {
    }

    static final String NETWORKS = "SELECT sweep, objective, network, network_source, network_sha256,"
            + " max(network_test_accuracy), avg(CASE WHEN status = 'OK' THEN base_accuracy END),"
            + " count(CASE WHEN status = 'OK' THEN 1 END)"
            + " FROM " + VIEW + " GROUP BY sweep, objective, network, network_source, network_sha256"
            + " ORDER BY sweep, objective, network, network_sha256";

    static final String FAILURES = "WITH failed AS (SELECT f.*, split_part(f.error, chr(10), 1) AS reason,"
            + " EXISTS (SELECT 1 FROM " + VIEW + " o WHERE o.status = 'OK' AND o.sweep = f.sweep"
            + " AND o.trial_id = f.trial_id) AS retried FROM " + VIEW + " f WHERE f.status = 'FAILED')"
            + " SELECT sweep, reason, count(*), count(DISTINCT CASE WHEN NOT retried THEN trial_id END),"
            + " min(concat(network, ' ', variable_set, ' ', layer, ' ', intervention, ' k ', k, ' (cell ', cell_index, ')'))"
            + " FROM failed GROUP BY sweep, reason ORDER BY sweep, count(*) DESC, reason";

    /** The runs behind the rows; {@code source} supplies the two functions whose names differ between engines. */
    static String provenance(TableSource source) {
        return "SELECT sweep, run_date, run_id, " + source.distinctText("code_version") + ", min(spark_version), "
                + source.distinctText("djl_version") + ", " + source.distinctText("pytorch_version") + ", count(*),"
                + " count(CASE WHEN status = 'FAILED' THEN 1 END), " + source.distinctText("host") + ", "
                + source.distinctText("device") + ", " + source.timeText("min(started_at)") + ", "
                + source.timeText("max(started_at)")
                + " FROM " + VIEW + " GROUP BY sweep, run_date, run_id ORDER BY sweep, run_date, run_id";
    }

    /** Selects {@code sweep} (null: all) and {@code runDate} (null: all) in {@code source} and aggregates them. */
    public static ReportData of(TableSource source, String sweep, String runDate, String title) {
        long rowsRead = source.select(sweep, runDate);
        List<Cell> cells = source.query(CellSql.cells(VIEW)).stream().map(Cell::of).toList();
        List<Network> networks = source.query(NETWORKS).stream()
                .map(r -> new Network(r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                        r.getDouble(5), r.isNull(6) ? null : r.getDouble(6), r.getLong(7)))
                .toList();
        List<Failure> failures = source.query(FAILURES).stream()
                .map(r -> new Failure(r.getString(0), r.getString(1), r.getLong(2), r.getLong(3), r.getString(4)))
                .toList();
        List<Provenance> provenance = source.query(provenance(source)).stream()
                .map(r -> new Provenance(r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                        r.getString(5), r.getString(6), r.getLong(7), r.getLong(8), r.getString(9), r.getString(10),
                        r.getString(11), r.getString(12)))
                .toList();
        return new ReportData(title, cells, networks, failures, provenance, rowsRead, LossCurves.of(source));
    }
}
