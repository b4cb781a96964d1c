package dasweep.driver.cli;

import dasweep.driver.report.Drift;
import dasweep.driver.report.TableSource;
import dasweep.executor.cli.Exit;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dasweep compare}: drift between two run dates of a sweep, cell by cell. */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Compare two run dates of a sweep cell by cell (mean IIA across networks) and print the cells "
                + "whose |ΔIIA| exceeds the threshold. Exit codes: 0 no drift, 1 drift, 2 bad input, 3 only one run "
                + "date so far (nothing to compare yet: a first night).")
public final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--table", required = true, paramLabel = "T", description = "the results table (<out>/trials)")
    String table;

    @Option(names = "--sweep", required = true, paramLabel = "S", description = "the sweep")
    String sweep;

    @Option(names = "--from", paramLabel = "D1", description = "the earlier run date; default: the one before --to")
    String from;

    @Option(names = "--to", paramLabel = "D2", description = "the later run date; default: the latest")
    String to;

    @Option(names = "--threshold", paramLabel = "X", defaultValue = "0.02",
            description = "largest |ΔIIA| that is not drift; default: ${DEFAULT-VALUE}")
    double threshold;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        return Exit.guarded("compare", spec.commandLine().getErr(), () -> {
            Options.sweep("--sweep", sweep);
            Options.date("--from", from);
            Options.date("--to", to);
            try (TableSource source = TableSource.open(table)) {
                Drift d = Drift.of(source, sweep, from, to, threshold);
                d.lines(sweep, threshold).forEach(out::println);
                out.flush();
                return d.drifted().isEmpty() ? Exit.OK : Exit.FAILED;
            } catch (Drift.OneRunDate e) {
                out.println(Exit.escape(e.getMessage()));
                out.flush();
                return Exit.ONE_RUN_DATE;
            }
        });
    }
}
