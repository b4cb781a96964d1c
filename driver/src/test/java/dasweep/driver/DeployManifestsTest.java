package dasweep.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dasweep.driver.sweep.Grid;
import dasweep.driver.sweep.Sweep;
import dasweep.driver.sweep.SweepLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every YAML manifest under {@code deploy/} parses and says what dasweep needs; the shipped sweeps load. */
class DeployManifestsTest {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static List<Path> files(String dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.walk(JvmFlagsTest.repo().resolve(dir))) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    static List<JsonNode> documents(Path file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (it.hasNext()) {
                JsonNode d = it.next();
                if (d != null && !d.isNull() && !d.isMissingNode()) {
                    docs.add(d);
                }
            }
        }
        return docs;
    }

    @Test
    void everyManifestParsesAndHasAKind() throws IOException {
        List<Path> manifests = files("deploy", ".yaml");
        assertTrue(manifests.size() >= 2, manifests.toString());
        for (Path f : manifests) {
            List<JsonNode> docs = documents(f);
            assertFalse(docs.isEmpty(), f.toString());
            docs.forEach(d -> assertTrue(d.hasNonNull("apiVersion") && d.hasNonNull("kind"), f + ": " + d));
        }
    }

    @Test
    void theSparkApplicationRunsTheAppJarWithGpusUnderItsServiceAccount() throws IOException {
        Path repo = JvmFlagsTest.repo();
        JsonNode app = documents(repo.resolve("deploy/k8s/sparkapplication.yaml")).get(0);
        assertEquals("SparkApplication", app.get("kind").asText());
        JsonNode spec = app.get("spec");
        assertEquals("dasweep.driver.Main", spec.get("mainClass").asText());
        assertTrue(spec.get("mainApplicationFile").asText().endsWith("/dasweep-app.jar"));
        assertEquals("run", spec.get("arguments").get(0).asText());
        assertTrue(spec.get("executor").get("gpu").get("quantity").asInt() >= 1);
        assertEquals("1", spec.get("sparkConf").get("spark.task.resource.gpu.amount").asText());
        String account = spec.get("driver").get("serviceAccount").asText();
        Map<String, JsonNode> rbac = documents(repo.resolve("deploy/k8s/rbac.yaml")).stream()
                .collect(Collectors.toMap(d -> d.get("kind").asText(), d -> d));
        assertEquals(account, rbac.get("ServiceAccount").get("metadata").get("name").asText());
        assertEquals(account, rbac.get("RoleBinding").get("subjects").get(0).get("name").asText());
        assertTrue(rbac.get("Role").get("rules").toString().contains("pods"));
        // the sweep it names is shipped, and the image copies the app jar it runs
        String sweep = spec.get("arguments").get(1).asText().replace("/opt/dasweep/", "");
        assertTrue(Files.isRegularFile(repo.resolve(sweep)), sweep);
        assertTrue(Files.readString(repo.resolve("deploy/k8s/Dockerfile")).contains("driver/target/dasweep-app.jar"));
    }

    @Test
    void theNightlyScheduleRecomputesOnceADayInUtcNeverTwiceAtOnceWithTheS3aCommitter() throws IOException {
        Path repo = JvmFlagsTest.repo();
        JsonNode nightly = documents(repo.resolve("deploy/k8s/scheduledsparkapplication.yaml")).get(0);
        assertEquals("sparkoperator.k8s.io/v1beta2", nightly.get("apiVersion").asText());
        assertEquals("ScheduledSparkApplication", nightly.get("kind").asText());
        JsonNode spec = nightly.get("spec");
        String[] cron = spec.get("schedule").asText().trim().split("\\s+");
        assertEquals(5, cron.length, "a five-field cron schedule");
        assertTrue(cron[0].matches("\\d+") && cron[1].matches("\\d+") && cron[2].equals("*") && cron[4].equals("*"),
                "once a day: " + spec.get("schedule"));
        assertEquals("Etc/UTC", spec.get("timeZone").asText(), "--run-date defaults to the run's UTC date");
        assertEquals("Forbid", spec.get("concurrencyPolicy").asText());
        assertTrue(spec.get("successfulRunHistoryLimit").asInt() >= 1 && spec.get("failedRunHistoryLimit").asInt() >= 1);
        JsonNode app = spec.get("template");
        assertEquals("dasweep.driver.Main", app.get("mainClass").asText());
        List<String> args = new ArrayList<>();
        app.get("arguments").forEach(a -> args.add(a.asText()));
        assertEquals("run", args.get(0));
        assertTrue(args.contains("--recompute"), args.toString());
        assertFalse(args.contains("--run-date"), "a fixed date would recompute the same day every night: " + args);
        assertTrue(Files.isRegularFile(repo.resolve(args.get(1).replace("/opt/dasweep/", ""))), args.get(1));
        String out = args.get(args.indexOf("--out") + 1);
        assertTrue(out.startsWith("s3a://"), out);
        assertS3aCommitter(app.get("sparkConf"));
        assertEquals(rbacAccount(repo), app.get("driver").get("serviceAccount").asText());
    }

    @Test
    void everyS3aManifestAndTheClusterTemplateUseTheS3aCommitterAndTheImageHasIt() throws IOException {
        Path repo = JvmFlagsTest.repo();
        assertS3aCommitter(documents(repo.resolve("deploy/k8s/sparkapplication.yaml")).get(0).get("spec")
                .get("sparkConf"));
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(repo.resolve("conf/spark-cluster.properties.template"))) {
            p.load(in);
        }
        assertS3aCommitter(YAML.valueToTree(p));
        assertEquals("1", p.getProperty("spark.hadoop.mapreduce.fileoutputcommitter.algorithm.version"),
                "file:// and hdfs:// keep the v1 committer");
        assertTrue(Files.readString(repo.resolve("deploy/k8s/Dockerfile")).contains("spark-hadoop-cloud_"));
    }

    static void assertS3aCommitter(JsonNode conf) {
        for (var e : dasweep.driver.spark.SparkSessions.S3A_COMMITTER.entrySet()) {
            assertEquals(e.getValue(), conf.path(e.getKey()).asText(), e.getKey());
        }
        assertEquals("true", conf.path("spark.hadoop.fs.s3a.create.conditional.enabled").asText());
    }

    static String rbacAccount(Path repo) throws IOException {
        return documents(repo.resolve("deploy/k8s/rbac.yaml")).stream()
                .filter(d -> d.get("kind").asText().equals("ServiceAccount")).findFirst().orElseThrow()
                .get("metadata").get("name").asText();
    }

    @Test
    void theYarnPropertiesAskForGpusAndShipTheFlagsFile() throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(JvmFlagsTest.repo().resolve("deploy/yarn/spark-yarn-gpu.properties"))) {
            p.load(in);
        }
        assertEquals("yarn", p.getProperty("spark.master"));
        assertEquals("1", p.getProperty("spark.executor.resource.gpu.amount"));
        assertTrue(p.getProperty("spark.yarn.dist.files").contains("conf/jvm.options"));
        assertTrue(p.stringPropertyNames().stream().noneMatch(k -> k.startsWith("spark.yarn.executor.resource.")),
                "Spark refuses the YARN name of a GPU request beside spark.executor.resource.gpu.amount");
    }

    @Test
    void everyShippedSweepLoadsAndExpands() throws Exception {
        for (Path f : files("sweeps", ".yaml")) {
            if (f.getFileName().toString().equals("seed-notebook.yaml")) {
                continue;                                // imports ../shared/models, which CI checks separately
            }
            Sweep s = SweepLoader.load(f);
            assertFalse(Grid.expand(s, Grid.MAX_TRIALS).cells().isEmpty(), f.toString());
        }
        Sweep nightly = SweepLoader.load(JvmFlagsTest.repo().resolve("sweeps/nightly.yaml"));
        assertEquals("nightly", nightly.name());
        assertTrue(Files.readString(JvmFlagsTest.repo().resolve("deploy/nightly.crontab"))
                .contains("/opt/dasweep/deploy/nightly.sh /data/dasweep"));
        assertTrue(Files.readString(JvmFlagsTest.repo().resolve("deploy/nightly.sh"))
                .contains("run \"$sweep\" --out \"$out\" --recompute --run-date"));
    }
}
