package dasweep.driver.trial;

import java.io.InputStream;
import java.util.Properties;

/** Versions recorded in every row: dasweep (with the git commit it was built from, when known), DJL, PyTorch. */
public final class BuildInfo {
    private static final Properties PROPS = new Properties();

    static {
        try (InputStream in = BuildInfo.class.getResourceAsStream("/dasweep-build.properties")) {
            if (in != null) {
                PROPS.load(in);
            }
        } catch (java.io.IOException e) {
            // versions stay unknown
        }
    }

    private BuildInfo() {
    }

    public static String pytorchVersion() {
        return PROPS.getProperty("pytorch", "unknown");
    }

    public static String djlVersion() {
        try {
            String v = dasweep.executor.DasEngine.djlVersion();
            return v != null ? v : PROPS.getProperty("djl", "unknown");
        } catch (RuntimeException | LinkageError e) {
            return PROPS.getProperty("djl", "unknown");
        }
    }

    /**
     * {@code <version>+<commit>} ({@code +<commit>.dirty} when the working tree had uncommitted changes), as
     * stamped into the jar when it was built; the bare version when the build had no git checkout.
     */
    public static String codeVersion() {
        String version = PROPS.getProperty("version", "unknown");
        String commit = PROPS.getProperty("commit", "");
        if (!commit.matches("[0-9a-f]{7,40}")) {
            return version;
        }
        return version + "+" + commit + ("true".equals(PROPS.getProperty("dirty")) ? ".dirty" : "");
    }
}
