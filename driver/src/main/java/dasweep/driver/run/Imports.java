package dasweep.driver.run;

import dasweep.driver.sweep.NetworkRef;
import dasweep.driver.trial.TrialIds;
import dasweep.driver.spark.NetworkStore;
import dasweep.driver.sweep.Grid;
import dasweep.driver.sweep.Sweep;
import dasweep.driver.sweep.SweepException;
import dasweep.driver.sweep.WeightsFiles;
import dasweep.executor.spec.BaseNetwork;
import dasweep.executor.DasEngine;
import dasweep.executor.spec.Hashes;
import dasweep.executor.spec.Flatten;
import dasweep.executor.weights.WeightsException;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sweep's imported networks, read, validated and measured by the engine on the driver before Spark starts
 * or anything is written, so a bad weights file is bad input. Each is keyed in the store by its file's bytes,
 * flatten layout (channels_last only), objective and test recipe; one already in the store is not measured again.
 */
public final class Imports {
    private static final Logger LOG = LoggerFactory.getLogger("dasweep.run");

    private final Map<Integer, String> keys = new HashMap<>();
    private final Map<Integer, BaseNetwork> fresh = new HashMap<>();

    private Imports() {
    }

    /** @throws SweepException naming the weights file's field when it cannot be read or is not a network */
    public static Imports read(Sweep sweep, Grid.Expansion grid, NetworkStore store, Configuration hadoop)
            throws IOException {
        Imports imports = new Imports();
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        for (NetworkRef ref : grid.networks()) {
            if (ref.trained()) {
                continue;
            }
            String field = "networks.imported[" + ref.index() + "].path";
            String path = ref.imported().path();
            byte[] bytes;
            try {
                bytes = WeightsFiles.read(path, hadoop);
            } catch (IOException e) {
                throw new SweepException(sweep.file(), field, "cannot read the weights file: " + e.getMessage()
                        + " (found '" + path + "')");  // a URI: checked here, with the run's Hadoop configuration
            }
            Flatten flatten = ref.imported().flatten();
            String key = TrialIds.importHash(Hashes.sha256(bytes), flatten, ref.objective(), sweep.data().nTest(),
                    sweep.data().dataSeed());
            imports.keys.put(ref.ordinal(), key);
            if (store.lookup(key) != null) {
                continue;
            }
            try {
                BaseNetwork net = DasEngine.importBase(bytes, path, flatten, ref.objective(), sweep.data().nTest(),
                        sweep.data().dataSeed(), threads);
                imports.fresh.put(ref.ordinal(), net);
                LOG.info("network {} imported from {} ({}): test accuracy {}", ref.name(), path, flatten.id(),
                        String.format("%.4f", net.testAccuracy()));
            } catch (WeightsException e) {
                throw new SweepException(sweep.file(), field, "not a network: " + e.getMessage());
            }
        }
        return imports;
    }

    /** The store key of an imported network. */
    public String key(NetworkRef ref) {
        return keys.get(ref.ordinal());
    }

    /** The network read from its file, or null when the store already holds it. */
    public BaseNetwork network(NetworkRef ref) {
        return fresh.get(ref.ordinal());
    }
}
