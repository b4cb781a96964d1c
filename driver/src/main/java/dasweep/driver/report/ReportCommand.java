package dasweep.driver.report;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dasweep report}: an HTML report with PNG charts of the results table. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write DIR/report.html (self-contained: inline CSS, PNG charts beside it) from the results table: "
                + "IIA heatmaps and by-layer charts with 95%% CIs and baselines, best layers, every cell with confidence, "
                + "subspace stability (kept subspaces compared, held-out IIA), base networks, failures, provenance. Exit codes: 0 written, 2 bad input.")
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--table", paramLabel = "T", description = "the results table (<out>/trials; directory or Hadoop URI)")
    String table;

    @Option(names = "--sweep", paramLabel = "S", description = "only this sweep; default: every sweep in the table")
    String sweep;

    @Option(names = "--run-date", paramLabel = "D", description = "only this run date (yyyy-MM-dd); default: all")
    String runDate;

    @Option(names = "--out", paramLabel = "DIR", description = "where report.html and its charts go (created)")
    Path out;

    @Override
    public Integer call() {
        System.setProperty("java.awt.headless", "true");
        return Commands.guarded("report", spec.commandLine().getErr(), () -> {
            if (out == null) {
                throw new BadInput("--out is required");
            }
            try (TableSource source = TableSource.open(table, "dasweep-report")) {
                String title = table + (sweep == null ? "" : ", sweep " + sweep)
                        + (runDate == null ? "" : ", run date " + runDate);
                var rows = source.rows(sweep, runDate);
                ReportData data = ReportData.of(source, rows, title);
                Path html = Report.write(data, out, SubspaceSection.of(source, rows, table));
                spec.commandLine().getOut().println("report: " + html.toAbsolutePath());
                spec.commandLine().getOut().flush();
            }
            return 0;
        });
    }
}
