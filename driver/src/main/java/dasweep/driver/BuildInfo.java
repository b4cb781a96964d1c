package dasweep.driver;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** Versions recorded in every row: dasweep (with the git commit when known), DJL, PyTorch. */
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

    /** {@code <version>+<git commit>} where the code runs from a git checkout, else the version. */
    public static String codeVersion() {
        String version = PROPS.getProperty("version", "unknown");
        String home = System.getProperty("dasweep.home");
        if (home == null) {
            for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
                if (Files.exists(p.resolve(".git"))) {
                    home = p.toString();
                    break;
                }
            }
        }
        try {
            if (home == null || !Files.exists(Path.of(home, ".git"))) {
                return version;
            }
            Process p = new ProcessBuilder("git", "-C", home, "rev-parse", "--short=12", "HEAD")
                    .redirectErrorStream(true).start();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return version + "+" + new String(p.getInputStream().readAllBytes()).trim();
            }
            p.destroy();
        } catch (java.io.IOException | InterruptedException e) {
            // no git
        }
        return version;
    }
}
