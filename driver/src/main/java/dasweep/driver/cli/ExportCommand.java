package dasweep.driver.cli;

import dasweep.driver.report.Exporter;
import dasweep.driver.report.TableSource;
import dasweep.executor.cli.BadInput;
import dasweep.executor.cli.Exit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dasweep export}: the table's rows as CSV or JSON lines. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write the results table's rows (every column, every status and run; with --latest each "
                + "trial's latest OK row, what examples/ starts from) as CSV or JSON lines. The file appears whole or "
                + "not at all. Exit codes: 0 written, 2 bad input.")
public final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--table", required = true, paramLabel = "T", description = "the results table (<out>/trials)")
    String table;

    @Option(names = "--format", required = true, paramLabel = "csv|jsonl", description = "csv or jsonl")
    String format;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "the file to write (replaced if it exists)")
    Path out;

    @Option(names = "--sweep", paramLabel = "S", description = "only this sweep; default: all")
    String sweep;

    @Option(names = "--latest", description = "only each trial's latest OK row (DAS and controls; one run date per "
            + "trial), the rows the notebook in examples/ starts from")
    boolean latest;

    @Override
    public Integer call() {
        return Exit.guarded("export", spec.commandLine().getErr(), () -> {
            if (!(format.equals("csv") || format.equals("jsonl"))) {
                throw new BadInput("--format: must be csv or jsonl (found '" + Options.cut(format) + "')");
            }
            Options.sweep("--sweep", sweep);
            Path dir = out.toAbsolutePath().getParent();
            if (dir == null || !Files.isDirectory(dir)) {
                throw new BadInput("--out: no directory " + dir);
            }
            if (Files.isDirectory(out)) {
                throw new BadInput("--out: " + out + " is a directory");
            }
            try (TableSource source = TableSource.open(table)) {
                long n = Exporter.write(source, sweep, latest, format, out);
                spec.commandLine().getOut().println("exported " + n + " rows to " + out);
                spec.commandLine().getOut().flush();
            }
            return Exit.OK;
        });
    }
}
