package dasweep.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dasweep.executor.DasEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * libtorch's OpenMP environment ({@code OMP_WAIT_POLICY=PASSIVE}; its home is the executor's {@code NativeEnv}) reaches
 * every place a trial's JVM can start from: the launchers' shell helper (keeping a value the user set), surefire and
 * failsafe, the cluster template's {@code spark.executorEnv.*}.
 */
class NativeEnvCopiesTest {
    private final Map<String, String> env = DasEngine.nativeEnvironment();

    @Test
    void theShellHelperExportsEachUnlessSet() throws Exception {
        assertFalse(env.isEmpty());
        for (Map.Entry<String, String> e : env.entrySet()) {
            assertEquals(e.getValue(), shell(e.getKey(), null));
            assertEquals("ACTIVE", shell(e.getKey(), "ACTIVE"), "a value the user set wins");
        }
    }

    private static String shell(String name, String preset) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "source deploy/dasweep-lib.sh; dasweep_native_env; "
                + "printf %s \"${" + name + "}\"").directory(JvmFlagsTest.repo().toFile());
        pb.environment().remove(name);
        if (preset != null) {
            pb.environment().put(name, preset);
        }
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void surefireTheTemplateAndThisJvmCarryEach() throws IOException {
        String pom = Files.readString(JvmFlagsTest.repo().resolve("pom.xml"));
        String template = Files.readString(JvmFlagsTest.repo().resolve("conf/spark-cluster.properties.template"));
        for (Map.Entry<String, String> e : env.entrySet()) {
            String element = "<" + e.getKey() + ">" + e.getValue() + "</" + e.getKey() + ">";
            assertEquals(2, pom.split(java.util.regex.Pattern.quote(element), -1).length - 1,
                    "surefire and failsafe: " + element);
            assertTrue(template.contains("\nspark.executorEnv." + e.getKey() + "=" + e.getValue() + "\n"), e.getKey());
            assertEquals(e.getValue(), System.getenv(e.getKey()), "this test JVM's environment");
        }
        for (String launcher : new String[] {"dasweep", "deploy/spark-submit"}) {
            assertTrue(Files.readString(Path.of(JvmFlagsTest.repo().toString(), launcher)).contains("\ndasweep_native_env"),
                    launcher);
        }
    }
}
