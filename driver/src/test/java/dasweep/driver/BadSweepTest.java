package dasweep.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dasweep.driver.sweep.Grid;
import dasweep.driver.sweep.SweepException;
import dasweep.driver.sweep.SweepLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad sweep files: each is rejected before Spark starts with its exact message (file, field path,
 * problem), exit code 2, and no output directory.
 */
public class BadSweepTest {
    public static final String GOOD = """
            name: unit
            data:
              n_train: 256
              n_eval: 200
              data_seed: 1
              n_test: 500
            objectives:
              - name: equal
                coefficients: [0.4, 0.4, 0.4]
                threshold: 0.6
            networks:
              trained:
                count: 2
                images: 2000
                epochs: 1
                lr: 1.0e-3
                batch: 256
                seed: 100
            grid:
              variables: [[circularity], [color, area]]
              sites:
                - {layer: conv1, view: rows, k: [16, 64]}
                - {layer: fc1, view: flat, k: [1]}
              interventions: [low_rank]
              multi_source: [false]
              lr: [5.0e-4]
              epochs: [1]
              batch: [256]
              seeds: [0]
            """;

    @TempDir
    static Path dir;

    /** A text edit of the good sweep; {@code then} chains another. */
    interface Edit extends UnaryOperator<String> {
        default Edit then(Edit next) {
            return s -> next.apply(apply(s));
        }
    }

    static Edit replace(String from, String to) {
        return s -> {
            if (!s.contains(from)) {
                throw new AssertionError("test bug: no '" + from + "' in the good sweep");
            }
            return s.replace(from, to);
        };
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("malformed-yaml", replace("  n_eval: 200", "  n_eval: [200"),
                        "line 5, column 12: malformed YAML: while parsing a flow sequence; expected ',' or ']', but got :"),
                Arguments.of("duplicate-key", replace("  data_seed: 1", "  data_seed: 1\n  data_seed: 2"),
                        "line 6, column 12: malformed YAML: Duplicate field 'data_seed'"),
                Arguments.of("unknown-key", replace("name: unit", "name: unit\nnmae: unit"),
                        "nmae: unknown key, expected one of data, grid, name, networks, objectives, description, keep_subspaces, pack (found 'nmae')"),
                Arguments.of("pack-not-a-boolean", replace("name: unit", "name: unit\npack: sometimes"),
                        "pack: must be true or false (found 'sometimes')"),
                Arguments.of("pack-a-number", replace("name: unit", "name: unit\npack: 35"),
                        "pack: must be true or false (found 35)"),
                Arguments.of("unknown-nested-key", replace("{layer: fc1, view: flat, k: [1]}", "{layer: fc1, view: flat, k: [1], size: 3}"),
                        "grid.sites[1].size: unknown key, expected one of k, layer, view (found 'size')"),
                Arguments.of("missing-key", replace("  n_eval: 200\n", ""),
                        "data.n_eval: is required (found nothing)"),
                Arguments.of("unknown-layer", replace("layer: conv1", "layer: conv9"),
                        "grid.sites[0].layer: unknown layer, expected one of conv1, conv2, conv3, fc1 (found 'conv9')"),
                Arguments.of("unknown-variable", replace("[color, area]", "[color, shape]"),
                        "grid.variables[1][1]: unknown variable, expected one of circularity, color, area (found 'shape')"),
                Arguments.of("k-larger-than-site", replace("k: [16, 64]", "k: [16, 500]"),
                        "grid.sites[0].k[1]: must be at most 448, the features of site conv1/rows (found 500)"),
                Arguments.of("k-times-sources", replace("k: [16, 64]", "k: [16, 300]").then(replace("multi_source: [false]", "multi_source: [false, true]")),
                        "grid.sites[0].k[1]: k × 2 sources must be at most 448, the features of site conv1/rows (found 300)"),
                Arguments.of("empty-axis", replace("seeds: [0]", "seeds: []"),
                        "grid.seeds: must not be empty (found [])"),
                Arguments.of("empty-axis-new-spelling", replace("seeds: [0]", "seed: []"),
                        "grid.seed: must not be empty (found [])"),
                Arguments.of("axis-under-both-spellings", replace("  seeds: [0]", "  seeds: [0]\n  seed: [1]"),
                        "grid.seed: names the same axis as grid.seeds (found 'seed')"),
                Arguments.of("batch-size-new-spelling", replace("  batch: [256]", "  batch_size: [0]"),
                        "grid.batch_size[0]: must be positive (found 0)"),
                Arguments.of("negative-lr", replace("lr: [5.0e-4]", "lr: [-0.1]"),
                        "grid.lr[0]: must be a positive finite number (found -0.1)"),
                Arguments.of("huge-lr", replace("lr: [5.0e-4]", "lr: [1.0e308]"),
                        "grid.lr[0]: must be at most 1.0 (a learning rate) (found 1.0E308)"),
                Arguments.of("threshold-above-every-score", replace("threshold: 0.6", "threshold: 5"),
                        "objectives[0].threshold: makes every label 0: c · labels lies in [0.0, 1.2000000000000002], the threshold must be at least the low end and below the high end (found 5.0)"),
                Arguments.of("threshold-below-every-score", replace("threshold: 0.6", "threshold: -3"),
                        "objectives[0].threshold: makes every label 1: c · labels lies in [0.0, 1.2000000000000002], the threshold must be at least the low end and below the high end (found -3.0)"),
                Arguments.of("zero-base-lr", replace("lr: 1.0e-3", "lr: 0"),
                        "networks.trained.lr: must be a positive finite number (found 0.0)"),
                Arguments.of("unknown-lr-schedule", replace("    seed: 100\n", "    seed: 100\n    lr_schedule: cosine\n"),
                        "networks.trained.lr_schedule: unknown learning-rate schedule, expected one of constant, warmup, warmup_cosine (found 'cosine')"),
                Arguments.of("lr-schedule-not-a-string", replace("    seed: 100\n", "    seed: 100\n    lr_schedule: 1\n"),
                        "networks.trained.lr_schedule: must be a non-empty string (found 1)"),
                Arguments.of("unknown-init", replace("    seed: 100\n", "    seed: 100\n    init: glorot\n"),
                        "networks.trained.init: unknown initialisation, expected one of pytorch, keras (found 'glorot')"),
                Arguments.of("duplicate-objective", replace("    threshold: 0.6\n", "    threshold: 0.6\n  - {name: equal, coefficients: [0.5, 0.4, 0.3], threshold: 0.6}\n"),
                        "objectives[1].name: duplicate objective name, already at objectives[0].name (found 'equal')"),
                Arguments.of("two-coefficients", replace("[0.4, 0.4, 0.4]", "[0.4, 0.4]"),
                        "objectives[0].coefficients: must hold 3 numbers (circularity, color, area) (found [0.4, 0.4])"),
                Arguments.of("wrong-type", replace("n_train: 256", "n_train: many"),
                        "data.n_train: must be an integer (found 'many')"),
                Arguments.of("rotated-at-huge-flat-site", replace("{layer: conv1, view: rows, k: [16, 64]}", "{layer: conv1, view: flat, k: [16]}").then(replace("[low_rank]", "[rotated]")),
                        "grid.interventions[0]: rotated learns an n×n matrix; site conv1/flat has n = 12544 > 4096, use low_rank (found rotated)"),
                Arguments.of("rows-at-fc1", replace("{layer: fc1, view: flat, k: [1]}", "{layer: fc1, view: rows, k: [1]}"),
                        "grid.sites[1].view: rows needs a convolutional layer (conv1, conv2, conv3); use flat at fc1 (found rows)"),
                Arguments.of("duplicate-k", replace("k: [16, 64]", "k: [16, 16]"),
                        "grid.sites[0].k[1]: duplicate value, already at grid.sites[0].k[0] (found 16)"),
                Arguments.of("bad-name", replace("name: unit", "name: my sweep!"),
                        "name: must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit (found 'my sweep!')"),
                Arguments.of("no-networks", replace("networks:\n  trained:\n    count: 2\n    images: 2000\n    epochs: 1\n    lr: 1.0e-3\n    batch: 256\n    seed: 100\n", "networks: {}\n"),
                        "networks: must declare trained or imported networks (found neither)"),
                Arguments.of("unreadable-weights", replace("networks:\n", "networks:\n  imported:\n    - {name: amir, path: " + dir.resolve("missing.safetensors") + ", objective: equal}\n"),
                        "networks.imported[0].path: cannot read the weights file: no such file (found '" + dir.resolve("missing.safetensors") + "')"),
                Arguments.of("imported-unknown-objective", replace("networks:\n", "networks:\n  imported:\n    - {name: amir, path: " + dir.resolve("missing.safetensors") + ", objective: fancy}\n"),
                        "networks.imported[0].objective: unknown objective, expected one of equal (found 'fancy')"),
                Arguments.of("unknown-control", replace("  seeds: [0]", "  seeds: [0]\n  controls: [random_rotation, shuffled_labels]"),
                        "grid.controls[1]: unknown control, expected one of random_rotation, untrained_network (found 'shuffled_labels')"),
                Arguments.of("duplicate-control", replace("  seeds: [0]", "  seeds: [0]\n  controls: [untrained_network, untrained_network]"),
                        "grid.controls[1]: duplicate value, already at grid.controls[0] (found 'untrained_network')"),
                Arguments.of("empty-controls", replace("  seeds: [0]", "  seeds: [0]\n  controls: []"),
                        "grid.controls: must not be empty (found [])"),
                Arguments.of("control-not-a-string", replace("  seeds: [0]", "  seeds: [0]\n  controls: [1]"),
                        "grid.controls[0]: must be a non-empty string (found 1)"),
                Arguments.of("bad-flatten", replace("networks:\n", "networks:\n  imported:\n    - {name: amir, path: " + dir.resolve("missing.safetensors") + ", objective: equal, flatten: nhwc}\n"),
                        "networks.imported[0].flatten: unknown flatten layout, expected one of channels_first, channels_last (found 'nhwc')"),
                Arguments.of("flatten-not-a-string", replace("networks:\n", "networks:\n  imported:\n    - {name: amir, path: " + dir.resolve("missing.safetensors") + ", objective: equal, flatten: 3}\n"),
                        "networks.imported[0].flatten: must be a non-empty string (found 3)"),
                Arguments.of("duplicate-data-seed", replace("  seeds: [0]", "  data_seeds: [3, 3]\n  seeds: [0]"),
                        "grid.data_seeds[1]: duplicate value, already at grid.data_seeds[0] (found 3)"),
                Arguments.of("data-not-a-mapping", replace("data:\n  n_train: 256\n  n_eval: 200\n  data_seed: 1\n  n_test: 500\n", "data: 5\n"),
                        "data: must be a mapping with keys data_seed, n_eval, n_test, n_train (found 5)"),
                Arguments.of("int-as-text", replace("n_train: 256", "n_train: '256'"),
                        "data.n_train: must be an integer (found '256')"),
                Arguments.of("float-as-int", replace("epochs: [1]", "epochs: [1.5]"),
                        "grid.epochs[0]: must be an integer (found 1.5)"),
                Arguments.of("int-as-boolean", replace("multi_source: [false]", "multi_source: [1]"),
                        "grid.multi_source[0]: must be true or false (found 1)"),
                Arguments.of("null-seed", replace("seeds: [0]", "seeds: [~]"),
                        "grid.seeds[0]: must be an integer (found nothing)"),
                Arguments.of("zero-k", replace("k: [16, 64]", "k: [0, 64]"),
                        "grid.sites[0].k[0]: must be positive (found 0)"),
                Arguments.of("number-as-name", replace("name: unit", "name: 5"),
                        "name: must be a non-empty string (found 5)"),
                Arguments.of("number-as-layer", replace("layer: conv1", "layer: 5"),
                        "grid.sites[0].layer: must be a non-empty string (found 5)"),
                Arguments.of("duplicate-site", replace("{layer: fc1, view: flat, k: [1]}", "{layer: conv1, view: rows, k: [1]}"),
                        "grid.sites[1]: duplicate site, already at grid.sites[0] (found conv1/rows)"),
                Arguments.of("identical-sites", replace("{layer: fc1, view: flat, k: [1]}", "{layer: conv1, view: rows, k: [16, 64]}"),
                        "grid.sites[1]: duplicate site, already at grid.sites[0] (found conv1/rows)"),
                Arguments.of("repeated-variable", replace("[color, area]", "[color, color]"),
                        "grid.variables[1][1]: must not repeat a variable, already at grid.variables[1][0] (found 'color')"),
                Arguments.of("duplicate-variable-set", replace("[[circularity], [color, area]]", "[[color, area], [color, area]]"),
                        "grid.variables[1]: duplicate value, already at grid.variables[0] (found [\"color\",\"area\"])"),
                Arguments.of("unknown-grid-key", replace("  seeds: [0]", "  seeds: [0]\n  sead: 1"),
                        "grid.sead: unknown key, expected one of batch_size, epochs, intervention, lr, multi_source, seed, sites, variables, controls, data_seed, n_train (found 'sead')"),
                Arguments.of("grid-list", replace("grid:\n  variables:", "grid:\n- {variables: [[area]], sites: [{layer: fc1, view: flat, k: [1]}], interventions: [low_rank], multi_source: [false], lr: [-0.1], epochs: [1], batch: [8], seeds: [0]}\n- variables:"),
                        "grid[0].lr[0]: must be a positive finite number (found -0.1)"),
                Arguments.of("grid-list-missing-key", replace("grid:\n  variables:", "grid:\n- {variables: [[area]], sites: [{layer: fc1, view: flat, k: [1]}], interventions: [low_rank], multi_source: [false], lr: [0.1], epochs: [1], batch: [8]}\n- variables:"),
                        "grid[0].seed: is required (found nothing)"),
                Arguments.of("grid-not-a-mapping", (Edit) s -> s.substring(0, s.indexOf("grid:")) + "grid: 5\n",
                        "grid: must be a mapping with keys batch_size, epochs, intervention, lr, multi_source, seed, sites, variables, controls, data_seed, n_train (found 5)"),
                Arguments.of("empty-file", (Edit) s -> "",
                        "(root): must be a mapping with keys data, grid, name, networks, objectives, description, keep_subspaces, pack (found nothing)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejectedWithExactMessageExitTwoAndNothingWritten(String name, UnaryOperator<String> edit, String expected)
            throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, edit.apply(GOOD));
        SweepException e = assertThrows(SweepException.class, () -> Grid.expand(SweepLoader.load(file)));
        assertEquals(file + ": " + expected, e.getMessage());

        Path out = dir.resolve("out-" + name);
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "run", file.toString(),
                "--out", out.toString());
        assertEquals(2, code);
        assertEquals("dasweep: " + file + ": " + expected, err.toString().strip());
        assertFalse(Files.exists(out), "no output directory for bad input");
    }

    @Test
    void goodSweepLoads() throws IOException {
        Path file = dir.resolve("good.yaml");
        Files.writeString(file, GOOD);
        assertEquals(2 * 2 * 3, Grid.expand(SweepLoader.load(file)).cells().size());
    }

    @Test
    void missingSweepFile() {
        Path file = dir.resolve("nope.yaml");
        SweepException e = assertThrows(SweepException.class, () -> SweepLoader.load(file));
        assertEquals(file + ": (file): cannot read the sweep file (found no such file)", e.getMessage());
        assertEquals(2, Main.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), "run",
                file.toString(), "--out", dir.resolve("out-nope").toString()));
        assertFalse(Files.exists(dir.resolve("out-nope")));
    }

    @Test
    void badRunDateIsBadInput() throws IOException {
        Path file = dir.resolve("good2.yaml");
        Files.writeString(file, GOOD);
        StringWriter err = new StringWriter();
        assertEquals(2, Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "run", file.toString(),
                "--run-date", "yesterday", "--out", dir.resolve("out-date").toString()));
        assertTrue(err.toString().contains("--run-date: must be a date yyyy-MM-dd between 2000-01-01 and 2999-12-31 (found 'yesterday')"), err.toString());
        assertFalse(Files.exists(dir.resolve("out-date")));
    }
}
