package dasweep.driver;

import dasweep.driver.trial.BuildInfo;
import dasweep.driver.cli.CompareCommand;
import dasweep.driver.cli.ExportCommand;
import dasweep.driver.cli.PaperCommand;
import dasweep.driver.cli.ReportCommand;
import dasweep.driver.cli.RunCommand;
import dasweep.driver.cli.SubspacesCommand;
import dasweep.executor.cli.BenchCommand;
import dasweep.executor.cli.CommandLines;
import dasweep.executor.cli.TrialCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code dasweep} command line: {@code run} (a sweep on Spark), {@code trial} (one DAS trial), {@code bench}
 * (timings of named trials), the table's readers {@code report}, {@code compare} (drift between run dates) and
 * {@code export}, {@code paper} (a sweep beside the paper's published cells) and {@code subspaces} (the kept
 * subspaces compared). The commands live in {@code dasweep.driver.cli} and {@code dasweep.executor.cli}; their exit
 * codes in {@link dasweep.executor.cli.Exit}.
 */
@Command(name = "dasweep", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Distributed Alignment Search sweeps on Spark, DAS trials with DJL/PyTorch.",
        subcommands = {RunCommand.class, TrialCommand.class, BenchCommand.class, ReportCommand.class,
                CompareCommand.class, ExportCommand.class, PaperCommand.class, SubspacesCommand.class})
public final class Main implements Runnable {
    /** {@code -V}: the version every row records as {@code code_version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"dasweep " + BuildInfo.codeVersion()};
        }
    }

    public static void main(String[] args) {
        dasweep.driver.run.Interrupt.install(System.err);
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (see {@link dasweep.executor.cli.Exit}). */
    public static int run(String... args) {
        return CommandLines.configure(new CommandLine(new Main())).execute(args);
    }

    /** Runs the command line with the given console streams. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = CommandLines.configure(new CommandLine(new Main()));
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
