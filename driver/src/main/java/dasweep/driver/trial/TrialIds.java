package dasweep.driver.trial;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dasweep.executor.spec.BaseNetworkSpec;
import dasweep.executor.spec.Hashes;
import dasweep.executor.spec.TrialSpec;
import dasweep.executor.spec.Objective;
import dasweep.executor.spec.Flatten;
import dasweep.executor.spec.Init;
import dasweep.executor.spec.LrSchedule;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Canonical JSON for trial specs and network recipes, and the stable hashes built from it.
 * {@code trial_id} = sha256 of the spec's canonical JSON without the objective's name (which does not
 * change the result) followed by {@code |} and the network's sha256. A network's recipe hash keys it in the
 * output store, so a rerun reuses networks already trained.
 */
public final class TrialIds {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TrialIds() {
    }

    /** The spec as canonical JSON (fixed key order, snake_case), the table's {@code spec_json}. */
    public static String specJson(TrialSpec s) {
        return write(s.toMap(true));
    }

    /** The trial's id: everything that determines its result. */
    public static String trialId(TrialSpec s, String networkSha256) {
        return sha256(write(s.toMap(false)) + "|" + networkSha256);
    }

    /**
     * The store key of a trained network's recipe. The learning-rate schedule enters only when it is not
     * {@code constant} and the init only when it is not {@code pytorch}, so a recipe without them keeps the key (and
     * its trials their {@code trial_id}s) of the versions before they existed.
     */
    public static String recipeHash(BaseNetworkSpec r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "trained");
        m.put("coefficients", r.objective().coefficients());
        m.put("threshold", r.objective().threshold());
        m.put("images", r.nImages());
        m.put("epochs", r.epochs());
        m.put("lr", r.lr());
        m.put("batch_size", r.batchSize());
        m.put("n_test", r.nTest());
        m.put("seed", r.seed());
        if (r.schedule() != LrSchedule.CONSTANT) {
            m.put("lr_schedule", r.schedule().id());
        }
        if (r.init() != Init.PYTORCH) {
            m.put("init", r.init().id());
        }
        return sha256(write(m));
    }

    /** The store key of an imported channels-first network: its file's bytes, objective and test recipe. */
    public static String importHash(String fileSha256, Objective o, int nTest, long seed) {
        return importHash(fileSha256, Flatten.CHANNELS_FIRST, o, nTest, seed);
    }

    /**
     * The store key of an imported network: its file's bytes, flatten layout, objective and test recipe. The layout
     * enters the key only when it is {@code channels_last}, so a channels-first import keeps the key (and its
     * trials their {@code trial_id}s) of the versions before the layout existed.
     */
    public static String importHash(String fileSha256, Flatten flatten, Objective o, int nTest, long seed) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "imported");
        m.put("file_sha256", fileSha256);
        if (flatten != Flatten.CHANNELS_FIRST) {
            m.put("flatten", flatten.id());
        }
        m.put("coefficients", o.coefficients());
        m.put("threshold", o.threshold());
        m.put("n_test", nTest);
        m.put("seed", seed);
        return sha256(write(m));
    }

    static String write(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(String text) {
        return Hashes.sha256(text.getBytes(StandardCharsets.UTF_8));
    }
}
