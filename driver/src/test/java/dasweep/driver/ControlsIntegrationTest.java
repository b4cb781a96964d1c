package dasweep.driver;

import dasweep.driver.run.RunOptions;
import dasweep.driver.run.RunResult;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dasweep.driver.report.Report;
import dasweep.driver.report.ReportData;
import dasweep.driver.report.TableSource;
import dasweep.driver.run.TrialFunction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controls on real, seeded runs (Spark {@code local[2]}, the real engine): on two trained networks (seeds 100 and
 * 101, 6,000 images × 3 epochs, so that a run stuck on the initial plateau after 2 epochs is restarted), DAS on {color} at conv1 must beat its random rotation (the same cell, never trained)
 * by at least 0.05 and its untrained network (the same cell on a network of the same architecture, 0 epochs) by at
 * least 0.05; the rows link to the DAS trial they control, and the report shows them beside DAS.
 */
@Tag("integration")
class ControlsIntegrationTest {
    static final String SWEEP = """
            name: controls
            data: {n_train: 1500, n_eval: 1000, data_seed: 1, n_test: 1000}
            objectives:
              - {name: equal, coefficients: [0.4, 0.4, 0.4], threshold: 0.6}
            networks:
              trained: {count: 2, images: 6000, epochs: 3, lr: 1.0e-3, batch: 128, seed: 100}
            grid:
              variables: [[color]]
              sites:
                - {layer: conv1, view: rows, k: [64]}
              interventions: [low_rank]
              multi_source: [false]
              lr: [1.0e-3]
              epochs: [2]
              batch: [128]
              seeds: [0]
              controls: [random_rotation, untrained_network]
            """;

    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark("dasweep-controls-it");

    @TempDir
    Path dir;

    @Test
    void dasBeatsItsControlsAndTheRowsLinkToIt() throws IOException {
        Path f = dir.resolve("controls.yaml");
        Files.writeString(f, SWEEP);
        Path out = dir.resolve("out");
        RunResult r = SPARK.run(RunOptions.of(f, out.toString()), TrialFunction.ENGINE);
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(4, r.networks(), "2 trained + 2 untrained counterparts");
        assertEquals(6, r.trials(), "per network: DAS, random rotation, untrained network");

        List<Row> rows = SPARK.session().read().parquet(out.resolve("trials").toString()).where("status = 'OK'")
                .select("trial_id", "network", "network_source", "network_test_accuracy", "control",
                        "controls_trial_id", "epochs", "iia", "trivial_iia", "epoch_losses")
                .orderBy("network", "control").collectAsList();
        assertEquals(6, rows.size());
        Map<String, Row> das = new HashMap<>();
        Map<String, Row> byId = new HashMap<>();
        for (Row row : rows) {
            byId.put(row.getString(0), row);
            if (row.isNullAt(4)) {
                das.put(row.getString(1), row);
                assertNull(row.get(5));
                assertEquals("trained", row.getString(2));
            }
        }
        assertEquals(2, das.size());
        StringBuilder measured = new StringBuilder();
        for (Row c : rows) {
            if (c.isNullAt(4)) {
                continue;
            }
            Row d = byId.get(c.getString(5));
            assertNotNull(d, "controls_trial_id names a DAS trial of the table: " + c);
            assertNull(d.get(4));
            double dasIia = d.getDouble(7);
            double controlIia = c.getDouble(7);
            measured.append(String.format("%s %s: DAS %.4f, control %.4f (trivial %.4f, network accuracy %.4f)%n",
                    d.getString(1), c.getString(4), dasIia, controlIia, c.getDouble(8), c.getDouble(3)));
            if (c.getString(4).equals("random_rotation")) {
                assertEquals(d.getString(1), c.getString(1), "a random rotation runs on the DAS trial's network");
                assertEquals(0, c.getInt(6));
                assertTrue(c.getList(9).isEmpty(), "nothing trained");
            } else {
                assertEquals("untrained_network", c.getString(4));
                assertEquals(d.getString(1) + "-untrained", c.getString(1));
                assertEquals("untrained", c.getString(2));
                assertEquals(2, c.getInt(6));
            }
            assertTrue(dasIia - controlIia >= 0.05, "DAS must beat its " + c.getString(4) + " by 0.05:\n" + measured);
        }
        System.out.print("controls measured:\n" + measured);

        // DAS summaries exclude the controls; the report shows them beside DAS
        assertEquals(2, SPARK.session().read().parquet(out.resolve("trials").toString()).where(functions.col("control").isNull())
                .count());
        try (TableSource source = TableSource.open(out.resolve("trials").toString())) {
            Path html = Report.write(ReportData.of(source, null, null, "controls"), dir.resolve("report"));
            String page = Files.readString(html);
            assertTrue(page.contains("random rotation IIA") && page.contains("untrained network IIA"), "cells table");
            assertTrue(page.contains("untrained_network"));
        }
    }
}
