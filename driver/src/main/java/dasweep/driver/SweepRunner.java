package dasweep.driver;

import com.fasterxml.jackson.databind.ObjectMapper;
import dasweep.driver.spark.NetworkInfo;
import dasweep.driver.spark.NetworkStore;
import dasweep.driver.spark.NetworkTask;
import dasweep.driver.spark.Progress;
import dasweep.driver.spark.ResultsSchema;
import dasweep.driver.spark.SparkSessions;
import dasweep.driver.spark.Tasks;
import dasweep.driver.spark.TrialRow;
import dasweep.driver.spark.TrialTask;
import dasweep.driver.sweep.CostModel;
import dasweep.driver.sweep.Grid;
import dasweep.driver.sweep.Sweep;
import dasweep.driver.sweep.SweepException;
import dasweep.driver.sweep.SweepLoader;
import dasweep.driver.sweep.WeightsFiles;
import dasweep.executor.BaseNetwork;
import dasweep.executor.DasEngine;
import dasweep.executor.TrialSpec;
import dasweep.executor.data.Variable;
import dasweep.executor.weights.WeightsException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code dasweep run}: load and validate the sweep, expand the grid, import networks (all before Spark
 * starts, so bad input writes nothing), then stage 1 (train missing base networks as Spark tasks, into the
 * output store), stage 2 (one Spark task per trial not yet OK in the table), and one atomic append of the new
 * rows to {@code <out>/trials}. Results are also staged per trial under {@code <out>/_staging/<run-id>} so
 * {@code --resume} after a crash keeps them.
 */
public final class SweepRunner {
    private static final Logger LOG = LoggerFactory.getLogger("dasweep.run");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunOptions opts;
    private final PrintStream out;
    private final PrintStream err;

    public SweepRunner(RunOptions opts, PrintStream out, PrintStream err) {
        this.opts = opts;
        this.out = out;
        this.err = err;
    }

    /** A network ready for stage 2: its store key and the recorded sha256 and test accuracy. */
    private record Ready(Grid.NetworkRef ref, String key, NetworkInfo info) {
    }

    /** Runs the sweep, creating (and stopping) a SparkSession when {@code spark} is null. */
    public RunResult run(SparkSession spark) {
        Sweep sweep;
        Grid.Expansion grid;
        try {
            sweep = SweepLoader.load(opts.sweepFile());
            grid = Grid.expand(sweep);
        } catch (SweepException e) {
            err.println("dasweep: " + e.getMessage());
            return RunResult.badInput();
        }
        if (opts.dryRun()) {
            return dryRun(sweep, grid);
        }
        String outUri = absolute(opts.out());
        String storeUri = outUri + "/networks";
        String tableUri = outUri + "/trials";
        // Spark properties (file, then --conf): read now, so spark.hadoop.* also reach the driver's own reads
        Properties props;
        try {
            props = SparkSessions.load(opts.sparkConf() != null ? opts.sparkConf() : SparkSessions.defaultConf());
        } catch (IOException e) {
            err.println("dasweep: cannot read the Spark properties: " + e);
            return RunResult.badInput();
        }
        Map<String, String> all = new LinkedHashMap<>();
        props.stringPropertyNames().forEach(k -> all.put(k, props.getProperty(k).trim()));
        all.putAll(opts.overrides());
        Configuration hadoop = new Configuration();
        all.forEach((k, v) -> {
            if (k.startsWith("spark.hadoop.")) {
                hadoop.set(k.substring("spark.hadoop.".length()), v);
            }
        });
        // Imported networks: read, validated and measured by the engine before Spark starts or anything is written.
        Map<Integer, BaseNetwork> imported = new HashMap<>();
        Map<Integer, String> importKeys = new HashMap<>();
        int threadsHere = Math.max(1, Runtime.getRuntime().availableProcessors());
        try {
            NetworkStore store = new NetworkStore(storeUri, hadoop);
            for (Grid.NetworkRef ref : grid.networks()) {
                if (ref.trained()) {
                    continue;
                }
                String field = "networks.imported[" + ref.index() + "].path";
                byte[] bytes;
                try {
                    bytes = WeightsFiles.read(ref.imported().path(), hadoop);
                } catch (IOException e) {
                    throw new SweepException(sweep.file(), field, "cannot read the weights file: " + e.getMessage()
                            + " (found '" + ref.imported().path() + "')");
                }
                String key = TrialIds.importHash(TrialIds.sha256(bytes), ref.objective(), sweep.data().nTest(),
                        sweep.data().dataSeed());
                importKeys.put(ref.ordinal(), key);
                if (store.lookup(key) != null) {
                    continue;
                }
                try {
                    imported.put(ref.ordinal(), DasEngine.importBase(bytes, ref.imported().path(), ref.objective(),
                            sweep.data().nTest(), sweep.data().dataSeed(), threadsHere));
                } catch (WeightsException e) {
                    throw new SweepException(sweep.file(), field, "not a network: " + e.getMessage());
                }
                LOG.info("network {} imported from {}: test accuracy {}", ref.name(), ref.imported().path(),
                        String.format("%.4f", imported.get(ref.ordinal()).testAccuracy()));
            }
        } catch (SweepException e) {
            err.println("dasweep: " + e.getMessage());
            return RunResult.badInput();
        } catch (IOException e) {
            err.println("dasweep: cannot read the output store " + storeUri + ": " + e);
            return new RunResult(1, grid.networks().size(), 0, grid.cells().size(), 0, 0, 0, 0, 0, tableUri, null,
                    List.of());
        }

        boolean own = spark == null;
        if (own) {
            String master = opts.master() != null ? opts.master()
                    : all.getOrDefault("spark.master", System.getProperty("spark.master", "local[*]"));
            spark = SparkSessions.create(master, "dasweep " + sweep.name(), props, opts.overrides());
        }
        try {
            return execute(spark, sweep, grid, imported, importKeys, outUri, storeUri, tableUri);
        } catch (IOException | RuntimeException e) {
            LOG.error("run failed", e);
            err.println("dasweep: run failed: " + e);
            return new RunResult(1, grid.networks().size(), 0, grid.cells().size(), 0, 0, 0, 0, 0, tableUri, null,
                    List.of());
        } finally {
            if (own) {
                spark.stop();
            }
        }
    }

    private RunResult dryRun(Sweep sweep, Grid.Expansion grid) {
        double base = grid.networks().stream().filter(Grid.NetworkRef::trained)
                .mapToDouble(n -> CostModel.baseNetwork(n.recipe())).sum();
        double trials = grid.cells().stream().mapToDouble(c -> CostModel.trial(c.spec())).sum();
        long trained = grid.networks().stream().filter(Grid.NetworkRef::trained).count();
        out.printf("sweep %s (%s)%n", sweep.name(), sweep.file());
        out.printf("base networks: %,d (%,d trained, %,d imported)%n", grid.networks().size(), trained,
                grid.networks().size() - trained);
        out.printf("trials: %,d%n", grid.cells().size());
        out.printf("estimated cost (rough model, CPU): %s core-hours = base networks %s + trials %s; "
                        + "≈ %s on %d cores%n", hours(base + trials), hours(base), hours(trials),
                duration((base + trials) / Runtime.getRuntime().availableProcessors()),
                Runtime.getRuntime().availableProcessors());
        return new RunResult(0, grid.networks().size(), 0, grid.cells().size(), 0, 0, 0, 0, base + trials, null, null,
                List.of());
    }

    private static String hours(double coreSeconds) {
        return String.format(coreSeconds < 36_000 ? "%.2f" : "%.0f", coreSeconds / 3600);
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, (s % 3600) / 60) : String.format("%dm%02ds", s / 60, s % 60);
    }

    static String absolute(String out) {
        if (out.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*") || out.startsWith("file:")) {
            return out.replaceAll("/+$", "");
        }
        return Path.of(out).toAbsolutePath().normalize().toUri().toString().replaceAll("/+$", "");
    }

    private RunResult execute(SparkSession spark, Sweep sweep, Grid.Expansion grid, Map<Integer, BaseNetwork> imported,
                              Map<Integer, String> importKeys, String outUri, String storeUri, String tableUri)
            throws IOException {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        NetworkStore store = new NetworkStore(storeUri, hadoop);
        int threads = threadsPerTask(spark);
        String runId = LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss"))
                + "-" + UUID.randomUUID().toString().substring(0, 8);
        LOG.info("run {}: sweep {}, {} networks, {} trials, master {}, {} thread(s) per task", runId, sweep.name(),
                grid.networks().size(), grid.cells().size(), spark.sparkContext().master(), threads);

        // ---- stage 1: base networks
        Map<Integer, Ready> ready = new LinkedHashMap<>();
        List<NetworkTask> toTrain = new ArrayList<>();
        int built = 0;
        for (Grid.NetworkRef ref : grid.networks()) {
            if (ref.trained()) {
                String key = TrialIds.recipeHash(ref.recipe());
                NetworkInfo info = store.lookup(key);
                if (info != null) {
                    ready.put(ref.ordinal(), new Ready(ref, key, info));
                } else {
                    toTrain.add(networkTask(ref, key, storeUri, threads));
                }
            } else {
                String key = importKeys.get(ref.ordinal());
                BaseNetwork net = imported.get(ref.ordinal());
                if (net != null) {
                    NetworkInfo info = new NetworkInfo();
                    info.key = key;
                    info.name = ref.name();
                    info.source = "imported";
                    info.sha256 = net.sha256();
                    info.testAccuracy = net.testAccuracy();
                    info.epochLosses = new double[0];
                    info.host = "driver";
                    info.executorId = "driver";
                    store.put(info, net.safetensors());
                    built++;
                }
                ready.put(ref.ordinal(), new Ready(ref, key, store.lookup(key)));
            }
        }
        LOG.info("stage 1: {} base networks: {} imported, {} to train, {} reused from {}", grid.networks().size(),
                built, toTrain.size(), grid.networks().size() - toTrain.size() - built, storeUri);
        if (!toTrain.isEmpty()) {
            jsc.setJobGroup("dasweep-stage1-" + runId, "stage 1: train " + toTrain.size() + " base networks", false);
            List<NetworkInfo> trained;
            try (Progress p = listen(spark, "dasweep-stage1-" + runId, "networks", toTrain.size(), () -> 0)) {
                trained = jsc.parallelize(toTrain, toTrain.size()).map(Tasks::train).collect();
            }
            Map<String, NetworkInfo> byKey = trained.stream().collect(Collectors.toMap(i -> i.key, i -> i));
            for (Grid.NetworkRef ref : grid.networks()) {
                if (ref.trained() && !ready.containsKey(ref.ordinal())) {
                    String key = TrialIds.recipeHash(ref.recipe());
                    ready.put(ref.ordinal(), new Ready(ref, key, byKey.get(key)));
                }
            }
            built += trained.size();
        }
        for (Ready r : ready.values()) {
            if (r.info().testAccuracy < 0.6) {
                LOG.warn("network {} has test accuracy {}: close to chance, its trials say little",
                        r.ref().name(), String.format("%.3f", r.info().testAccuracy));
            }
        }

        // ---- trial ids, what is done, what is staged
        Map<String, TrialTask> todo = new LinkedHashMap<>();
        String stagingUri = outUri + "/_staging/" + runId;
        Set<Integer> failCells = new HashSet<>(opts.failCells());
        String failConf = spark.conf().get("spark.dasweep.test.failTrials", "");
        for (String s : failConf.split(",")) {
            if (!s.isBlank()) {
                failCells.add(Integer.parseInt(s.trim()));
            }
        }
        String sparkVersion = spark.version();
        String codeVersion = BuildInfo.codeVersion();
        String djl = BuildInfo.djlVersion();
        String runDate = opts.runDate().toString();
        List<String> allIds = new ArrayList<>();
        for (Grid.Cell cell : grid.cells()) {
            Ready net = ready.get(cell.network().ordinal());
            String id = TrialIds.trialId(cell.spec(), net.info().sha256);
            allIds.add(id);
            if (todo.containsKey(id)) {
                continue;
            }
            TrialTask t = new TrialTask();
            t.row = baseRow(sweep, cell, net, id, runId, runDate, codeVersion, sparkVersion, djl);
            t.specJson = TrialIds.specJson(cell.spec());
            t.row.specJson = t.specJson;
            t.storeUri = storeUri;
            t.networkKey = net.key();
            t.stagingUri = stagingUri;
            t.threads = threads;
            t.injectFailure = failCells.contains(cell.index());
            todo.put(id, t);
        }
        int unique = todo.size();
        Set<String> done = doneIds(spark, tableUri, sweep.name());
        todo.keySet().removeAll(done);
        int skipped = unique - todo.size();
        // results staged by unfinished runs of this sweep: adopted with --resume (OK rows still missing), else ignored
        List<TrialRow> adopted = new ArrayList<>();
        FileSystem outFs = new org.apache.hadoop.fs.Path(outUri).getFileSystem(hadoop);
        List<org.apache.hadoop.fs.Path> stale = new ArrayList<>();
        for (org.apache.hadoop.fs.Path p : staged(outUri, hadoop)) {
            TrialRow row;
            try (InputStream in = outFs.open(p)) {
                row = JSON.readValue(in, TrialRow.class);
            } catch (IOException e) {
                LOG.warn("ignoring unreadable staged result {}: {}", p, e.toString());
                continue;
            }
            if (!sweep.name().equals(row.sweep)) {
                continue;
            }
            stale.add(p);
            TrialTask task = todo.get(row.trialId);
            if (opts.resume() && "OK".equals(row.status) && task != null) {
                todo.remove(row.trialId);
                row.runDate = runDate;
                row.cellIndex = task.row.cellIndex;
                adopted.add(row);
            }
        }
        if (!stale.isEmpty() && !opts.resume()) {
            err.printf("dasweep: %d results of sweep %s staged by unfinished runs under %s/_staging are ignored; "
                    + "use --resume to keep them%n", stale.size(), sweep.name(), outUri);
        }
        LOG.info("stage 2: {} trials, {} already in the table, {} adopted from staging, {} to compute",
                unique, skipped, adopted.size(), todo.size());
        if (todo.isEmpty() && adopted.isEmpty()) {
            out.printf("nothing to compute: all %d trials of sweep %s are already in %s%n", unique, sweep.name(),
                    tableUri);
            if (opts.resume()) {
                dropStaged(outFs, outUri, stale);
            }
            List<String> summary = summary(spark, tableUri, sweep);
            summary.forEach(out::println);
            out.printf("table: %s%n", tableUri);
            return new RunResult(0, grid.networks().size(), built, unique, 0, skipped, 0, 0, 0, tableUri, runId,
                    summary);
        }

        // ---- stage 2: one task per trial
        List<TrialRow> rows = new ArrayList<>();
        if (!todo.isEmpty()) {
            List<TrialTask> tasks = new ArrayList<>(todo.values());
            LongAccumulator failures = spark.sparkContext().longAccumulator("dasweep.failed");
            String group = "dasweep-stage2-" + runId;
            jsc.setJobGroup(group, "stage 2: " + tasks.size() + " DAS trials", false);
            try (Progress p = listen(spark, group, "trials", tasks.size(), failures::value)) {
                rows.addAll(jsc.parallelize(tasks, tasks.size()).map(t -> {
                    TrialRow r = Tasks.trial(t);
                    if (!"OK".equals(r.status)) {
                        failures.add(1);
                    }
                    return r;
                }).collect());
            }
            jsc.clearJobGroup();
        }
        int failed = (int) rows.stream().filter(r -> !"OK".equals(r.status)).count();
        if (opts.crashBeforeCommit() || spark.conf().get("spark.dasweep.test.crashBeforeCommit", "false").equals("true")) {
            throw new IllegalStateException("injected crash before the table commit (spark.dasweep.test.crashBeforeCommit)");
        }

        // ---- commit: one append (the output committer makes it visible at once), then drop the staging
        rows.addAll(adopted);
        Map<String, TrialRow> unique2 = new LinkedHashMap<>();
        rows.forEach(r -> unique2.putIfAbsent(r.trialId, r));
        List<Row> sparkRows = unique2.values().stream().map(ResultsSchema::toRow).toList();
        jsc.setJobGroup("dasweep-commit-" + runId, "commit " + sparkRows.size() + " rows", false);
        spark.createDataFrame(sparkRows, ResultsSchema.SCHEMA).coalesce(1).write().mode(SaveMode.Append)
                .partitionBy(ResultsSchema.PARTITIONS.toArray(String[]::new)).parquet(tableUri);
        jsc.clearJobGroup();
        FileSystem fs = new org.apache.hadoop.fs.Path(outUri).getFileSystem(hadoop);
        fs.delete(new org.apache.hadoop.fs.Path(stagingUri), true);
        dropStaged(fs, outUri, opts.resume() ? stale : List.of());
        LOG.info("committed {} rows ({} computed, {} adopted, {} failed) to {}", sparkRows.size(), rows.size()
                - adopted.size(), adopted.size(), failed, tableUri);
        List<String> summary = summary(spark, tableUri, sweep);
        summary.forEach(out::println);
        out.printf("%d trials computed (%d failed), %d already done, %d adopted from staging; table: %s%n",
                rows.size() - adopted.size(), failed, skipped, adopted.size(), tableUri);
        return new RunResult(failed > 0 ? 1 : 0, grid.networks().size(), built, unique, rows.size() - adopted.size(),
                skipped, adopted.size(), failed, 0, tableUri, runId, summary);
    }

    /** Deletes staged files (now in the table), then staging folders left empty. */
    private static void dropStaged(FileSystem fs, String outUri, List<org.apache.hadoop.fs.Path> files)
            throws IOException {
        for (org.apache.hadoop.fs.Path p : files) {
            fs.delete(p, false);
        }
        org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(outUri + "/_staging");
        if (!fs.exists(root)) {
            return;
        }
        for (FileStatus run : fs.listStatus(root)) {
            if (run.isDirectory() && fs.listStatus(run.getPath()).length == 0) {
                fs.delete(run.getPath(), false);
            }
        }
        if (fs.listStatus(root).length == 0) {
            fs.delete(root, false);
        }
    }

    private Progress listen(SparkSession spark, String group, String name, long total,
                            java.util.function.LongSupplier failures) {
        return new Progress(spark.sparkContext(), group, name, total, failures, err, opts.progress());
    }

    /** Threads per task for this session (see {@link #threadsPerTask(String, int, String, String)}). */
    static int threadsPerTask(SparkSession spark) {
        return threadsPerTask(spark.sparkContext().master(), Runtime.getRuntime().availableProcessors(),
                spark.conf().get("spark.task.cpus", "1"), spark.conf().get("spark.dasweep.threadsPerTask", ""));
    }

    /**
     * The engine's intra-op threads per task, so that concurrent tasks do not oversubscribe the cores:
     * {@code spark.dasweep.threadsPerTask} when set; in {@code local[N]}, cores ÷ N (at least 1); in {@code local},
     * all cores; on a cluster, {@code spark.task.cpus} (the cores Spark reserves for each task).
     */
    static int threadsPerTask(String master, int cores, String taskCpus, String override) {
        if (override != null && !override.isBlank()) {
            return Math.max(1, Integer.parseInt(override.trim()));
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("local\\[(\\*|\\d+)(,\\d+)?]").matcher(master);
        if (m.matches()) {
            int slots = m.group(1).equals("*") ? cores : Integer.parseInt(m.group(1));
            return Math.max(1, cores / Math.max(1, slots));
        }
        if (master.equals("local")) {
            return Math.max(1, cores);
        }
        return Math.max(1, Integer.parseInt(taskCpus.trim()));
    }

    private static NetworkTask networkTask(Grid.NetworkRef ref, String key, String storeUri, int threads) {
        NetworkTask t = new NetworkTask();
        t.key = key;
        t.name = ref.name();
        t.objective = ref.objective().name();
        t.coefficients = ref.objective().coefficients().stream().mapToDouble(Double::doubleValue).toArray();
        t.threshold = ref.objective().threshold();
        t.images = ref.recipe().nImages();
        t.epochs = ref.recipe().epochs();
        t.lr = ref.recipe().lr();
        t.batch = ref.recipe().batchSize();
        t.nTest = ref.recipe().nTest();
        t.seed = ref.recipe().seed();
        t.storeUri = storeUri;
        t.threads = threads;
        return t;
    }

    private static TrialRow baseRow(Sweep sweep, Grid.Cell cell, Ready net, String id, String runId, String runDate,
                                    String codeVersion, String sparkVersion, String djl) {
        TrialSpec s = cell.spec();
        TrialRow r = new TrialRow();
        r.trialId = id;
        r.runId = runId;
        r.sweep = sweep.name();
        r.runDate = runDate;
        r.cellIndex = cell.index();
        r.objective = s.objective().name();
        r.objectiveCoefficients = s.objective().coefficients().stream().mapToDouble(Double::doubleValue).toArray();
        r.objectiveThreshold = s.objective().threshold();
        r.network = net.ref().name();
        r.networkSource = net.ref().source();
        r.networkIndex = net.ref().index();
        r.networkSha256 = net.info().sha256;
        r.networkTestAccuracy = net.info().testAccuracy;
        r.variables = s.variables().stream().map(Variable::id).toArray(String[]::new);
        r.variableSet = String.join("+", r.variables);
        r.layer = s.site().id();
        r.view = s.view().id();
        r.intervention = s.intervention().id();
        r.k = s.k();
        r.multiSource = s.multiSource();
        r.lr = s.lr();
        r.epochs = s.epochs();
        r.batchSize = s.batchSize();
        r.seed = s.seed();
        r.dataSeed = s.dataSeed();
        r.nTrain = s.nTrain();
        r.nEval = s.nEval();
        r.codeVersion = codeVersion;
        r.sparkVersion = sparkVersion;
        r.djlVersion = djl;
        r.pytorchVersion = BuildInfo.pytorchVersion();
        return r;
    }

    private static Dataset<Row> table(SparkSession spark, String tableUri) {
        return spark.read().schema(ResultsSchema.SCHEMA).parquet(tableUri);
    }

    private static boolean tableExists(SparkSession spark, String tableUri) throws IOException {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(tableUri);
        return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p);
    }

    /** trial_ids of this sweep already OK in the table (any run date). */
    private static Set<String> doneIds(SparkSession spark, String tableUri, String sweep) throws IOException {
        if (!tableExists(spark, tableUri)) {
            return Set.of();
        }
        return table(spark, tableUri).where(functions.col("sweep").equalTo(sweep)
                        .and(functions.col("status").equalTo("OK"))).select("trial_id").distinct()
                .collectAsList().stream().map(r -> r.getString(0)).collect(Collectors.toSet());
    }

    /** Staged result files of earlier runs that never committed. */
    private static List<org.apache.hadoop.fs.Path> staged(String outUri, Configuration conf) throws IOException {
        org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(outUri + "/_staging");
        FileSystem fs = dir.getFileSystem(conf);
        List<org.apache.hadoop.fs.Path> out = new ArrayList<>();
        if (!fs.exists(dir)) {
            return out;
        }
        for (FileStatus run : fs.listStatus(dir)) {
            if (run.isDirectory()) {
                for (FileStatus f : fs.listStatus(run.getPath())) {
                    if (f.isFile() && f.getPath().getName().endsWith(".json")) {
                        out.add(f.getPath());
                    }
                }
            }
        }
        return out;
    }

    /** Best IIA per variable set × layer over the sweep's OK rows, as text lines. */
    static List<String> summary(SparkSession spark, String tableUri, Sweep sweep) {
        List<Row> best = table(spark, tableUri).where(functions.col("sweep").equalTo(sweep.name())
                        .and(functions.col("status").equalTo("OK")))
                .groupBy("variable_set", "layer").agg(functions.max("iia").as("best_iia")).collectAsList();
        Map<String, Map<String, Double>> grid = new LinkedHashMap<>();
        List<String> setOrder = sweep.grids().stream().flatMap(g -> g.variables().stream())
                .map(vs -> vs.stream().map(Variable::id).collect(Collectors.joining("+"))).distinct().toList();
        Set<String> layers = new LinkedHashSet<>();
        sweep.grids().forEach(g -> g.sites().forEach(s -> layers.add(s.layer().id())));
        for (String set : setOrder) {
            grid.put(set, new HashMap<>());
        }
        for (Row r : best) {
            grid.computeIfAbsent(r.getString(0), x -> new HashMap<>()).put(r.getString(1), r.isNullAt(2) ? null : r.getDouble(2));
            layers.add(r.getString(1));
        }
        int w = Math.max(12, grid.keySet().stream().mapToInt(String::length).max().orElse(12));
        List<String> lines = new ArrayList<>();
        lines.add("best IIA per variable set × layer (sweep " + sweep.name() + ", all runs):");
        StringBuilder h = new StringBuilder(String.format("%-" + w + "s", "variables"));
        layers.forEach(l -> h.append(String.format("  %7s", l)));
        lines.add(h.toString());
        for (Map.Entry<String, Map<String, Double>> e : grid.entrySet()) {
            StringBuilder line = new StringBuilder(String.format("%-" + w + "s", e.getKey()));
            for (String l : layers) {
                Double v = e.getValue().get(l);
                line.append(v == null ? String.format("  %7s", "-") : String.format("  %7.3f", v));
            }
            lines.add(line.toString());
        }
        return lines;
    }

    static URI uri(String s) {
        return URI.create(s);
    }
}
