package dasweep.driver.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dasweep export}: the table's rows as CSV or JSON lines. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write the results table's rows (every column, every status and run) as CSV or JSON lines. "
                + "The file appears whole or not at all. Exit codes: 0 written, 2 bad input.")
public final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--table", paramLabel = "T", description = "the results table (<out>/trials)")
    String table;

    @Option(names = "--sweep", paramLabel = "S", description = "only this sweep; default: all")
    String sweep;

    @Option(names = "--format", paramLabel = "csv|jsonl", description = "csv or jsonl")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "the file to write (replaced if it exists)")
    Path out;

    @Override
    public Integer call() {
        return Commands.guarded("export", spec.commandLine().getErr(), () -> {
            if (format == null || !(format.equals("csv") || format.equals("jsonl"))) {
                throw new BadInput("--format must be csv or jsonl" + (format == null ? "" : " (found '" + format + "')"));
            }
            if (out == null) {
                throw new BadInput("--out is required");
            }
            Path dir = out.toAbsolutePath().getParent();
            if (dir == null || !Files.isDirectory(dir)) {
                throw new BadInput("--out: no directory " + dir);
            }
            if (Files.isDirectory(out)) {
                throw new BadInput("--out: " + out + " is a directory");
            }
            try (TableSource source = TableSource.open(table, "dasweep-export")) {
                long n = Exporter.write(source.rows(sweep, null), format, out);
                spec.commandLine().getOut().println("exported " + n + " rows to " + out);
                spec.commandLine().getOut().flush();
            }
            return 0;
        });
    }
}
