package dasweep.driver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dasweep.executor.BaseNetworkSpec;
import dasweep.executor.Hashes;
import dasweep.executor.TrialSpec;
import dasweep.executor.das.InterventionType;
import dasweep.executor.data.Objective;
import dasweep.executor.data.Variable;
import dasweep.executor.model.Site;
import dasweep.executor.model.View;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
        return write(specMap(s, true));
    }

    /** The trial's id: everything that determines its result. */
    public static String trialId(TrialSpec s, String networkSha256) {
        return sha256(write(specMap(s, false)) + "|" + networkSha256);
    }

    /** The store key of a trained network's recipe. */
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
        return sha256(write(m));
    }

    /** The store key of an imported network: its file's bytes, objective and test recipe. */
    public static String importHash(String fileSha256, Objective o, int nTest, long seed) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "imported");
        m.put("file_sha256", fileSha256);
        m.put("coefficients", o.coefficients());
        m.put("threshold", o.threshold());
        m.put("n_test", nTest);
        m.put("seed", seed);
        return sha256(write(m));
    }

    private static Map<String, Object> specMap(TrialSpec s, boolean withName) {
        return s.toMap(withName);
    }

    /** Reads {@link #specJson} back. */
    public static TrialSpec parseSpec(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            JsonNode o = n.get("objective");
            List<Double> coefficients = new ArrayList<>();
            o.get("coefficients").forEach(c -> coefficients.add(c.doubleValue()));
            List<Variable> vars = new ArrayList<>();
            n.get("variables").forEach(v -> vars.add(Variable.parse("variables", v.asText())));
            return new TrialSpec(new Objective(o.get("name").asText(), coefficients, o.get("threshold").doubleValue()),
                    vars, Site.parse("layer", n.get("layer").asText()), View.parse("view", n.get("view").asText()),
                    InterventionType.parse("intervention", n.get("intervention").asText()), n.get("k").intValue(),
                    n.get("multi_source").booleanValue(), n.get("epochs").intValue(), n.get("lr").doubleValue(),
                    n.get("batch_size").intValue(), n.get("n_train").intValue(), n.get("n_eval").intValue(),
                    n.get("data_seed").longValue(), n.get("seed").longValue());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad spec json: " + e.getOriginalMessage(), e);
        }
    }

    static String write(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256(byte[] bytes) {
        return Hashes.sha256(bytes);
    }

    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }
}
