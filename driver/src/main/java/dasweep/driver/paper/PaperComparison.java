package dasweep.driver.paper;

import dasweep.driver.sweep.SweepException;
import dasweep.executor.spec.SpecException;
import dasweep.executor.spec.Variable;
import dasweep.executor.spec.Site;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Our results beside the paper's, cell by cell ({@code dasweep paper}). A cell is an objective (matched by its
 * coefficients, threshold {@link #PAPER_THRESHOLD}), a layer, a variable set (order-free) and k; the paper's side
 * comes from its per-cell summary CSV (read at run time, {@link #readCsv}), ours from the results table's OK rows of
 * flat, low_rank, single-source trials ({@link OurRow}): each network's mean IIA in the cell (over its seeds and data
 * seeds), then the mean and sd over networks. The difference is reported in units of the paper's sd.
 */
public final class PaperComparison {
    /** The paper's decision threshold (every objective of the study). */
    public static final double PAPER_THRESHOLD = 0.6;
    /** Cells further than this many paper sds from the paper's mean are flagged. */
    public static final double FLAG_SDS = 3;
    static final List<String> HEADER = List.of("objective", "coefficients", "layer", "variables", "k", "n_networks",
            "mean_iia", "sd_iia", "min_iia", "max_iia");
    private static final double TOLERANCE = 1e-9;

    /** One row of the paper's CSV. {@code variables} is canonical: ids in variable order, joined with {@code +}. */
    public record PaperCell(String objective, List<Double> coefficients, String layer, String variables, int k,
                            int nNetworks, double mean, double sd, double min, double max) {
    }

    /** One OK row of our table (already filtered to flat, low_rank, single source). */
    public record OurRow(String objective, List<Double> coefficients, double threshold, String layer,
                         List<String> variables, int k, String network, double iia) {
    }

    /**
     * A cell found in both.
     *
     * @param ourObjective the objective's name in our sweep
     * @param ourNetworks  networks of ours in the cell
     * @param ourSd        sd over our networks' means (NaN with one network)
     * @param difference   ours − paper, in IIA
     * @param sds          the difference in units of the paper's sd (±infinity when that sd is 0)
     */
    public record Compared(PaperCell paper, String ourObjective, int ourNetworks, double ourMean, double ourSd,
                           double difference, double sds) {
        public boolean flagged() {
            return Math.abs(sds) > FLAG_SDS;
        }
    }

    /**
     * @param cells          cells in both, in the paper's CSV order
     * @param oursOnly       our cells without a paper cell (another objective, threshold or k)
     * @param paperOnly      paper cells we did not run
     */
    public record Result(List<Compared> cells, int oursOnly, int paperOnly) {
        public long within(double sds) {
            return cells.stream().filter(c -> Math.abs(c.sds()) <= sds).count();
        }

        public double meanDifference() {
            return cells.stream().mapToDouble(Compared::difference).average().orElse(Double.NaN);
        }

        public double meanSds() {
            return cells.stream().mapToDouble(Compared::sds).average().orElse(Double.NaN);
        }
    }

    private PaperComparison() {
    }

    /** The variable set in canonical form: ids in the order circularity, color, area, joined with {@code +}. */
    public static String canonical(List<String> variables) {
        return variables.stream().map(v -> Variable.parse("variables", v)).sorted(Comparator.naturalOrder())
                .map(Variable::id).collect(Collectors.joining("+"));
    }

    /** A problem with the paper's CSV; the message names the file and line. */
    public static final class BadCsv extends IllegalArgumentException {
        BadCsv(String message) {
            super(message);
        }
    }

    /** Reads the paper's per-cell CSV; a problem is a {@link BadCsv} naming the file and line. */
    public static List<PaperCell> readCsv(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BadCsv(file + ": cannot read the paper's CSV: no such file");
        } catch (IOException | UncheckedIOException e) {
            throw new BadCsv(file + ": cannot read the paper's CSV: " + e);
        }
        if (lines.isEmpty() || !List.of(lines.get(0).strip().split(",", -1)).equals(HEADER)) {
            throw new BadCsv(file + ": line 1: expected the header " + String.join(",", HEADER) + " (found "
                    + (lines.isEmpty() ? "an empty file" : "'" + SweepException.cut(lines.get(0).strip()) + "'") + ")");
        }
        List<PaperCell> cells = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = file + ": line " + (i + 1) + ": ";
            String found = " (found '" + SweepException.cut(line) + "')";
            String[] f = line.split(",", -1);
            if (f.length != HEADER.size()) {
                throw new BadCsv(where + "expected " + HEADER.size() + " fields, not " + f.length + found);
            }
            PaperCell cell;
            try {
                List<Double> coefficients = new ArrayList<>();
                for (String c : f[1].split(";", -1)) {
                    coefficients.add(Double.parseDouble(c));
                }
                if (coefficients.size() != 3) {
                    throw new BadCsv(where + "coefficients must hold 3 numbers separated by ';'" + found);
                }
                cell = new PaperCell(f[0].strip(), List.copyOf(coefficients), Site.parse("layer", f[2]).id(),
                        canonical(List.of(f[3].split("\\+", -1))), Integer.parseInt(f[4].strip()),
                        Integer.parseInt(f[5].strip()), Double.parseDouble(f[6]), Double.parseDouble(f[7]),
                        Double.parseDouble(f[8]), Double.parseDouble(f[9]));
            } catch (NumberFormatException e) {
                throw new BadCsv(where + "coefficients, k, n_networks and the iia columns must be numbers" + found);
            } catch (SpecException e) {
                throw new BadCsv(where + e.getMessage());
            }
            if (!(cell.sd() >= 0) || !Double.isFinite(cell.sd()) || !Double.isFinite(cell.mean())) {
                throw new BadCsv(where + "mean_iia must be finite and sd_iia finite and at least 0" + found);
            }
            Integer before = seen.putIfAbsent(key(cell.coefficients(), cell.layer(), cell.variables(), cell.k()), i + 1);
            if (before != null) {
                throw new BadCsv(where + "repeats the cell of line " + before + found);
            }
            cells.add(cell);
        }
        if (cells.isEmpty()) {
            throw new BadCsv(file + ": the paper's CSV has no cells, only a header");
        }
        return cells;
    }

    /** Our rows beside the paper's cells. */
    public static Result compare(List<PaperCell> paper, List<OurRow> ours) {
        // cell key → network → IIAs; and the cell's objective name
        Map<String, Map<String, List<Double>>> byCell = new LinkedHashMap<>();
        Map<String, String> objectiveOf = new LinkedHashMap<>();
        for (OurRow r : ours) {
            if (Math.abs(r.threshold() - PAPER_THRESHOLD) > TOLERANCE) {
                byCell.computeIfAbsent("threshold " + r.threshold() + " " + r.objective() + " " + r.layer()
                        + canonical(r.variables()) + r.k(), c -> new LinkedHashMap<>());
                continue;
            }
            String key = key(r.coefficients(), r.layer(), canonical(r.variables()), r.k());
            byCell.computeIfAbsent(key, c -> new LinkedHashMap<>())
                    .computeIfAbsent(r.network(), n -> new ArrayList<>()).add(r.iia());
            objectiveOf.putIfAbsent(key, r.objective());
        }
        List<Compared> compared = new ArrayList<>();
        int paperOnly = 0;
        for (PaperCell p : paper) {
            String key = key(p.coefficients(), p.layer(), p.variables(), p.k());
            Map<String, List<Double>> networks = byCell.get(key);
            if (networks == null || networks.isEmpty()) {
                paperOnly++;
                continue;
            }
            double[] means = networks.values().stream()
                    .mapToDouble(v -> v.stream().mapToDouble(Double::doubleValue).average().orElseThrow()).toArray();
            double mean = java.util.Arrays.stream(means).average().orElseThrow();
            double sd = means.length < 2 ? Double.NaN : Math.sqrt(java.util.Arrays.stream(means)
                    .map(m -> (m - mean) * (m - mean)).sum() / (means.length - 1));
            double difference = mean - p.mean();
            double sds = p.sd() > 0 ? difference / p.sd()
                    : difference == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, difference);
            compared.add(new Compared(p, objectiveOf.get(key), means.length, mean, sd, difference, sds));
        }
        int oursOnly = byCell.size() - compared.size();
        return new Result(List.copyOf(compared), oursOnly, paperOnly);
    }

    /** The comparison as a console table, then the summary. */
    public static void print(Result r, PrintWriter out) {
        out.printf("%-20s %-5s %-24s %3s  %-22s %-22s %8s %7s%n", "objective", "layer", "variables", "k",
                "paper mean ± sd (n)", "ours mean ± sd (n)", "Δ", "Δ/sd");
        for (Compared c : r.cells()) {
            PaperCell p = c.paper();
            out.printf(Locale.ROOT, "%-20s %-5s %-24s %3d  %-22s %-22s %+8.4f %+7.2f%s%n", p.objective(), p.layer(),
                    p.variables(), p.k(), String.format(Locale.ROOT, "%.4f ± %.4f (%d)", p.mean(), p.sd(), p.nNetworks()),
                    String.format(Locale.ROOT, "%.4f ± %s (%d)", c.ourMean(),
                            Double.isNaN(c.ourSd()) ? "  —   " : String.format(Locale.ROOT, "%.4f", c.ourSd()),
                            c.ourNetworks()), c.difference(), c.sds(), c.flagged() ? "  ! > 3 sd" : "");
        }
        out.println(summary(r));
    }

    /** The one-paragraph summary: cells compared, within 2 and 3 sd, mean signed difference. */
    public static String summary(Result r) {
        int n = r.cells().size();
        return String.format(Locale.ROOT, "cells compared: %d; within 2 sd: %d (%s); within 3 sd: %d (%s); "
                        + "flagged (> 3 sd): %d; mean signed difference (ours − paper): %+.4f IIA, %+.2f paper sd; "
                        + "paper cells not run: %d; our cells not in the paper: %d",
                n, r.within(2), percent(r.within(2), n), r.within(3), percent(r.within(3), n),
                r.cells().stream().filter(Compared::flagged).count(), r.meanDifference(), r.meanSds(), r.paperOnly(),
                r.oursOnly());
    }

    /** The comparison as CSV, one line per compared cell. */
    public static void writeCsv(Result r, Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("objective,coefficients,layer,variables,k,our_objective,paper_n_networks,paper_mean_iia,paper_sd_iia,"
                + "our_n_networks,our_mean_iia,our_sd_iia,difference,difference_in_paper_sd,flagged");
        for (Compared c : r.cells()) {
            PaperCell p = c.paper();
            lines.add(String.join(",", p.objective(), p.coefficients().stream().map(String::valueOf)
                            .collect(Collectors.joining(";")), p.layer(), p.variables(), String.valueOf(p.k()),
                    c.ourObjective(), String.valueOf(p.nNetworks()), String.valueOf(p.mean()), String.valueOf(p.sd()),
                    String.valueOf(c.ourNetworks()), String.valueOf(c.ourMean()),
                    Double.isNaN(c.ourSd()) ? "" : String.valueOf(c.ourSd()), String.valueOf(c.difference()),
                    String.valueOf(c.sds()), String.valueOf(c.flagged())));
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    private static String percent(long part, int whole) {
        return whole == 0 ? "—" : String.format(Locale.ROOT, "%.0f%%", 100.0 * part / whole);
    }

    private static String key(List<Double> coefficients, String layer, String variables, int k) {
        return coefficients.stream().map(c -> String.format(Locale.ROOT, "%.6f", c)).collect(Collectors.joining(";"))
                + "|" + layer + "|" + variables + "|" + k;
    }
}
