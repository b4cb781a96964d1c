package dasweep.driver;

import dasweep.executor.spec.TrialField;
import dasweep.driver.paper.PaperComparison;
import dasweep.driver.spark.ResultsTable;
import dasweep.driver.spark.SparkSessions;
import dasweep.driver.sweep.SweepException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dasweep paper}: a sweep's results beside the paper's per-cell summary ({@link PaperComparison}): the paper's
 * mean ± sd and ours per cell, the difference in paper sds, cells more than 3 sd away flagged, and a summary.
 */
@Command(name = "paper", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Put a sweep's IIA beside the paper's, per cell (objective by coefficients, layer, variable set, "
                + "k): our mean over networks of the OK flat low_rank single-source rows, the paper's mean ± sd, the "
                + "difference in paper sds. Exit codes: 0 done, 1 failure, 2 bad input.")
public final class PaperCommand implements Callable<Integer> {
    /** The default CSV, relative to the dasweep home. */
    static final String DEFAULT_CSV = "../shared/paper/iia-by-cell.csv";

    @Spec
    CommandSpec spec;

    @Option(names = "--table", required = true, paramLabel = "T",
            description = "the results table: <out>/trials of a run (a path or Hadoop URI)")
    String table;

    @Option(names = "--sweep", required = true, paramLabel = "S", description = "the sweep's name in the table")
    String sweep;

    @Option(names = "--csv", paramLabel = "PATH",
            description = "the paper's per-cell CSV; default: " + DEFAULT_CSV + " relative to the dasweep home")
    Path csv;

    @Option(names = "--data-seed", paramLabel = "N",
            description = "only the rows of this data seed (one draw of pools and pairs); default: every data seed, "
                    + "averaged per network")
    Long dataSeed;

    @Option(names = "--out", paramLabel = "FILE.csv", description = "also write the comparison as CSV")
    Path out;

    @Option(names = "--spark-conf", paramLabel = "FILE",
            description = "Spark properties file; default: conf/spark-local.properties")
    Path sparkConf;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter console = spec.commandLine().getOut();
        Path csvFile = csv != null ? csv : home().resolve(DEFAULT_CSV).normalize();
        List<PaperComparison.PaperCell> paper;
        try {
            paper = PaperComparison.readCsv(csvFile);
        } catch (PaperComparison.BadCsv e) {
            return bad(err, "--csv: " + e.getMessage());
        }
        if (out != null && out.toAbsolutePath().getParent() != null
                && !Files.isDirectory(out.toAbsolutePath().getParent())) {
            return bad(err, "--out: no such directory " + out.toAbsolutePath().getParent());
        }
        List<PaperComparison.OurRow> ours;
        try {
            SparkSessions.Settings settings = SparkSessions.settings(sparkConf, Map.of());
            org.apache.hadoop.fs.Path tablePath = new org.apache.hadoop.fs.Path(table);
            FileSystem fs = tablePath.getFileSystem(settings.hadoop());
            if (!fs.exists(tablePath)) {
                return bad(err, "--table: no results table at " + table);
            }
            boolean own = !SparkSession.getDefaultSession().isDefined();   // a test's session is used, not stopped
            SparkSession spark = own ? SparkSessions.create(null, "dasweep paper", settings)
                    : SparkSession.getDefaultSession().get();
            try {
                ours = read(spark, table, sweep, dataSeed);
            } finally {
                if (own) {
                    spark.stop();
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            return bad(err, "--table: cannot read " + table + ": " + SweepException.cut(String.valueOf(e.getMessage())));
        }
        if (ours.isEmpty()) {
            return bad(err, "--sweep: no OK flat low_rank single-source rows of sweep '" + sweep + "'"
                    + (dataSeed == null ? "" : " with data seed " + dataSeed) + " in " + table);
        }
        PaperComparison.Result result = PaperComparison.compare(paper, ours);
        console.printf("sweep %s (%s) beside the paper (%s)%n", sweep, table, csvFile);
        PaperComparison.print(result, console);
        if (out != null) {
            try {
                PaperComparison.writeCsv(result, out);
                console.println("written: " + out);
            } catch (IOException e) {
                console.flush();
                return bad(err, "--out: cannot write " + out + ": " + e.getMessage());
            }
        }
        console.flush();
        return 0;
    }

    /** Our OK, flat, low_rank, single-source rows of {@code sweep}, any run date; of one data seed unless null. */
    static List<PaperComparison.OurRow> read(SparkSession spark, String table, String sweep, Long dataSeed)
            throws IOException {
        Column wanted = functions.col("status").equalTo("OK").and(functions.col("view").equalTo("flat"))
                .and(functions.col("intervention").equalTo("low_rank"))
                .and(functions.col(TrialField.MULTI_SOURCE.key()).equalTo(false)).and(functions.col("iia").isNotNull());
        if (dataSeed != null) {
            wanted = wanted.and(functions.col("data_seed").equalTo(dataSeed));
        }
        List<Row> rows = new ResultsTable(spark, table).sweep(sweep).where(wanted)
                .select("objective", "objective_coefficients", "objective_threshold", "layer", "variables", "k",
                        "network_sha256", "iia")
                .collectAsList();
        List<PaperComparison.OurRow> ours = new ArrayList<>();
        for (Row r : rows) {
            ours.add(new PaperComparison.OurRow(r.getString(0), r.<Double>getList(1), r.getDouble(2), r.getString(3),
                    r.<String>getList(4), r.getInt(5), r.getString(6), r.getDouble(7)));
        }
        return ours;
    }

    /** The dasweep home ({@code -Ddasweep.home}, set by the launcher), else the working directory. */
    static Path home() {
        String home = System.getProperty("dasweep.home");
        return Path.of(home != null && !home.isBlank() ? home : "").toAbsolutePath();
    }

    private static int bad(PrintWriter err, String message) {
        err.println("dasweep paper: " + message);
        err.flush();
        return 2;
    }
}
