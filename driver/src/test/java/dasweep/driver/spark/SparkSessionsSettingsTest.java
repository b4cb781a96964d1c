package dasweep.driver.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Precedence of a run's Spark properties: the file, then spark-submit's (system properties), then --conf. */
class SparkSessionsSettingsTest {
    @TempDir
    Path dir;

    @Test
    void sparkSubmitsSystemPropertiesWinOverTheFileAndConfWinsOverBoth() throws IOException {
        Path file = dir.resolve("p.properties");
        Files.writeString(file, "spark.master=spark://file:7077\nspark.dasweep.a=file\nspark.dasweep.b=file\n"
                + "spark.dasweep.c=file\nspark.hadoop.fs.dasweep.d=file\n");
        System.setProperty("spark.dasweep.b", "submit");
        System.setProperty("spark.dasweep.c", "submit");
        System.setProperty("spark.hadoop.fs.dasweep.d", "submit");
        System.setProperty("spark.master", "spark://submit:7077");
        try {
            SparkSessions.Settings s = SparkSessions.settings(file, Map.of("spark.dasweep.c", "conf"));
            assertEquals("file", s.properties().get("spark.dasweep.a"));
            assertEquals("submit", s.properties().get("spark.dasweep.b"));
            assertEquals("conf", s.properties().get("spark.dasweep.c"));
            assertEquals("spark://submit:7077", s.properties().get("spark.master"));
            assertEquals("submit", s.hadoop().get("fs.dasweep.d"));
        } finally {
            System.clearProperty("spark.dasweep.b");
            System.clearProperty("spark.dasweep.c");
            System.clearProperty("spark.hadoop.fs.dasweep.d");
            System.clearProperty("spark.master");
        }
    }

    @Test
    void taskSlotsAreTheLocalThreadsOrTheExecutorsCoresOverTaskCpus() {
        assertEquals(2, SparkSessions.taskSlots("local[2]", 16, "1", "", "", 4), "spark.default.parallelism aside");
        assertEquals(16, SparkSessions.taskSlots("local[*]", 16, "1", "", "", 4));
        assertEquals(1, SparkSessions.taskSlots("local", 16, "1", "", "", 4));
        assertEquals(12, SparkSessions.taskSlots("spark://m:7077", 2, "2", "6", "4", 4));
        assertEquals(8, SparkSessions.taskSlots("yarn", 2, "1", "", "", 8), "executors unknown: default parallelism");
        assertEquals(1, SparkSessions.taskSlots("yarn", 2, "4", "", "", 2));
    }
}
