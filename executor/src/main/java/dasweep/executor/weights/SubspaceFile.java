package dasweep.executor.weights;

import dasweep.executor.spec.Subspace;
import dasweep.executor.spec.TrialField;
import dasweep.executor.spec.TrialSpec;
import dasweep.executor.spec.Variable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trial's learned subspace as a float32 safetensors file: one tensor per column block, each n×k (row i = feature
 * i of the site in its view, column j = direction j): {@code subspace} for a single-source trial, {@code
 * subspace.<variable>} per variable, in source order, for a multi-source one. Its metadata says where the subspace
 * lives and how it is laid out: {@code format} ({@value #FORMAT}), {@code site}, {@code view}, {@code k},
 * {@code blocks}, {@code features}, {@code intervention}, {@code variables} (joined with +) and whether it had one source
 * per variable (under {@link TrialField#MULTI_SOURCE}'s key).
 * The bytes depend only on the subspace and those fields, so a trial run again gives the same file (and sha256).
 */
public final class SubspaceFile {
    public static final String FORMAT = "dasweep-subspace-1";

    private SubspaceFile() {
    }

    /** What a file holds: the subspace and its metadata. */
    public record Contents(Subspace subspace, Map<String, String> metadata) {
        public String site() {
            return metadata.get("site");
        }

        public String view() {
            return metadata.get("view");
        }
    }

    /** The safetensors bytes of {@code subspace}, learned by {@code spec}. */
    public static byte[] encode(Subspace subspace, TrialSpec spec) {
        TrialSpec.Intervention at = spec.intervention();
        if (subspace.features() != spec.features() || subspace.k() != at.k() || subspace.blocks() != spec.sources()) {
            throw new IllegalArgumentException(subspace + " does not fit the trial's site " + at.siteId() + ", k " + at.k());
        }
        List<String> variables = spec.variables().stream().map(Variable::id).toList();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (int b = 0; b < subspace.blocks(); b++) {
            String name = subspace.blocks() == 1 ? "subspace" : "subspace." + variables.get(b);
            tensors.put(name, new Tensor(new long[] {subspace.features(), subspace.k()}, subspace.block(b)));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("site", at.site().id());
        meta.put("view", at.view().id());
        meta.put("k", Integer.toString(at.k()));
        meta.put("blocks", Integer.toString(subspace.blocks()));
        meta.put("features", Integer.toString(subspace.features()));
        meta.put("intervention", at.type().id());
        meta.put("variables", String.join("+", variables));
        meta.put(TrialField.MULTI_SOURCE.key(), Boolean.toString(at.multiSource()));
        return Safetensors.write(tensors, meta);
    }

    /** An upper bound on a file's header (its 8-byte length, the JSON with metadata and shapes, padding). */
    public static final int HEADER_BYTES = 512;

    /** The size of {@code spec}'s file, at most: its floats and {@link #HEADER_BYTES}. */
    public static long bytes(TrialSpec spec) {
        return 4L * spec.features() * spec.intervention().k() * spec.sources() + HEADER_BYTES;
    }

    /** Reads a subspace file; {@code source} names it in errors. */
    public static Contents decode(byte[] bytes, String source) {
        Safetensors.Contents c = Safetensors.parse(bytes, source);
        Map<String, String> meta = c.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new WeightsException(source, "not a dasweep subspace file (format " + meta.get("format") + ")");
        }
        int blocks = Integer.parseInt(meta.get("blocks"));
        int k = Integer.parseInt(meta.get("k"));
        int n = Integer.parseInt(meta.get("features"));
        if (c.tensors().size() != blocks) {
            throw new WeightsException(source, "holds " + c.tensors().size() + " tensors, its metadata says " + blocks);
        }
        int m = blocks * k;
        float[] basis = new float[n * m];
        int b = 0;
        for (Tensor t : c.tensors().values()) {
            if (t.rank() != 2 || t.shape()[0] != n || t.shape()[1] != k) {
                throw new WeightsException(source, "a block of shape " + t.shapeString() + ", expected [" + n + ", " + k + "]");
            }
            float[] data = t.data();
            for (int i = 0; i < n; i++) {
                System.arraycopy(data, i * k, basis, i * m + b * k, k);
            }
            b++;
        }
        return new Contents(new Subspace(n, k, blocks, basis), Map.copyOf(meta));
    }
}
