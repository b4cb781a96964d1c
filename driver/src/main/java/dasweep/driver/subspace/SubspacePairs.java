package dasweep.driver.subspace;

import dasweep.executor.spec.Subspace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Which kept subspaces to compare, and their overlaps. Only subspaces of one space are compared: the same sweep,
 * network (sha256), site and view — different networks have no common basis. Within a space, a pair differs in one
 * thing only:
 * <ul>
 *   <li>{@code seed}: the same cell and data seed, another rotation seed (replicates);</li>
 *   <li>{@code data_seed}: the same cell and seed, another draw of pools and pairs;</li>
 *   <li>{@code variables}: the same k (and everything else), another variable set;</li>
 *   <li>{@code k}: the same variable set, another k: how much of the smaller subspace lies in the larger;</li>
 *   <li>{@code init}: a trial and its {@code random_rotation} control (the same cell, epochs 0: its random start,
 *   when the sweep ran that control): how far training moved the subspace. Trials of one seed start from the same
 *   random subspace, so {@code data_seed} pairs share a start and {@code seed} pairs do not.</li>
 * </ul>
 * A multi-source trial's subspace is the span of all its blocks.
 */
public final class SubspacePairs {
    public static final List<String> COMPARISONS = List.of("seed", "data_seed", "variables", "k", "init");

    private SubspacePairs() {
    }

    /** A kept subspace: its OK DAS row's fields that place it, and where its file is. */
    public record Kept(String trialId, String sweep, String objective, String network, String networkSha256,
                       String layer, String view, String intervention, boolean multiSource, String variableSet, int k,
                       double lr, int epochs, int batchSize, int nTrain, int nEval, long seed, long dataSeed,
                       double iia, Double iiaHeldout, String uri, String sha256, String control,
                       String controlsTrialId) {
        /** A DAS trial's subspace (not a control's). */
        public Kept(String trialId, String sweep, String objective, String network, String networkSha256,
                    String layer, String view, String intervention, boolean multiSource, String variableSet, int k,
                    double lr, int epochs, int batchSize, int nTrain, int nEval, long seed, long dataSeed,
                    double iia, Double iiaHeldout, String uri, String sha256) {
            this(trialId, sweep, objective, network, networkSha256, layer, view, intervention, multiSource,
                    variableSet, k, lr, epochs, batchSize, nTrain, nEval, seed, dataSeed, iia, iiaHeldout, uri, sha256,
                    null, null);
        }

        List<Object> space() {
            return List.of(sweep, networkSha256, layer, view);
        }

        /** Everything that makes the cell, but for what {@code except} names. */
        List<Object> cell(String except) {
            List<Object> key = new ArrayList<>(List.of(objective, intervention, multiSource, lr, epochs, batchSize,
                    nTrain, nEval));
            if (!except.equals("variables")) {
                key.add(variableSet);
            }
            if (!except.equals("k")) {
                key.add(k);
            }
            if (!except.equals("seed")) {
                key.add(seed);
            }
            if (!except.equals("data_seed")) {
                key.add(dataSeed);
            }
            return key;
        }
    }

    /** One comparison of two kept subspaces. */
    public record Pair(String comparison, Kept first, Kept second, int features, int columns1, int columns2,
                       PrincipalAngles.Overlap overlap) {
    }

    /** The spaces the subspaces fall in (sweep, network, layer, view), in a stable order. */
    public static Map<List<Object>, List<Kept>> spaces(List<Kept> kept) {
        Map<List<Object>, List<Kept>> spaces = new LinkedHashMap<>();
        kept.stream().sorted(Comparator.comparing(Kept::sweep).thenComparing(Kept::network)
                        .thenComparing(Kept::networkSha256).thenComparing(Kept::layer).thenComparing(Kept::view)
                        .thenComparing(Kept::trialId))
                .forEach(t -> spaces.computeIfAbsent(t.space(), x -> new ArrayList<>()).add(t));
        return spaces;
    }

    /** The pairs of one space to compare, each once, without their overlaps yet. */
    static List<Kept[]> candidates(List<Kept> space, String comparison) {
        if (comparison.equals("init")) {
            Map<String, Kept> das = new HashMap<>();
            space.stream().filter(t -> t.control() == null).forEach(t -> das.put(t.trialId(), t));
            return space.stream().filter(t -> "random_rotation".equals(t.control()) && das.containsKey(t.controlsTrialId()))
                    .map(t -> new Kept[] {das.get(t.controlsTrialId()), t}).toList();
        }
        Map<List<Object>, List<Kept>> groups = new LinkedHashMap<>();
        space.stream().filter(t -> t.control() == null)
                .forEach(t -> groups.computeIfAbsent(t.cell(comparison), x -> new ArrayList<>()).add(t));
        Function<Kept, Object> varied = switch (comparison) {
            case "seed" -> Kept::seed;
            case "data_seed" -> Kept::dataSeed;
            case "variables" -> Kept::variableSet;
            case "k" -> Kept::k;
            default -> throw new IllegalArgumentException("comparison " + comparison);
        };
        List<Kept[]> out = new ArrayList<>();
        for (List<Kept> g : groups.values()) {
            for (int i = 0; i < g.size(); i++) {
                for (int j = i + 1; j < g.size(); j++) {
                    if (varied.apply(g.get(i)).equals(varied.apply(g.get(j)))) {
                        continue;                                    // the same trial again (another run)
                    }
                    boolean swap = comparison.equals("k") && g.get(i).k() > g.get(j).k();
                    out.add(swap ? new Kept[] {g.get(j), g.get(i)} : new Kept[] {g.get(i), g.get(j)});
                }
            }
        }
        return out;
    }

    /**
     * Every pair of every space, with its principal angles. {@code load} reads a kept subspace (by uri and sha256);
     * each space's subspaces are read once and dropped before the next space's.
     */
    public static List<Pair> compare(List<Kept> kept, BiFunction<String, String, Subspace> load) {
        List<Pair> out = new ArrayList<>();
        for (List<Kept> space : spaces(kept).values()) {
            Map<String, Subspace> read = new HashMap<>();
            for (String comparison : COMPARISONS) {
                for (Kept[] p : candidates(space, comparison)) {
                    Subspace a = read.computeIfAbsent(p[0].sha256(), s -> load.apply(p[0].uri(), s));
                    Subspace b = read.computeIfAbsent(p[1].sha256(), s -> load.apply(p[1].uri(), s));
                    if (a.features() != b.features()) {
                        throw new IllegalStateException("subspaces " + p[0].sha256() + " and " + p[1].sha256()
                                + " of one site have " + a.features() + " and " + b.features() + " features");
                    }
                    out.add(new Pair(comparison, p[0], p[1], a.features(), a.columns(), b.columns(),
                            PrincipalAngles.of(a.basis(), a.columns(), b.basis(), b.columns(), a.features())));
                }
            }
        }
        return out;
    }
}
