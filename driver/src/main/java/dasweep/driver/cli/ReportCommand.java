package dasweep.driver.cli;

import dasweep.driver.report.Report;
import dasweep.driver.report.SubspaceSection;
import dasweep.driver.report.ReportData;
import dasweep.driver.report.TableSource;
import dasweep.executor.cli.Exit;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dasweep report}: an HTML report with PNG charts of the results table. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write DIR/report.html (self-contained: inline CSS, PNG charts beside it) from the results table: "
                + "IIA heatmaps and by-layer charts with 95%% CIs and baselines, best layers, every cell with confidence, "
                + "subspace stability (kept subspaces compared, held-out IIA), base networks, failures, provenance. A local "
                + "table is read with DuckDB (seconds), an hdfs:// or s3a:// one with Spark. Exit codes: 0 written, 2 bad input.")
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--table", required = true, paramLabel = "T",
            description = "the results table (<out>/trials; directory or Hadoop URI)")
    String table;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "where report.html and its charts go (created)")
    Path out;

    @Option(names = "--sweep", paramLabel = "S", description = "only this sweep; default: every sweep in the table")
    String sweep;

    @Option(names = "--run-date", paramLabel = "D", description = "only this run date (yyyy-MM-dd); default: all")
    String runDate;

    @Override
    public Integer call() {
        System.setProperty("java.awt.headless", "true");
        return Exit.guarded("report", spec.commandLine().getErr(), () -> {
            Options.sweep("--sweep", sweep);
            Options.date("--run-date", runDate);
            try (TableSource source = TableSource.open(table)) {
                String title = table + (sweep == null ? "" : ", sweep " + sweep)
                        + (runDate == null ? "" : ", run date " + runDate);
                Path html = Report.write(ReportData.of(source, sweep, runDate, title), out,
                        SubspaceSection.of(source, table));
                spec.commandLine().getOut().println("report: " + html.toAbsolutePath());
                spec.commandLine().getOut().flush();
            }
            return Exit.OK;
        });
    }
}
