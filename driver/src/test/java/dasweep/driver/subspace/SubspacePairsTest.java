package dasweep.driver.subspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dasweep.executor.spec.Subspace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Which kept subspaces are compared: within one network, site and view only, each pair differing in one thing. */
class SubspacePairsTest {
    static SubspacePairs.Kept kept(String network, String layer, String variables, int k, long seed, long dataSeed) {
        String id = network + layer + variables + k + "s" + seed + "d" + dataSeed;
        return new SubspacePairs.Kept(id, "unit", "equal", network, "sha-" + network, layer, "flat", "low_rank", false,
                variables, k, 5e-4, 3, 512, 1000, 200, seed, dataSeed, 0.9, 0.89, "file:/" + id, id);
    }

    @Test
    void eachComparisonPairsTrialsThatDifferInItsOneThingWithinOneSpace() {
        List<SubspacePairs.Kept> all = new ArrayList<>();
        for (String network : List.of("a", "b")) {
            for (String vars : List.of("color", "area", "circularity+color")) {
                for (int k : new int[] {2, 4}) {
                    for (long seed : new long[] {0, 1}) {
                        for (long data : new long[] {1, 2}) {
                            all.add(kept(network, "conv3", vars, k, seed, data));
                        }
                    }
                }
            }
        }
        all.add(kept("a", "fc1", "color", 1, 0, 1));      // alone in its space: nothing to compare
        Map<String, Subspace> files = new HashMap<>();
        SplittableRandom r = new SplittableRandom(1);
        for (SubspacePairs.Kept t : all) {
            int n = t.layer().equals("fc1") ? 3 : 50;
            files.put(t.sha256(), new Subspace(n, t.k(), 1, PrincipalAnglesTest.random(n, t.k(), r)));
        }
        List<SubspacePairs.Pair> pairs = SubspacePairs.compare(all, (uri, sha) -> files.get(sha));
        Map<String, Long> count = new HashMap<>();
        for (SubspacePairs.Pair p : pairs) {
            count.merge(p.comparison(), 1L, Long::sum);
            assertEquals(p.first().networkSha256(), p.second().networkSha256(), "never across networks");
            assertEquals(p.first().layer(), p.second().layer());
            int differ = 0;
            differ += p.first().seed() != p.second().seed() ? 1 : 0;
            differ += p.first().dataSeed() != p.second().dataSeed() ? 1 : 0;
            differ += !p.first().variableSet().equals(p.second().variableSet()) ? 1 : 0;
            differ += p.first().k() != p.second().k() ? 1 : 0;
            assertEquals(1, differ, "a pair differs in one thing: " + p);
            assertTrue(p.first().k() <= p.second().k());
            assertTrue(p.overlap().similarity() >= 0 && p.overlap().similarity() <= 1);
        }
        // per network: 3 sets × 2 k × 2 data seeds seed pairs = 12; the same for data seeds; 3 set pairs × 2 k × 4
        // seed/data = 24; 3 sets × 4 seed/data k pairs = 12
        assertEquals(Map.of("seed", 24L, "data_seed", 24L, "variables", 48L, "k", 24L), count);
        assertEquals(3, SubspacePairs.spaces(all).size(), "a/conv3, a/fc1, b/conv3");
        List<Stability.Group> groups = Stability.replicates(pairs);
        assertEquals(4, groups.size(), "conv3 × k 2, 4 × seed, data_seed");
        assertEquals(2.0 / 50, groups.get(0).chance(), 1e-12);
        List<Stability.Matrix> m = Stability.variables(pairs);
        assertEquals(2, m.size());
        assertEquals(List.of("area", "circularity+color", "color"), m.get(0).sets());
        assertEquals(1.0, m.get(0).mean()[1][1], 0.0);
        assertEquals(m.get(0).mean()[0][2], m.get(0).mean()[2][0], 0.0);
    }

    @Test
    void aTrialIsComparedWithItsRandomStartWhenTheSweepRanThatControl() {
        SubspacePairs.Kept das = kept("a", "conv3", "color", 2, 0, 1);
        SubspacePairs.Kept other = kept("a", "conv3", "color", 2, 1, 1);
        SubspacePairs.Kept start = new SubspacePairs.Kept("start", "unit", "equal", "a", "sha-a", "conv3", "flat",
                "low_rank", false, "color", 2, 5e-4, 0, 512, 1000, 200, 0, 1, 0.5, 0.5, "file:/start", "start",
                "random_rotation", das.trialId());
        float[] u = PrincipalAnglesTest.random(50, 2, new SplittableRandom(4));
        Map<String, Subspace> files = Map.of(das.sha256(), new Subspace(50, 2, 1, u), other.sha256(),
                new Subspace(50, 2, 1, PrincipalAnglesTest.random(50, 2, new SplittableRandom(5))), "start",
                new Subspace(50, 2, 1, u));
        List<SubspacePairs.Pair> pairs = SubspacePairs.compare(List.of(das, other, start), (uri, sha) -> files.get(sha));
        assertEquals(List.of("seed", "init"), pairs.stream().map(SubspacePairs.Pair::comparison).toList(),
                "the control is in no other comparison");
        assertEquals(das, pairs.get(1).first());
        assertEquals(1.0, pairs.get(1).overlap().similarity(), 1e-6, "untrained: its start");
    }
}
