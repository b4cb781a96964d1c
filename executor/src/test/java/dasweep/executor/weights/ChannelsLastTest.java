package dasweep.executor.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dasweep.executor.spec.BaseNetwork;
import dasweep.executor.DasEngine;
import dasweep.executor.spec.Hashes;
import dasweep.executor.spec.SpecException;
import dasweep.executor.spec.Objective;
import dasweep.executor.spec.Flatten;
import dasweep.executor.spec.Init;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Keras-converted networks: fc1's columns read channels last, permuted to channels first once, on import. */
class ChannelsLastTest {

    @Test
    void indicesArePermutationsOfTheFc1Inputs() {
        for (Flatten f : Flatten.values()) {
            Set<Integer> seen = new HashSet<>();
            for (int c = 0; c < 64; c++) {
                for (int h = 0; h < 7; h++) {
                    for (int w = 0; w < 7; w++) {
                        seen.add(f.index(c, h, w));
                    }
                }
            }
            assertEquals(3136, seen.size());
            assertTrue(seen.stream().allMatch(i -> i >= 0 && i < 3136));
        }
        assertEquals(1 * 49 + 2 * 7 + 3, Flatten.CHANNELS_FIRST.index(1, 2, 3));
        assertEquals(2 * 7 * 64 + 3 * 64 + 1, Flatten.CHANNELS_LAST.index(1, 2, 3));
    }

    @Test
    void channelsLastColumnIsMovedToItsChannelsFirstPlace() {
        NetworkWeights keras = NetworkWeights.random(3, Init.PYTORCH);
        NetworkWeights torch = keras.toChannelsFirst(Flatten.CHANNELS_LAST);
        Tensor from = keras.get("fc1.weight");
        Tensor to = torch.get("fc1.weight");
        for (int u = 0; u < 3; u++) {
            for (int[] chw : new int[][] {{0, 0, 0}, {63, 6, 6}, {5, 1, 4}, {17, 6, 0}}) {
                assertEquals(from.at(u * 3136 + Flatten.CHANNELS_LAST.index(chw[0], chw[1], chw[2])),
                        to.at(u * 3136 + Flatten.CHANNELS_FIRST.index(chw[0], chw[1], chw[2])));
            }
        }
        assertArrayEquals(sorted(from.data()), sorted(to.data()));
        for (String name : keras.tensors().keySet()) {
            if (!name.equals("fc1.weight")) {
                assertEquals(keras.get(name), torch.get(name), name);
            }
        }
        assertNotEquals(keras.sha256(), torch.sha256());
        assertSame(keras, keras.toChannelsFirst(Flatten.CHANNELS_FIRST));
    }

    @Test
    void parseNamesTheLayouts() {
        assertEquals(Flatten.CHANNELS_LAST, Flatten.parse("flatten", "channels_last"));
        SpecException e = org.junit.jupiter.api.Assertions.assertThrows(SpecException.class,
                () -> Flatten.parse("flatten", "nhwc"));
        assertEquals("unknown flatten layout, expected one of channels_first, channels_last (found 'nhwc')",
                e.problem());
    }

    /** The paper's first network: about 0.97 read channels last, chance read channels first. */
    @Test
    void paperNetworkScoresOnlyReadChannelsLast() {
        byte[] bytes = SharedModels.bytes(SharedModels.paperPth());
        assertEquals(SharedModels.PAPER_PTH_SHA256, Hashes.sha256(bytes));
        BaseNetwork last = DasEngine.importBase(bytes, "cnn_model_1.pth", Flatten.CHANNELS_LAST, Objective.EQUAL,
                2_000, 1234, 2);
        BaseNetwork first = DasEngine.importBase(bytes, "cnn_model_1.pth", Flatten.CHANNELS_FIRST, Objective.EQUAL,
                2_000, 1234, 2);
        System.out.printf("cnn_model_1.pth on 2,000 fresh images: channels_last %.4f, channels_first %.4f%n",
                last.testAccuracy(), first.testAccuracy());
        assertTrue(last.testAccuracy() >= 0.96, "channels_last accuracy " + last.testAccuracy());
        assertTrue(Math.abs(first.testAccuracy() - 0.5) < 0.1, "channels_first accuracy " + first.testAccuracy());
    }

    private static float[] sorted(float[] values) {
        float[] copy = values.clone();
        java.util.Arrays.sort(copy);
        return copy;
    }
}
