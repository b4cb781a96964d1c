package dasweep.driver.run;

import dasweep.driver.trial.Pack;
import dasweep.driver.trial.Trial;

import dasweep.executor.spec.PackKey;
import dasweep.executor.TrialMemory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the trials still to do become Spark tasks. With {@code pack: true} (the default) trials on the same network
 * that share a {@link PackKey} (objective, site, view, single or multi source, batch size, data) are grouped, in cell order,
 * into packs of at most {@link #cap} trials each, split as evenly as the cap allows; with {@code pack: false} every
 * trial is its own task. The cap keeps the cluster busy and the memory bounded:
 * <ul>
 *   <li>at most ⌊trials to do ÷ task slots⌋, so there are at least as many tasks as slots (when there are at least
 *       as many trials);</li>
 *   <li>at most {@link PackKey#MAX_MEMBERS};</li>
 *   <li>the members' rotations with their gradients and Adam moments ({@link TrialMemory#rotationBytes}) within
 *       {@link #ROTATION_BYTES} (the pools, the site cache and a step's activations are shared, so a pack needs
 *       little more than one trial besides).</li>
 * </ul>
 * Packing is an execution detail: trial ids, and so resuming and skipping, do not depend on it. Packs are returned
 * largest first, so the long tasks start first. The cost model can call {@link #group} to price what will run.
 */
public final class Packs {
    /** The most rotation state (parameters, gradient, Adam moments) in one pack: 1 GiB. */
    public static final long ROTATION_BYTES = 1L << 30;

    private Packs() {
    }

    /** The trials to do as Spark tasks' packs (see the class comment for the rule). */
    public static List<List<Trial>> group(List<Trial> todo, boolean pack, int slots) {
        List<List<Trial>> out = new ArrayList<>();
        if (!pack) {
            todo.forEach(t -> out.add(List.of(t)));
            return out;
        }
        int cap = cap(todo.size(), slots);
        Map<List<Object>, List<Trial>> byKey = new LinkedHashMap<>();
        for (Trial t : todo) {
            byKey.computeIfAbsent(List.of(t.stored().sha256(), PackKey.of(t.spec())), k -> new ArrayList<>())
                    .add(t);
        }
        for (List<Trial> same : byKey.values()) {
            long rotation = same.stream().mapToLong(t -> TrialMemory.rotationBytes(t.spec())).max().orElse(0);
            int size = (int) Math.min(cap, Math.max(1, rotation == 0 ? cap : ROTATION_BYTES / rotation));
            int packs = (same.size() + size - 1) / size;
            for (int p = 0; p < packs; p++) {       // near-equal contiguous slices
                out.add(List.copyOf(same.subList(p * same.size() / packs, (p + 1) * same.size() / packs)));
            }
        }
        out.sort(Comparator.comparingInt((List<Trial> p) -> -p.size()));
        return out;
    }

    /** The most trials per pack for {@code todo} trials on {@code slots} task slots: ⌊todo ÷ slots⌋ in [1, MAX_SIZE]. */
    public static int cap(int todo, int slots) {
        return Math.max(1, Math.min(PackKey.MAX_MEMBERS, todo / Math.max(1, slots)));
    }

    /** The packs as the jobs the tasks receive. */
    public static List<Pack> jobs(List<Trial> todo, boolean pack, int slots) {
        return group(todo, pack, slots).stream().map(Pack::new)
                .toList();
    }
}
