package dasweep.driver.run;

import dasweep.driver.sweep.NetworkRef;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dasweep.driver.trial.StoredNetwork;
import dasweep.driver.sweep.Grid;
import dasweep.driver.sweep.Sweep;
import dasweep.executor.spec.BaseNetworkSpec;
import dasweep.executor.spec.Objective;
import dasweep.executor.spec.Flatten;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The flatten layout of imported networks: in the store's JSON, and in the warning for a network at chance. */
class ImportedLayoutTest {
    private static NetworkRef imported(Flatten flatten) {
        return new NetworkRef(0, "paper", "imported", Objective.EQUAL, 0, null,
                new Sweep.Imported("paper", "/models/cnn_model_1.pth", "equal", flatten));
    }

    @Test
    void flattenDefaultsToChannelsFirst() {
        assertEquals(Flatten.CHANNELS_FIRST, new Sweep.Imported("a", "/x", "equal", null).flatten());
    }

    @Test
    void chanceWarningNamesTheLikelyCauseForImportedNetworks() {
        assertEquals("network paper has test accuracy 0.497: close to chance, its trials say little; imported with "
                        + "flatten channels_first and objective equal: likely a wrong flatten layout (try flatten: "
                        + "channels_last) or wrong objective",
                NetworksStage.chanceWarning(imported(null), 0.4974));
        assertEquals("network paper has test accuracy 0.510: close to chance, its trials say little; imported with "
                        + "flatten channels_last and objective equal: likely a wrong flatten layout (try flatten: "
                        + "channels_first) or wrong objective",
                NetworksStage.chanceWarning(imported(Flatten.CHANNELS_LAST), 0.51));
        NetworkRef trained = new NetworkRef(0, "equal-0", "trained", Objective.EQUAL, 0,
                BaseNetworkSpec.paper(Objective.EQUAL, 1), null);
        assertEquals("network equal-0 has test accuracy 0.500: close to chance, its trials say little",
                NetworksStage.chanceWarning(trained, 0.5));
    }

    @Test
    void storedJsonCarriesTheLayoutAndOlderJsonStillReads() throws Exception {
        ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        StoredNetwork n = new StoredNetwork("k", "paper", "imported", "s", 0.97, List.of(), 0, "driver", "driver",
                "channels_last");
        String written = json.writeValueAsString(n);
        assertEquals(n, json.readValue(written, StoredNetwork.class));
        StoredNetwork old = json.readValue("{\"key\":\"k\",\"name\":\"amir\",\"source\":\"imported\",\"sha256\":\"s\","
                + "\"testAccuracy\":0.92,\"epochLosses\":[],\"trainSeconds\":0.0,\"host\":\"driver\","
                + "\"executorId\":\"driver\"}", StoredNetwork.class);
        assertNull(old.flatten());
        assertEquals("amir", old.name());
    }
}
