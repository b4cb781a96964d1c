package dasweep.executor.weights;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds {@code shared/models} (never copied into the project): the system property
 * {@code dasweep.models} first, else the first {@code shared/models} found walking up from the
 * working directory. When it is absent the test is skipped, unless the environment variable
 * {@code DASWEEP_REQUIRE_MODELS} is set, in which case it fails.
 */
public final class SharedModels {
    static final String PTH = "amir_cnn_model.pth";
    static final String SAFETENSORS = "amir_cnn_model.safetensors";
    /** The sha256 of amir_cnn_model.safetensors, from shared/models/README.md. */
    static final String SAFETENSORS_SHA256 = "d997def9bb1626248d5ef040b8c16574b27320b9c80467da4f22839dc22e2c21";
    static final String PTH_SHA256 = "1594f7d35e9e346eaf32d48dc85cc2b8565502a8b5afcc11540142041fee4869";
    /** The paper's first network (objective Equal, Keras-converted: fc1 reads conv3 channels last). */
    static final String PAPER_PTH = "cnn_model_1.pth";
    /** Its sha256, from shared/models/README.md. */
    public static final String PAPER_PTH_SHA256 = "a08c05f78fe9017abb0c422646047dec81b1079721c64f85e43347932055002b";

    private SharedModels() {
    }

    /** The folder, or a skipped (or, with DASWEEP_REQUIRE_MODELS, failed) test. */
    public static Path dir() {
        String property = System.getProperty("dasweep.models");
        if (property != null && !property.isBlank()) {
            Path p = Paths.get(property);
            if (!Files.isRegularFile(p.resolve(PTH))) {
                fail("-Ddasweep.models=" + property + " has no " + PTH);
            }
            return p;
        }
        for (Path d = Paths.get("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve("shared").resolve("models");
            if (Files.isRegularFile(p.resolve(PTH)) && Files.isRegularFile(p.resolve(SAFETENSORS))) {
                return p;
            }
        }
        String where = "shared/models not found above " + Paths.get("").toAbsolutePath()
                + " (set -Ddasweep.models=DIR)";
        return absent(where);
    }

    /** Skips the test, or fails it when DASWEEP_REQUIRE_MODELS is set. */
    private static <T> T absent(String where) {
        String require = System.getenv("DASWEEP_REQUIRE_MODELS");
        if (require != null && !require.isEmpty()) {
            fail(where + ", and DASWEEP_REQUIRE_MODELS is set");
        }
        Assumptions.abort(where);
        throw new AssertionError("unreachable");
    }

    /** {@code cnn_model_1.pth}, the paper's first network, or a skipped (or failed) test when it is absent. */
    public static Path paperPth() {
        Path p = dir().resolve(PAPER_PTH);
        return Files.isRegularFile(p) ? p : absent(p + " not found");
    }

    public static Path pth() {
        return dir().resolve(PTH);
    }

    public static Path safetensors() {
        return dir().resolve(SAFETENSORS);
    }

    public static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
