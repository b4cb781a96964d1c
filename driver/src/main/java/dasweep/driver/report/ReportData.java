package dasweep.driver.report;

import dasweep.driver.trial.Provenance;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Everything a report shows, aggregated with Spark SQL from the selected rows (registered as the view
 * {@value #VIEW}); drawing and HTML work only on these values.
 *
 * @param title       what was selected (table, sweep, run date)
 * @param cells       every cell with n, mean, sd (see {@link CellSql})
 * @param networks    base networks and their accuracies
 * @param failures    FAILED rows grouped by the first line of their error
 * @param provenance  code versions, runs and dates behind the rows
 * @param rowsRead    rows selected (all statuses, all runs)
 */
public record ReportData(String title, List<Cell> cells, List<Network> networks, List<Failure> failures,
                         List<Provenance> provenance, long rowsRead) {
    public static final String VIEW = "dasweep_report_trials";

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

    static final String FAILURES = "WITH failed AS (SELECT f.*, substring_index(f.error, '\\n', 1) AS reason,"
            + " EXISTS (SELECT 1 FROM " + VIEW + " o WHERE o.status = 'OK' AND o.sweep = f.sweep"
            + " AND o.trial_id = f.trial_id) AS retried FROM " + VIEW + " f WHERE f.status = 'FAILED')"
            + " SELECT sweep, reason, count(*), count(DISTINCT CASE WHEN NOT retried THEN trial_id END),"
            + " min(concat(network, ' ', variable_set, ' ', layer, ' ', intervention, ' k ', k, ' (cell ', cell_index, ')'))"
            + " FROM failed GROUP BY sweep, reason ORDER BY sweep, count(*) DESC, reason";

    static final String PROVENANCE = "SELECT sweep, run_date, run_id, concat_ws(', ', sort_array(collect_set(code_version))),"
            + " first(spark_version), concat_ws(', ', sort_array(collect_set(djl_version))),"
            + " concat_ws(', ', sort_array(collect_set(pytorch_version))), count(*),"
            + " count(CASE WHEN status = 'FAILED' THEN 1 END), concat_ws(', ', sort_array(collect_set(host))),"
            + " concat_ws(', ', sort_array(collect_set(device))),"
            + " date_format(min(started_at), 'yyyy-MM-dd HH:mm:ss'), date_format(max(started_at), 'yyyy-MM-dd HH:mm:ss')"
            + " FROM " + VIEW + " GROUP BY sweep, run_date, run_id ORDER BY sweep, run_date, run_id";

    /** Aggregates {@code rows} (already selected) in {@code source}'s Spark session. */
    public static ReportData of(TableSource source, Dataset<Row> rows, String title) {
        List<Cell> cells = source.sql(rows, VIEW, CellSql.cells(VIEW)).stream().map(Cell::of).toList();
        List<Network> networks = source.spark().sql(NETWORKS).collectAsList().stream()
                .map(r -> new Network(r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                        r.getDouble(5), r.isNullAt(6) ? null : r.getDouble(6), r.getLong(7)))
                .toList();
        List<Failure> failures = source.spark().sql(FAILURES).collectAsList().stream()
                .map(r -> new Failure(r.getString(0), r.getString(1), r.getLong(2), r.getLong(3), r.getString(4)))
                .toList();
        List<Provenance> provenance = source.spark().sql(PROVENANCE).collectAsList().stream()
                .map(r -> new Provenance(r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                        r.getString(5), r.getString(6), r.getLong(7), r.getLong(8), r.getString(9), r.getString(10),
                        r.getString(11), r.getString(12)))
                .toList();
        return new ReportData(title, cells, networks, failures, provenance, rows.count());
    }
}
