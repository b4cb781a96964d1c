package dasweep.driver.run;

import dasweep.driver.sweep.Grid;
import dasweep.driver.trial.Pack;
import dasweep.driver.trial.StoredNetwork;
import dasweep.driver.trial.Trial;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The planning half of {@link TrialQueue}, without Spark: as networks become ready, the cells that can now run (their
 * network and, for a control, the network of the cell it controls are ready), planned ({@link Plan}: skip what is
 * done, adopt what is staged with {@code --resume}) and packed ({@link Packs}). Planning a batch waits for nothing but
 * its inputs, so the trial queue can find the ready cells at once and plan them when the table has been read.
 *
 * <p>Linear over a run: each cell is indexed once under the (one or two) networks it waits on and looked at again
 * only when one of them becomes ready; staged outcomes are indexed by trial id, so a batch looks only at its own.
 * (It used to scan every waiting cell per ready network and remove the ready ones with {@code List.removeAll}, which
 * compares cells: quadratic, minutes at 100,000 trials.)
 */
public final class ReadyTrials {
    /** What one batch of ready networks lets run: its plan and the packs of its trials to do. */
    public record Batch(Plan plan, List<Pack> packs) {
    }

    /**
     * What the run knows before planning: the trial ids already OK in the table, the staged outcomes of unfinished
     * runs, and those indexed by trial id (so a batch looks only at its own).
     */
    public record Known(Set<String> done, List<Staging.Staged> staged, Map<String, List<Staging.Staged>> stagedById) {
        public static Known of(Set<String> done, List<Staging.Staged> staged) {
            Map<String, List<Staging.Staged>> byId = new HashMap<>();
            staged.forEach(s -> byId.computeIfAbsent(s.trialId(), x -> new ArrayList<>()).add(s));
            return new Known(done, staged, byId);
        }
    }

    private final Map<Integer, List<Grid.Cell>> waitingOn = new HashMap<>();
    private final Map<Grid.Cell, int[]> state = new IdentityHashMap<>();   // {position in the cells, networks missing}
    private final Map<Integer, StoredNetwork> ready = new HashMap<>();
    private final Set<String> queued = new HashSet<>();

    /** @param cells the run's cells, in cell order (batches keep it) */
    public ReadyTrials(List<Grid.Cell> cells) {
        for (int i = 0; i < cells.size(); i++) {
            Grid.Cell cell = cells.get(i);
            Set<Integer> needs = new LinkedHashSet<>();
            needs.add(cell.network().ordinal());
            if (cell.controls() != null) {
                needs.add(cell.controls().network().ordinal());
            }
            state.put(cell, new int[] {i, needs.size()});
            needs.forEach(n -> waitingOn.computeIfAbsent(n, x -> new ArrayList<>()).add(cell));
        }
    }

    /**
     * Networks that became ready (a network told twice counts once): the trials they let run, in cell order, each
     * trial once over the run.
     */
    public synchronized List<Trial> networksReady(Map<Integer, StoredNetwork> networks) {
        List<Grid.Cell> now = new ArrayList<>();
        for (Map.Entry<Integer, StoredNetwork> e : networks.entrySet()) {
            if (ready.putIfAbsent(e.getKey(), e.getValue()) != null) {
                continue;
            }
            for (Grid.Cell cell : waitingOn.getOrDefault(e.getKey(), List.of())) {
                if (--state.get(cell)[1] == 0) {
                    now.add(cell);
                }
            }
            waitingOn.remove(e.getKey());
        }
        now.sort(Comparator.comparingInt(c -> state.get(c)[0]));
        return Plan.trials(now, ready).stream().filter(t -> queued.add(t.trialId())).toList();
    }

    /** A batch's trials planned (skip what is done, adopt what is staged with {@code resume}) and packed. */
    public static Batch plan(List<Trial> trials, Known known, boolean resume, boolean pack, int slots) {
        List<Staging.Staged> staged = new ArrayList<>();
        trials.forEach(t -> staged.addAll(known.stagedById().getOrDefault(t.trialId(), List.of())));
        Plan plan = Plan.of(trials, known.done(), staged, resume);
        return new Batch(plan, plan.todo().isEmpty() ? List.of() : Packs.jobs(plan.todo(), pack, slots));
    }

    /** Cells still waiting for a network. */
    public synchronized int waiting() {
        return (int) state.values().stream().filter(s -> s[1] > 0).count();
    }
}
