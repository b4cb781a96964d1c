package dasweep.executor.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The in-process half of libtorch's environment: set when missing, never over a value already there. */
@EnabledOnOs(OS.LINUX)
class NativeEnvTest {
    @Test
    void setsWhatIsMissingAndKeepsWhatIsThere() {
        String name = "DASWEEP_NATIVE_ENV_TEST_" + ProcessHandle.current().pid();
        assertNull(NativeEnv.current(name));
        NativeEnv.set(Map.of(name, "first"));
        assertEquals("first", NativeEnv.current(name), "set in the process environment C code reads");
        NativeEnv.set(Map.of(name, "second"));
        assertEquals("first", NativeEnv.current(name), "a value already set wins");
    }

    @Test
    void theEngineSeesPassiveWaiting() {
        Torch.threads(1);    // loads the engine, after NativeEnv.apply
        assertEquals("PASSIVE", NativeEnv.current("OMP_WAIT_POLICY"));
        assertEquals(Map.of("OMP_WAIT_POLICY", "PASSIVE"), NativeEnv.VARIABLES);
    }
}
