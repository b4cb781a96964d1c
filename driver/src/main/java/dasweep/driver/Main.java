package dasweep.driver;

import dasweep.driver.report.CompareCommand;
import dasweep.driver.report.ExportCommand;
import dasweep.driver.report.ReportCommand;
import dasweep.driver.report.SubspacesCommand;
import dasweep.executor.cli.BenchCommand;
import dasweep.executor.cli.TrialCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code dasweep} command line: {@code run} (a sweep on Spark), {@code trial} (one DAS trial), {@code bench}
 * (timings of named trials), the table's readers {@code report}, {@code compare} (drift between run dates) and
 * {@code export}, {@code paper} (a sweep beside the paper's published cells) and {@code subspaces} (the kept
 * subspaces compared).
 */
@Command(name = "dasweep", mixinStandardHelpOptions = true, version = "dasweep 0.1.0",
        description = "Distributed Alignment Search sweeps on Spark, DAS trials with DJL/PyTorch.",
        subcommands = {RunCommand.class, TrialCommand.class, BenchCommand.class, ReportCommand.class,
                CompareCommand.class, ExportCommand.class, PaperCommand.class, SubspacesCommand.class})
public final class Main implements Runnable {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (0 ok, 1 failure, 2 bad input). */
    public static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    /** Runs the command line with the given console streams. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
