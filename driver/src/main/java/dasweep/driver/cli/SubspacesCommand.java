package dasweep.driver.cli;

import dasweep.driver.report.SparkTableSource;
import dasweep.driver.report.SqlRow;
import dasweep.driver.report.TableSource;
import dasweep.driver.subspace.Stability;
import dasweep.driver.subspace.SubspacePairs;
import dasweep.driver.subspace.SubspaceTable;
import dasweep.executor.cli.BadInput;
import dasweep.executor.cli.Exit;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dasweep subspaces}: principal angles between the kept subspaces where a comparison means something. */
@Command(name = "subspaces", mixinStandardHelpOptions = true,
        description = "Compare the learned subspaces a sweep kept, within each network, site and view (different "
                + "networks share no basis): replicate seeds and data seeds of a cell, variable sets at one k, nested k. "
                + "Writes DIR/subspace_pairs (Parquet: principal angles, similarity = mean squared cosine, chance) and "
                + "prints the stability per layer × k beside chance. Exit codes: 0 written, 2 bad input.")
public final class SubspacesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--table", required = true, paramLabel = "T", description = "the results table (<out>/trials; directory or Hadoop URI)")
    String table;

    @Option(names = "--sweep", paramLabel = "S", description = "only this sweep; default: every sweep in the table")
    String sweep;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "where subspace_pairs goes (created; replaced)")
    String out;

    @Override
    public Integer call() {
        return Exit.guarded("subspaces", spec.commandLine().getErr(), () -> {
            Options.sweep("--sweep", sweep);
            String dir = out.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*") ? out : Path.of(out).toAbsolutePath().toUri().toString();
            try (SparkTableSource source = SparkTableSource.openSpark(table)) {    // Spark writes subspace_pairs
                long t0 = System.nanoTime();
                source.select(sweep, null);
                List<SubspacePairs.Kept> kept = SubspaceTable.kept(source.query(SubspaceTable.keptSql(TableSource.VIEW))
                        .stream().map(SqlRow::values).toList());
                if (kept.isEmpty()) {
                    throw new BadInput("no kept subspaces in " + table + (sweep == null ? "" : " for sweep '" + sweep
                            + "'") + " (rows written before subspaces were kept, or keep_subspaces: false)");
                }
                var conf = source.hadoopConf();
                List<SubspacePairs.Pair> pairs = SubspacePairs.compare(kept,
                        (uri, sha) -> SubspaceTable.load(uri, sha, table, conf));
                double seconds = (System.nanoTime() - t0) / 1e9;
                String written = SubspaceTable.write(source.spark(), pairs, dir);
                print(spec.commandLine().getOut(), kept, pairs, seconds, written);
            }
            return 0;
        });
    }

    static void print(PrintWriter w, List<SubspacePairs.Kept> kept, List<SubspacePairs.Pair> pairs, double seconds,
                      String written) {
        long networks = kept.stream().map(SubspacePairs.Kept::networkSha256).distinct().count();
        long starts = kept.stream().filter(k -> k.control() != null).count();
        w.printf(Locale.ROOT, "%d kept subspaces%s on %d network%s in %d spaces (network × layer × view); subspaces of "
                        + "different networks are not compared: they share no basis%n", kept.size() - starts,
                starts == 0 ? "" : String.format(Locale.ROOT, " (and %d random starts)", starts), networks,
                networks == 1 ? "" : "s", SubspacePairs.spaces(kept).size());
        for (String c : SubspacePairs.COMPARISONS) {
            w.printf(Locale.ROOT, "  %-9s %,d pairs%n", c, pairs.stream().filter(p -> p.comparison().equals(c)).count());
        }
        w.printf(Locale.ROOT, "read and compared in %.1f s%n", seconds);
        w.println("stability (similarity = mean cos² of the principal angles; 1 same subspace, chance = k/n):");
        w.printf(Locale.ROOT, "  %-8s %-8s %-6s %5s %-9s %6s %16s %9s%n", "sweep", "layer", "view", "k", "vs",
                "n", "similarity", "chance");
        for (Stability.Group g : Stability.replicates(pairs)) {
            w.printf(Locale.ROOT, "  %-8s %-8s %-6s %5s %-9s %6d %8.4f ± %-6s %9.5f%n", g.key().get(0), g.key().get(1),
                    g.key().get(2), g.key().get(3), g.key().get(4), g.n(), g.mean(),
                    Double.isNaN(g.halfWidth()) ? "" : String.format(Locale.ROOT, "%.4f", g.halfWidth()), g.chance());
        }
        w.println("pairs: " + written);
        w.flush();
    }
}
