package dasweep.driver.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dasweep.driver.sweep.Grid;
import dasweep.driver.sweep.SweepLoader;
import dasweep.driver.trial.Pack;
import dasweep.driver.trial.StoredNetwork;
import dasweep.driver.trial.Trial;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The trial queue's planning ({@link ReadyTrials}) against the rule it implements, written the slow way: a cell is
 * ready once its network and (for a control) its DAS cell's network are; each batch is the newly ready cells in cell
 * order, each trial once over the run.
 */
class ReadyTrialsTest {
    private final Grid.Expansion grid = Grid.expand(SweepLoader.load(Path.of("../sweeps/quickstart.yaml")));
    private final Map<Integer, StoredNetwork> stored = new HashMap<>();

    ReadyTrialsTest() {
        for (dasweep.driver.sweep.NetworkRef n : grid.networks()) {
            stored.put(n.ordinal(), PlanTest.network(Integer.toHexString(n.ordinal())));
        }
    }

    /** The rule, quadratically: the cells whose networks are all in {@code ready}, in cell order, not yet taken. */
    private List<Grid.Cell> expected(Set<Integer> ready, Set<Grid.Cell> taken) {
        List<Grid.Cell> now = new ArrayList<>();
        for (Grid.Cell c : grid.cells()) {
            if (!taken.contains(c) && ready.contains(c.network().ordinal())
                    && (c.controls() == null || ready.contains(c.controls().network().ordinal()))) {
                now.add(c);
            }
        }
        taken.addAll(now);
        return now;
    }

    @Test
    void batchesFollowTheRuleInEveryOrderOfReadiness() {
        assertEquals(4, grid.networks().size(), "quickstart: two trained networks and their untrained counterparts");
        Random random = new Random(21);
        for (int round = 0; round < 20; round++) {
            List<Integer> order = new ArrayList<>(stored.keySet());
            Collections.shuffle(order, random);
            ReadyTrials queue = new ReadyTrials(grid.cells());
            Set<Integer> ready = new HashSet<>();
            Set<Grid.Cell> taken = new HashSet<>();
            List<String> all = new ArrayList<>();
            for (int i = 0; i < order.size(); i++) {
                // sometimes two networks at once, and sometimes a network told again
                List<Integer> now = i + 1 < order.size() && random.nextBoolean()
                        ? List.of(order.get(i), order.get(++i)) : List.of(order.get(i));
                Map<Integer, StoredNetwork> told = new HashMap<>();
                now.forEach(n -> told.put(n, stored.get(n)));
                if (!ready.isEmpty() && random.nextBoolean()) {
                    Integer again = ready.iterator().next();
                    told.put(again, stored.get(again));
                }
                ready.addAll(told.keySet());
                Map<Integer, StoredNetwork> known = new HashMap<>();
                ready.forEach(n -> known.put(n, stored.get(n)));
                List<Trial> want = Plan.trials(expected(ready, taken), known);
                List<Trial> got = queue.networksReady(told);
                assertEquals(want.stream().map(Trial::trialId).toList(), got.stream().map(Trial::trialId).toList(),
                        "order " + order + ", step " + i);
                ReadyTrials.Batch batch = ReadyTrials.plan(got, ReadyTrials.Known.of(Set.of(), List.of()), false,
                        true, 2);
                assertEquals(want.size(), batch.packs().stream().mapToInt(Pack::size).sum());
                want.forEach(t -> all.add(t.trialId()));
            }
            assertEquals(0, queue.waiting());
            assertEquals(Plan.trials(grid.cells(), stored).stream().map(Trial::trialId).sorted().toList(),
                    all.stream().sorted().toList(), "every trial once over the run");
        }
    }

    /** What a task of an earlier run staged for {@code t}, OK. */
    private static Staging.Staged stagedFor(Trial t) {
        return new Staging.Staged(new org.apache.hadoop.fs.Path("file:/out/_staging/q/r1/" + t.trialId() + ".json"),
                dasweep.driver.spark.StagedRows.toJson(new dasweep.driver.trial.TableRow(
                        new dasweep.driver.trial.RunInfo("r1", "quickstart", "2026-12-01", "4.2.0"), t,
                        PlanTest.ok(t, 0.9))));
    }

    @Test
    void skipsWhatIsDoneAndAdoptsWhatIsStagedOnlyInItsOwnBatch() {
        List<Trial> trials = Plan.trials(grid.cells(), stored);
        Trial done = trials.get(0);
        Trial staged = trials.get(1);
        Trial other = trials.stream().filter(t -> t.stored() == stored.get(1)).findFirst().orElseThrow();
        List<Staging.Staged> found = List.of(stagedFor(staged), stagedFor(other));
        ReadyTrials queue = new ReadyTrials(grid.cells());
        ReadyTrials.Known known = ReadyTrials.Known.of(Set.of(done.trialId()), found);
        ReadyTrials.Batch first = ReadyTrials.plan(queue.networksReady(Map.of(0, stored.get(0))), known, true, true, 2);
        assertEquals(1, first.plan().skipped());
        assertEquals(List.of(staged.trialId()),
                first.plan().adopted().stream().map(a -> a.trial().trialId()).toList());
        assertTrue(first.plan().todo().stream().noneMatch(t -> t.trialId().equals(done.trialId())
                || t.trialId().equals(staged.trialId())));
        ReadyTrials.Batch second = ReadyTrials.plan(queue.networksReady(Map.of(1, stored.get(1))), known, true,
                true, 2);
        assertEquals(List.of(other.trialId()),
                second.plan().adopted().stream().map(a -> a.trial().trialId()).toList());
    }
}
