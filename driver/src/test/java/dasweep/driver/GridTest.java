package dasweep.driver;

import dasweep.driver.run.DryRun;

import dasweep.driver.sweep.NetworkRef;
import dasweep.driver.trial.TrialIds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dasweep.driver.spark.SparkSessions;
import dasweep.driver.sweep.Grid;
import dasweep.driver.sweep.Sweep;
import dasweep.driver.sweep.SweepException;
import dasweep.driver.sweep.SweepLoader;
import dasweep.executor.spec.BaseNetworkSpec;
import dasweep.executor.spec.TrialSpec;
import dasweep.executor.spec.InterventionType;
import dasweep.executor.spec.Objective;
import dasweep.executor.spec.Variable;
import dasweep.executor.spec.Init;
import dasweep.executor.spec.LrSchedule;
import dasweep.executor.spec.Site;
import dasweep.executor.spec.View;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Grid expansion, the shipped sweeps' counts, dry runs and trial ids. No Spark. */
class GridTest {
    @TempDir
    Path tmp;

    static Path repo() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("sweeps")) && Files.exists(p.resolve("dasweep"))) {
                return p;
            }
        }
        throw new IllegalStateException("repository root not found");
    }

    @Test
    void ellipsePaperCountsAndADryRunThatStartsNothing() {
        Grid.Expansion e = Grid.expand(SweepLoader.load(repo().resolve("sweeps/ellipse-paper.yaml")));
        assertEquals(60, e.networks().size());
        assertEquals(6_720, e.cells().size());
        assertEquals(60 * 7 * (3 * 5 + 1), e.cells().size());
        boolean sparkBefore = org.apache.spark.sql.SparkSession.getDefaultSession().isDefined();
        StringWriter out = new StringWriter();
        Path outDir = tmp.resolve("out");
        int code = Main.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "run",
                repo().resolve("sweeps/ellipse-paper.yaml").toString(), "--dry-run", "--out", outDir.toString());
        assertEquals(0, code);
        assertTrue(out.toString().contains("base networks: 60 (60 trained, 0 imported)"), out.toString());
        assertTrue(out.toString().contains("trials: 6,720"), out.toString());
        assertTrue(out.toString().contains("= 60 networks × 112 per network; per network: 7 variable sets × 4 layers = "
                + "28 variable-set/layer pairs × k values (conv1 5, conv2 5, conv3 5, fc1 1) = 112"), out.toString());
        assertTrue(out.toString().contains("estimated cost"), out.toString());
        assertEquals(sparkBefore, org.apache.spark.sql.SparkSession.getDefaultSession().isDefined(),
                "a dry run starts no Spark");
        assertFalse(Files.exists(outDir), "a dry run writes nothing");
    }

    @Test
    void paperMiniIsOneNetworkPerObjectiveAtKFour() {
        Grid.Expansion e = Grid.expand(SweepLoader.load(repo().resolve("sweeps/ellipse-paper-mini.yaml")));
        assertEquals(3, e.networks().size());
        assertEquals(84, e.cells().size());
        assertTrue(e.cells().stream().allMatch(c -> c.spec().intervention().k()
                == (c.spec().intervention().site() == Site.FC1 ? 1 : 4)));
        Grid.Expansion full = Grid.expand(SweepLoader.load(repo().resolve("sweeps/ellipse-paper.yaml")));
        // the same settings as the full study, so the mini's trials are the full study's k = 4 and fc1 cells
        assertEquals(full.cells().get(0).spec(), e.cells().get(0).spec());
        assertEquals(full.networks().get(0).recipe(), e.networks().get(0).recipe());
    }

    @Test
    void paperGridIsInDeclaredOrder() {
        Grid.Expansion e = Grid.expand(SweepLoader.load(repo().resolve("sweeps/ellipse-paper.yaml")));
        TrialSpec first = e.cells().get(0).spec();
        assertEquals("equal-0", e.cells().get(0).network().name());
        assertEquals(List.of(Variable.CIRCULARITY, Variable.COLOR, Variable.AREA), first.variables());
        assertEquals(Site.CONV1, first.intervention().site());
        assertEquals(4, first.intervention().k());
        assertEquals(8, e.cells().get(1).spec().intervention().k());
        assertEquals(Site.CONV2, e.cells().get(5).spec().intervention().site());
        assertEquals(Site.FC1, e.cells().get(15).spec().intervention().site());
        assertEquals(1, e.cells().get(15).spec().intervention().k());
        assertEquals(List.of(Variable.CIRCULARITY, Variable.COLOR), e.cells().get(16).spec().variables());
        assertEquals("equal-1", e.cells().get(112).network().name());
        assertEquals("prefer-circularity-0", e.cells().get(20 * 112).network().name());
        assertEquals(0.5, e.cells().get(20 * 112).spec().objective().coefficients().get(0));
        assertEquals(512, first.training().batchSize());
        assertEquals(3, first.training().epochs());
        assertEquals(InterventionType.LOW_RANK, first.intervention().type());
        assertEquals(View.FLAT, first.intervention().view());
        for (int i = 0; i < e.cells().size(); i++) {
            assertEquals(i, e.cells().get(i).index());
        }
        // network i of an objective gets seed + i, and the paper sweeps' recipe (README, "Base networks closer to
        // the paper's"): the notebook's with Adam 1e-3 on 200,000 images, the rate warmed up over the first epoch and
        // then decayed along half a cosine, from Keras's init (as the paper's networks)
        assertEquals(19, e.networks().get(19).recipe().seed());
        assertEquals(0, e.networks().get(20).recipe().seed());
        assertEquals(new BaseNetworkSpec(Objective.EQUAL, 200_000, 5, 1e-3, 256, 10_000, 0,
                LrSchedule.WARMUP_COSINE, Init.KERAS),
                e.networks().get(0).recipe());
    }

    @Test
    void quickstartAndNotebookCounts() {
        Grid.Expansion q = Grid.expand(SweepLoader.load(repo().resolve("sweeps/quickstart.yaml")));
        assertEquals(4, q.networks().size(), "2 trained and their 2 untrained counterparts");
        assertEquals(72, q.cells().size(), "24 DAS cells (two seeds each), 24 random rotations, 24 on untrained networks");
        assertEquals(24, q.cells().stream().filter(c -> c.controls() == null).count());
        assertEquals(2, q.cells().stream().map(c -> c.spec().training().seed()).distinct().count(),
                "at least two seeds per DAS cell, so a first run shows the subspace's stability");
        Path notebook = repo().resolve("sweeps/seed-notebook.yaml");
        if (Files.exists(repo().resolve("../shared/models/amir_cnn_model.pth"))) {
            Sweep s = SweepLoader.load(notebook);
            Grid.Expansion n = Grid.expand(s);
            assertEquals(1, n.networks().size());
            assertEquals(2, n.cells().size());
            assertFalse(n.cells().get(0).spec().intervention().multiSource());
            assertEquals(3, n.cells().get(0).spec().training().epochs());
            assertTrue(n.cells().get(1).spec().intervention().multiSource());
            assertEquals(2, n.cells().get(1).spec().training().epochs());
            assertEquals(448, n.cells().get(1).spec().features());
        }
    }

    @Test
    void vanillaIgnoresKSoItsCellsAreKeptOnce() throws IOException {
        Path f = tmp.resolve("v.yaml");
        Files.writeString(f, BadSweepTest.GOOD.replace("[low_rank]", "[low_rank, vanilla]"));
        Grid.Expansion e = Grid.expand(SweepLoader.load(f));
        // per network: 2 variable sets × (conv1 k16, k64 low_rank + one vanilla; fc1 k1 low_rank + one vanilla)
        assertEquals(2 * 2 * (3 + 2), e.cells().size());
        assertEquals(448, e.cells().stream().filter(c -> c.spec().intervention().type() == InterventionType.VANILLA
                && c.spec().intervention().site() == Site.CONV1).findFirst().orElseThrow().spec().intervention().k());
    }

    static TrialSpec spec(String objectiveName, int k) {
        return TrialSpec.builder().objective(new Objective(objectiveName, List.of(0.4, 0.4, 0.4), 0.6))
                .variables(Variable.CIRCULARITY, Variable.COLOR).site(Site.CONV1).view(View.ROWS)
                .type(InterventionType.ROTATED).k(k).epochs(3).lr(5e-4).batchSize(256).nTrain(10_000).nEval(1_000)
                .dataSeed(1).seed(0).build();
    }

    @Test
    void trialIdsAreStableAndCoverWhatDeterminesTheResult() {
        String sha = "d997def9bb1626248d5ef040b8c16574b27320b9c80467da4f22839dc22e2c21";
        String id = TrialIds.trialId(spec("equal", 64), sha);
        assertEquals(64, id.length());
        // a golden value: changing the canonical form would re-run every finished trial
        assertEquals("d2c3a0e7a1ec5f22", id.substring(0, 16));
        assertEquals(id, TrialIds.trialId(spec("renamed", 64), sha), "the objective's name does not change results");
        assertNotEquals(id, TrialIds.trialId(spec("equal", 32), sha));
        assertNotEquals(id, TrialIds.trialId(spec("equal", 64), sha.replace('d', 'e')));
    }

    @Test
    void specJsonIsCanonical() {
        TrialSpec s = spec("equal", 64);
        assertEquals("{\"objective\":{\"name\":\"equal\",\"coefficients\":[0.4,0.4,0.4],\"threshold\":0.6},"
                + "\"variables\":[\"circularity\",\"color\"],\"layer\":\"conv1\",\"view\":\"rows\","
                + "\"intervention\":\"rotated\",\"k\":64,\"multi_source\":false,\"epochs\":3,\"lr\":5.0E-4,"
                + "\"batch_size\":256,\"n_train\":10000,\"n_eval\":1000,\"data_seed\":1,\"seed\":0}", TrialIds.specJson(s));
    }

    @Test
    void controlsFollowTheDasCellsAndNameTheCellTheyControl() throws IOException {
        Path plain = tmp.resolve("plain.yaml");
        Files.writeString(plain, BadSweepTest.GOOD.replace("[low_rank]", "[low_rank, vanilla]"));
        Grid.Expansion das = Grid.expand(SweepLoader.load(plain));
        Path f = tmp.resolve("controls.yaml");
        Files.writeString(f, Files.readString(plain).replace("  seeds: [0]", "  seeds: [0]\n  controls: [random_rotation, untrained_network]"));
        Sweep sweep = SweepLoader.load(f);
        Grid.Expansion e = Grid.expand(sweep);
        int dasCells = das.cells().size(); // 2 networks × 2 variable sets × (3 low_rank + 2 vanilla) = 20
        assertEquals(20, dasCells);
        // networks: the 2 trained ones keep their ordinals, then their untrained counterparts
        assertEquals(List.of("equal-0", "equal-1", "equal-0-untrained", "equal-1-untrained"),
                e.networks().stream().map(NetworkRef::name).toList());
        NetworkRef u = e.networks().get(2);
        assertEquals("untrained", u.source());
        assertEquals(0, u.recipe().epochs());
        assertEquals(e.networks().get(0), u.untrainedOf());
        assertNotEquals(e.networks().get(0).recipe().seed(), u.recipe().seed());
        assertNotEquals(TrialIds.recipeHash(e.networks().get(0).recipe()), TrialIds.recipeHash(u.recipe()));
        // the DAS cells come first, unchanged: same index, network, spec (so the same trial ids)
        assertEquals(das.cells(), e.cells().subList(0, dasCells));
        List<Grid.Cell> controls = e.cells().subList(dasCells, e.cells().size());
        // random rotations: every trained-rotation DAS cell (12); untrained network: every DAS cell (20)
        assertEquals(12 + 20, controls.size());
        for (int i = 0; i < e.cells().size(); i++) {
            assertEquals(i, e.cells().get(i).index());
        }
        for (Grid.Cell c : controls) {
            Grid.Cell of = c.controls();
            assertEquals(null, of.controls(), "a control controls a DAS cell");
            assertTrue(of.index() < dasCells);
            if (c.control() == dasweep.executor.spec.Control.RANDOM_ROTATION) {
                assertEquals(of.network(), c.network());
                assertEquals(0, c.spec().training().epochs());
                assertEquals(of.spec().toBuilder().epochs(0).control(c.control()).build(), c.spec());
                assertTrue(of.spec().intervention().type().trained());
            } else {
                assertEquals(dasweep.executor.spec.Control.UNTRAINED_NETWORK, c.control());
                assertEquals(of.network(), c.network().untrainedOf());
                assertEquals(of.spec().toBuilder().control(c.control()).build(), c.spec());
            }
        }
        // per network: its random rotations, then its untrained-network cells
        assertEquals(dasweep.executor.spec.Control.RANDOM_ROTATION, controls.get(0).control());
        assertEquals(e.networks().get(0), controls.get(0).network());
        assertEquals(e.networks().get(2), controls.get(6).network());
        // the table's link: a control row's controls_trial_id is the trial id of its DAS cell
        java.util.Map<Integer, dasweep.driver.trial.StoredNetwork> nets = new java.util.HashMap<>();
        for (NetworkRef n : e.networks()) {
            nets.put(n.ordinal(), new dasweep.driver.trial.StoredNetwork("key" + n.ordinal(), n.name(), n.source(),
                    Integer.toHexString(0x10 + n.ordinal()).repeat(32), 0.9, List.of(), 0, "h", "driver"));
        }
        List<dasweep.driver.trial.Trial> planned = dasweep.driver.run.Plan.trials(e.cells(), nets);
        assertEquals(e.cells().size(), planned.size(), "every control is its own trial");
        java.util.Map<Integer, String> idOfCell = new java.util.HashMap<>();
        planned.forEach(t -> idOfCell.put(t.cellIndex(), t.trialId()));
        List<dasweep.driver.trial.Trial> planDas = dasweep.driver.run.Plan.trials(das.cells(), nets);
        for (int i = 0; i < dasCells; i++) {
            assertEquals(planDas.get(i).trialId(), planned.get(i).trialId(), "a DAS cell's trial id is unchanged");
            assertEquals(null, planned.get(i).controlsTrialId());
        }
        for (dasweep.driver.trial.Trial t : planned.subList(dasCells, planned.size())) {
            Grid.Cell cell = e.cells().get(t.cellIndex());
            assertEquals(idOfCell.get(cell.controls().index()), t.controlsTrialId());
            assertTrue(TrialIds.specJson(t.spec()).endsWith(",\"control\":\"" + cell.control().id() + "\"}"));
        }
        // the count before building cells bounds the cells (each control at most once per DAS cell)
        assertTrue(Grid.count(sweep) >= e.cells().size());
        // a random rotation shared by two DAS cells that differ only in epochs is computed once, for the first
        Path epochs = tmp.resolve("epochs.yaml");
        Files.writeString(epochs, Files.readString(f).replace("epochs: [1]", "epochs: [1, 2]")
                .replace("controls: [random_rotation, untrained_network]", "controls: [random_rotation]"));
        Grid.Expansion two = Grid.expand(SweepLoader.load(epochs));
        assertEquals(2 * 2 * (6 + 4) + 12, two.cells().size());
    }

    @Test
    void aControlSpecIsCheckedAndDasSpecsKeepTheirRules() {
        TrialSpec das = spec("equal", 64);
        assertEquals("epochs: must be positive (found 0)", org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> das.toBuilder().epochs(0).build()).getMessage());
        TrialSpec rr = das.toBuilder().epochs(0).control(dasweep.executor.spec.Control.RANDOM_ROTATION).build();
        assertEquals(0, rr.training().epochs());
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> das.toBuilder().control(dasweep.executor.spec.Control.RANDOM_ROTATION).build()).getMessage()
                .startsWith("epochs: must be 0 for a random_rotation control"));
        assertEquals("epochs: must be positive (found 0)", org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> das.toBuilder().epochs(0)
                        .control(dasweep.executor.spec.Control.UNTRAINED_NETWORK).build()).getMessage());
        String sha = "d997def9bb1626248d5ef040b8c16574b27320b9c80467da4f22839dc22e2c21";
        assertEquals(das.toMap(true), das.toBuilder().control(dasweep.executor.spec.Control.NONE).build().toMap(true));
        assertFalse(das.toMap(false).containsKey("control"));
        assertNotEquals(TrialIds.trialId(das, sha), TrialIds.trialId(
                das.toBuilder().control(dasweep.executor.spec.Control.UNTRAINED_NETWORK).build(), sha));
    }

    @Test
    void threadsPerTaskDoNotOversubscribeTheCores() {
        assertEquals(1, SparkSessions.threadsPerTask("local[2]", 2, "1", ""));
        assertEquals(2, SparkSessions.threadsPerTask("local[1]", 2, "1", ""));
        assertEquals(4, SparkSessions.threadsPerTask("local[4]", 16, "1", ""));
        assertEquals(1, SparkSessions.threadsPerTask("local[*]", 16, "1", ""));
        assertEquals(1, SparkSessions.threadsPerTask("local[8,2]", 4, "1", ""));
        assertEquals(16, SparkSessions.threadsPerTask("local", 16, "1", ""));
        assertEquals(2, SparkSessions.threadsPerTask("spark://127.0.0.1:7077", 16, "2", ""));
        assertEquals(3, SparkSessions.threadsPerTask("local[2]", 2, "1", "3"));
    }

    @Test
    void dataSeedsIsAnAxisAndTheDataBlockKeepsTheDefault() throws IOException {
        Path plain = tmp.resolve("plain.yaml");
        Files.writeString(plain, BadSweepTest.GOOD);
        Grid.Expansion one = Grid.expand(SweepLoader.load(plain));
        assertTrue(one.cells().stream().allMatch(c -> c.spec().data().dataSeed() == 1));

        Path f = tmp.resolve("seeds.yaml");
        Files.writeString(f, BadSweepTest.GOOD.replace("  seeds: [0]", "  data_seeds: [1, 2]\n  seeds: [0]"));
        Grid.Expansion two = Grid.expand(SweepLoader.load(f));
        assertEquals(2 * one.cells().size(), two.cells().size());
        assertEquals(List.of(1L, 2L), two.cells().subList(0, 2).stream().map(c -> c.spec().data().dataSeed()).toList());
        String sha = "d997def9bb1626248d5ef040b8c16574b27320b9c80467da4f22839dc22e2c21";
        assertNotEquals(TrialIds.trialId(two.cells().get(0).spec(), sha), TrialIds.trialId(two.cells().get(1).spec(), sha));
        // the default data seed gives the same trial ids as before the axis existed
        assertEquals(TrialIds.trialId(one.cells().get(0).spec(), sha), TrialIds.trialId(two.cells().get(0).spec(), sha));
    }

    @Test
    void theDataBlockSetsEveryCellsPoolsUnlessTheGridListsThem() throws IOException {
        Path f = tmp.resolve("pools.yaml");
        Files.writeString(f, BadSweepTest.GOOD.replaceFirst("n_train: \\d+", "n_train: 96")
                .replaceFirst("n_eval: \\d+", "n_eval: 48"));
        Grid.Expansion e = Grid.expand(SweepLoader.load(f));
        assertTrue(e.cells().stream().allMatch(c -> c.spec().data().nTrain() == 96 && c.spec().data().nEval() == 48),
                "n_train and n_eval come from the data block");
    }

    @Test
    void nTrainIsAnAxisThatReplacesTheDataBlocksValue() throws IOException {
        Path plain = tmp.resolve("plain.yaml");
        Files.writeString(plain, BadSweepTest.GOOD);
        Grid.Expansion one = Grid.expand(SweepLoader.load(plain));
        int nTrain = one.cells().get(0).spec().data().nTrain();

        Path f = tmp.resolve("sizes.yaml");
        Files.writeString(f, BadSweepTest.GOOD.replace("  seeds: [0]", "  seeds: [0]\n  n_train: [64, " + nTrain + "]"));
        Sweep sweep = SweepLoader.load(f);
        Grid.Expansion two = Grid.expand(sweep);
        assertEquals(2 * one.cells().size(), two.cells().size());
        assertEquals(2 * one.cells().size(), Grid.count(sweep));
        assertEquals(List.of(64, nTrain), two.cells().subList(0, 2).stream().map(c -> c.spec().data().nTrain()).toList(),
                "n_train is the innermost axis, after the seeds");
        String sha = "d997def9bb1626248d5ef040b8c16574b27320b9c80467da4f22839dc22e2c21";
        assertEquals(TrialIds.trialId(one.cells().get(0).spec(), sha), TrialIds.trialId(two.cells().get(1).spec(), sha),
                "the data block's n_train, listed in the grid, gives the same trial as before");
        assertTrue(DryRun.breakdown(sweep, two).contains("× 2 training pair counts"), DryRun.breakdown(sweep, two));

        Files.writeString(f, BadSweepTest.GOOD.replace("  seeds: [0]", "  seeds: [0]\n  n_train: [64, 0]"));
        SweepException e = assertThrows(SweepException.class, () -> Grid.expand(SweepLoader.load(f)));
        assertTrue(e.getMessage().contains("grid.n_train[1]: must be between 1 and "), e.getMessage());
        Files.writeString(f, BadSweepTest.GOOD.replace("  seeds: [0]", "  seeds: [0]\n  n_train: [64, 64]"));
        e = assertThrows(SweepException.class, () -> SweepLoader.load(f));
        assertTrue(e.getMessage().endsWith("grid.n_train[1]: duplicate value, already at grid.n_train[0] (found 64)"),
                e.getMessage());
    }
}
