package dasweep.driver;

import dasweep.driver.trial.BuildInfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** code_version is stamped at build time: the version, the 12-hex commit built from, and a dirty flag. */
class BuildInfoTest {
    @Test
    void codeVersionIsStampedWithTheCommit() throws IOException, InterruptedException {
        String v = BuildInfo.codeVersion();
        Path repo = JvmFlagsTest.repo();
        if (!Files.exists(repo.resolve(".git"))) {
            assertEquals("0.1.0-SNAPSHOT", v, "built without git: the bare version");
            return;
        }
        assertTrue(v.matches("^0\\.1\\.0-SNAPSHOT\\+[0-9a-f]{12}(\\.dirty)?$"), v);
        // the commit is the checkout's HEAD (this build's jar, not one of another commit)
        Process p = new ProcessBuilder("git", "-C", repo.toString(), "rev-parse", "HEAD").start();
        String head = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
            assertTrue(head.startsWith(v.substring(v.indexOf('+') + 1, v.indexOf('+') + 13)), v + " vs HEAD " + head);
        }
    }

    @Test
    void versionsAreFilledIn() {
        assertTrue(BuildInfo.pytorchVersion().matches("\\d+\\.\\d+\\.\\d+"), BuildInfo.pytorchVersion());
        assertTrue(BuildInfo.djlVersion().matches("\\d+\\.\\d+\\.\\d+.*"), BuildInfo.djlVersion());
    }
}
