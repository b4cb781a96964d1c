package dasweep.driver.subspace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * The pairs summed up per group: mean similarity ± a 95% interval over the pairs (t distribution, n − 1 degrees of
 * freedom; pairs that share a trial are not independent, so read it as a guide), beside the chance value.
 */
public final class Stability {
    private Stability() {
    }

    /**
     * One group of pairs.
     *
     * @param key        what the group is (e.g. sweep, layer, view, k, comparison)
     * @param n          pairs
     * @param mean       mean similarity
     * @param halfWidth  95% interval half-width (NaN for one pair)
     * @param chance     mean chance value of its pairs
     */
    public record Group(List<Object> key, long n, double mean, double halfWidth, double chance) {
    }

    /** Groups {@code pairs} by {@code key} (pairs whose key is null are left out), in key order. */
    public static List<Group> by(List<SubspacePairs.Pair> pairs, java.util.function.Function<SubspacePairs.Pair, List<Object>> key) {
        Map<String, List<SubspacePairs.Pair>> groups = new TreeMap<>();
        Map<String, List<Object>> keys = new TreeMap<>();
        for (SubspacePairs.Pair p : pairs) {
            List<Object> k = key.apply(p);
            if (k == null) {
                continue;
            }
            String s = sortable(k);
            groups.computeIfAbsent(s, x -> new ArrayList<>()).add(p);
            keys.put(s, k);
        }
        List<Group> out = new ArrayList<>();
        for (Map.Entry<String, List<SubspacePairs.Pair>> e : groups.entrySet()) {
            double[] sims = e.getValue().stream().mapToDouble(p -> p.overlap().similarity()).toArray();
            double chance = e.getValue().stream().mapToDouble(p -> p.overlap().chance()).average().orElse(Double.NaN);
            out.add(new Group(keys.get(e.getKey()), sims.length, mean(sims), halfWidth(sims), chance));
        }
        return out;
    }

    /**
     * Per sweep, layer, view, k and comparison, for the comparisons of one cell: another seed, another data seed, and
     * (where the sweep ran random-rotation controls) the trial's own random start.
     */
    public static List<Group> replicates(List<SubspacePairs.Pair> pairs) {
        return by(pairs, p -> List.of("seed", "data_seed", "init").contains(p.comparison())
                ? List.of(p.first().sweep(), p.first().layer(), p.first().view(), p.first().k(), p.comparison()) : null);
    }

    /** The variable sets of a space's {@code variables} pairs and their mean similarity, as a symmetric matrix. */
    public record Matrix(List<Object> key, List<String> sets, double[][] mean, long[][] n, double chance) {
    }

    /** Per sweep, layer, view and k: the variables × variables overlap (1 on the diagonal: a set with itself). */
    public static List<Matrix> variables(List<SubspacePairs.Pair> pairs) {
        List<Matrix> out = new ArrayList<>();
        Map<String, List<SubspacePairs.Pair>> groups = new TreeMap<>();
        Map<String, List<Object>> keys = new TreeMap<>();
        for (SubspacePairs.Pair p : pairs) {
            if (p.comparison().equals("variables")) {
                List<Object> k = List.of(p.first().sweep(), p.first().layer(), p.first().view(), p.first().k());
                groups.computeIfAbsent(sortable(k), x -> new ArrayList<>()).add(p);
                keys.put(sortable(k), k);
            }
        }
        for (Map.Entry<String, List<SubspacePairs.Pair>> e : groups.entrySet()) {
            TreeSet<String> names = new TreeSet<>();
            e.getValue().forEach(p -> {
                names.add(p.first().variableSet());
                names.add(p.second().variableSet());
            });
            List<String> sets = new ArrayList<>(names);
            int s = sets.size();
            double[][] sum = new double[s][s];
            long[][] n = new long[s][s];
            double chance = 0;
            for (SubspacePairs.Pair p : e.getValue()) {
                int i = sets.indexOf(p.first().variableSet());
                int j = sets.indexOf(p.second().variableSet());
                for (int[] ij : new int[][] {{i, j}, {j, i}}) {
                    sum[ij[0]][ij[1]] += p.overlap().similarity();
                    n[ij[0]][ij[1]]++;
                }
                chance += p.overlap().chance();
            }
            for (int i = 0; i < s; i++) {
                for (int j = 0; j < s; j++) {
                    sum[i][j] = i == j ? 1 : n[i][j] == 0 ? Double.NaN : sum[i][j] / n[i][j];
                }
            }
            out.add(new Matrix(keys.get(e.getKey()), sets, sum, n, chance / e.getValue().size()));
        }
        return out;
    }

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    /** t(0.975, n − 1) · sd / √n; NaN for fewer than 2 values. */
    static double halfWidth(double[] x) {
        int n = x.length;
        if (n < 2) {
            return Double.NaN;
        }
        double m = mean(x);
        double ss = 0;
        for (double v : x) {
            ss += (v - m) * (v - m);
        }
        double sd = Math.sqrt(ss / (n - 1));
        return new TDistribution(null, n - 1).inverseCumulativeProbability(0.975) * sd / Math.sqrt(n);
    }

    /** A key as a string that sorts numbers by value (k 4 before k 16). */
    private static String sortable(List<Object> key) {
        StringBuilder b = new StringBuilder();
        for (Object o : key) {
            b.append(o instanceof Number n ? String.format("%020d", n.longValue()) : String.valueOf(o)).append('\u0001');
        }
        return b.toString();
    }
}
