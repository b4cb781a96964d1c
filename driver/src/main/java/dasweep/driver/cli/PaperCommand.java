package dasweep.driver.cli;

import dasweep.executor.spec.TrialField;
import dasweep.driver.paper.PaperComparison;
import dasweep.driver.report.SqlRow;
import dasweep.driver.report.TableSource;
import dasweep.executor.cli.BadInput;
import dasweep.executor.cli.Exit;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
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
    /**
     * The default CSV, relative to the dasweep home: the paper's per-cell results, one of the read-only science inputs
     * in {@code ../shared} (docs/reproduction.md); every other command works without it.
     */
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
        try (TableSource source = TableSource.open(table)) {
            ours = read(source, Options.sweep("--sweep", sweep), dataSeed);
        } catch (BadInput e) {
            return bad(err, (e.getMessage().startsWith("no sweep") ? "--sweep: " : "--table: ") + e.getMessage());
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
    static List<PaperComparison.OurRow> read(TableSource source, String sweep, Long dataSeed) {
        source.select(sweep, null);
        List<SqlRow> rows = source.query("SELECT objective, objective_coefficients, objective_threshold, layer,"
                + " variables, k, network_sha256, iia FROM " + TableSource.VIEW + " WHERE status = 'OK' AND view = 'flat'"
                + " AND intervention = 'low_rank' AND NOT " + TrialField.MULTI_SOURCE.key() + " AND iia IS NOT NULL"
                + (dataSeed == null ? "" : " AND data_seed = " + dataSeed));
        List<PaperComparison.OurRow> ours = new ArrayList<>();
        for (SqlRow r : rows) {
            @SuppressWarnings("unchecked")
            List<Double> coefficients = ((List<Object>) r.get(1)).stream().map(v -> ((Number) v).doubleValue()).toList();
            @SuppressWarnings("unchecked")
            List<String> variables = ((List<Object>) r.get(4)).stream().map(String::valueOf).toList();
            ours.add(new PaperComparison.OurRow(r.getString(0), coefficients, r.getDouble(2), r.getString(3),
                    variables, (int) r.getLong(5), r.getString(6), r.getDouble(7)));
        }
        return ours;
    }

    /** The dasweep home ({@code -Ddasweep.home}, set by the launcher), else the working directory. */
    static Path home() {
        String home = System.getProperty("dasweep.home");
        return Path.of(home != null && !home.isBlank() ? home : "").toAbsolutePath();
    }

    private static int bad(PrintWriter err, String message) {
        return Exit.bad(err, "paper", message);
    }
}
