package dasweep.driver.run;

import dasweep.driver.trial.Pack;
import dasweep.driver.trial.Trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dasweep.driver.trial.StoredNetwork;
import dasweep.driver.sweep.Grid;
import dasweep.driver.sweep.SweepLoader;
import dasweep.executor.spec.PackKey;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packing rule, without Spark: what may share a task, how large packs get, and that ids do not move. */
class PacksTest {
    @TempDir
    java.nio.file.Path tmp;

    /** The good sweep: 2 networks × 2 variable sets × (conv1/rows k 16, 64 and fc1 k 1) = 12 trials. */
    List<Trial> trials;

    @BeforeEach
    void expand() throws IOException {
        java.nio.file.Path f = tmp.resolve("good.yaml");
        Files.writeString(f, dasweep.driver.BadSweepTest.GOOD);
        Map<Integer, StoredNetwork> nets = Map.of(0, PlanTest.network("a"), 1, PlanTest.network("b"));
        trials = Plan.trials(Grid.expand(SweepLoader.load(f)).cells(), nets);
        assertEquals(12, trials.size());
    }

    static void assertEveryTrialOnce(List<Trial> todo, List<List<Trial>> packs) {
        assertEquals(todo.stream().map(Trial::trialId).sorted().toList(),
                packs.stream().flatMap(List::stream).map(Trial::trialId).sorted().toList());
        for (List<Trial> p : packs) {
            Set<Object> keys = p.stream().map(t -> List.of(t.stored().sha256(), PackKey.of(t.spec())))
                    .collect(Collectors.toSet());
            assertEquals(1, keys.size(), "one network and pack key per pack: " + keys);
        }
    }

    @Test
    void trialsOnOneNetworkAtOneSiteShareAPack() {
        List<List<Trial>> packs = Packs.group(trials, true, 1);
        assertEquals(List.of(4, 4, 2, 2), packs.stream().map(List::size).toList(), "conv1: 2 sets × 2 k; fc1: 2 sets");
        assertEveryTrialOnce(trials, packs);
    }

    @Test
    void thereAreAtLeastAsManyPacksAsTaskSlots() {
        for (int slots : new int[] {2, 3, 6, 12, 40}) {
            List<List<Trial>> packs = Packs.group(trials, true, slots);
            assertTrue(packs.size() >= Math.min(slots, trials.size()), slots + " slots: " + packs.size() + " packs");
            assertTrue(packs.stream().allMatch(p -> p.size() <= Packs.cap(trials.size(), slots)));
            assertEveryTrialOnce(trials, packs);
        }
        assertEquals(List.of(2, 2, 2, 2, 2, 2), Packs.group(trials, true, 6).stream().map(List::size).toList());
    }

    @Test
    void theCapIsTrialsOverSlotsWithinOneAndTheMaximum() {
        assertEquals(17, Packs.cap(35, 2));
        assertEquals(35, Packs.cap(35, 1));
        assertEquals(dasweep.executor.spec.PackKey.MAX_MEMBERS, Packs.cap(6720, 16));
        assertEquals(1, Packs.cap(3, 8));
        assertEquals(1, Packs.cap(0, 2));
    }

    @Test
    void packFalseRunsEveryTrialAlone() {
        List<List<Trial>> packs = Packs.group(trials, false, 1);
        assertEquals(12, packs.size());
        assertEveryTrialOnce(trials, packs);
        assertTrue(Packs.jobs(trials, false, 1).stream().allMatch(j -> j.size() == 1 && j.id() == null));
    }

    @Test
    void aPackHoldsOneNetworkAndOneKeyAndHasAStableId() {
        List<Pack> jobs = Packs.jobs(trials, true, 1);
        Pack four = jobs.get(0);
        assertEquals(4, four.size());
        assertEquals(16, four.id().length());
        assertEquals(four.id(), Packs.jobs(trials, true, 1).get(0).id());
        assertNull(Pack.of(trials.get(0)).id());
        Trial conv1 = trials.get(0);
        Trial fc1 = trials.stream().filter(t -> t.spec().intervention().site() != conv1.spec()
                .intervention().site()).findFirst().orElseThrow();
        assertThrows(IllegalArgumentException.class, () -> new Pack(List.of(conv1, fc1)));
        Trial otherNetwork = trials.stream().filter(t -> !t.network().equals(conv1.network())).findFirst()
                .orElseThrow();
        assertThrows(IllegalArgumentException.class, () -> new Pack(List.of(conv1, otherNetwork)));
    }
}
