package dasweep.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The copy-paste commands of {@code deploy/README.md} (its indented code lines): every file of the repository they
 * name exists as written (a command naming {@code conf/spark-cluster.properties}, which is not shipped, exited 2), and
 * the commands no test runs because they need a real cluster, bucket or Spark are exactly the ones listed here.
 */
class DeployReadmeTest {
    /** Repository paths in a command: conf/, sweeps/, deploy/ (build outputs under driver/target are made by mvn). */
    static final Pattern REPO_PATH = Pattern.compile("(?<![\\w/.-])((?:conf|sweeps|deploy)/[\\w./-]*\\w)");
    /** Commands that need what this machine does not have (a real master, bucket, Spark distribution). */
    static final List<String> NEED_A_REAL_CLUSTER = List.of(
            "deploy/spark-submit --master spark://host:7077",     // a real master and an S3 bucket
            "spark-submit --driver-java-options",                 // a real Spark's own spark-submit
            "17 2 * * * /opt/dasweep/deploy/nightly.sh");         // the crontab line of an installed dasweep

    static List<String> commands() throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(JvmFlagsTest.repo().resolve("deploy/README.md"))) {
            if (line.startsWith("    ") && !line.isBlank() && !line.strip().startsWith("dasweep:")
                    && !line.strip().startsWith("|") && !line.strip().startsWith("last heartbeat")
                    && !line.strip().startsWith("are refreshed")) {
                out.add(line.strip());
            }
        }
        return out;
    }

    @Test
    void everyRepositoryFileACommandNamesExists() throws IOException {
        List<String> missing = new ArrayList<>();
        List<String> commands = commands();
        assertTrue(commands.size() >= 6, commands.toString());
        for (String c : commands) {
            Matcher m = REPO_PATH.matcher(c);
            while (m.find()) {
                if (!Files.exists(JvmFlagsTest.repo().resolve(m.group(1)))) {
                    missing.add(m.group(1) + " in: " + c);
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void theCommandsThatNeedARealClusterAreTheListedOnes() throws IOException {
        List<String> listed = commands().stream()
                .filter(c -> NEED_A_REAL_CLUSTER.stream().anyMatch(c::startsWith)).toList();
        assertEquals(NEED_A_REAL_CLUSTER.size(), listed.size(), "each listed command is still on the page: " + listed);
    }
}
