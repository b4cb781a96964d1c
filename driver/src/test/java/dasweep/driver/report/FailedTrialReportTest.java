package dasweep.driver.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dasweep.driver.Main;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The report of a real table with real FAILED rows ({@link TwoRuns}: a network's weights damaged in the store, the
 * next run's trials on it failing to read it): the failures section and the loss curves of the overview's cells.
 */
@Tag("integration")
class FailedTrialReportTest {
    static String report(Path out, String... more) throws Exception {
        StringWriter err = new StringWriter();
        List<String> args = new java.util.ArrayList<>(List.of("report", "--table", TwoRuns.table().toString(), "--out",
                out.toString()));
        args.addAll(List.of(more));
        assertEquals(0, Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), args.toArray(String[]::new)),
                err.toString());
        return Files.readString(out.resolve("report.html"));
    }

    @Test
    void theFailuresSectionShowsTheRealFailedRows() throws Exception {
        String all = report(TwoRuns.scratch("report-all"));
        List<List<String>> failures = HtmlTables.table(all, "failures");
        assertEquals(2, failures.size(), "one reason: " + failures);
        List<String> row = failures.get(1);
        assertEquals("tworuns", row.get(0));
        assertTrue(row.get(1).startsWith("dasweep.driver.spark.NetworkStore$ChangedException: network "
                + TwoRuns.brokenKey + " in the store "), "the damaged network's read: " + row.get(1));
        assertEquals(String.valueOf(TwoRuns.FAILED), row.get(2), "rows");
        assertEquals("0", row.get(3), "still failing: none, each has its OK row of the first run");
        assertTrue(row.get(4).startsWith(TwoRuns.BROKEN + " "), "example: a trial on the damaged network: " + row.get(4));

        String second = report(TwoRuns.scratch("report-d2"), "--run-date", TwoRuns.D2);
        List<String> only = HtmlTables.table(second, "failures").get(1);
        assertEquals(List.of(String.valueOf(TwoRuns.FAILED), String.valueOf(TwoRuns.FAILED)), only.subList(2, 4),
                "in the second run alone they are still failing");
        List<List<String>> prov = HtmlTables.table(all, "provenance");
        assertEquals(List.of("0", String.valueOf(TwoRuns.FAILED)), List.of(prov.get(1).get(8), prov.get(2).get(8)),
                "failed rows per run");
    }

    @Test
    void theLossCurvesAreTheOverviewCellsTrials() throws Exception {
        Path out = TwoRuns.scratch("report-losses");
        String html = report(out);
        ReportData d;
        try (TableSource source = TableSource.open(TwoRuns.table().toString())) {
            d = ReportData.of(source, null, null, "t");
        }
        List<Panel> panels = Panel.of(d.cells());
        assertEquals(2, panels.size(), "color, area");
        for (Panel p : panels) {
            Map<String, List<LossCurves.Curve>> best = LossCurves.best(p, d.losses());
            assertEquals(List.of("conv1", "fc1"), List.copyOf(best.keySet()));
            for (Map.Entry<String, List<LossCurves.Curve>> e : best.entrySet()) {
                Cell das = Overview.entry(p, e.getKey()).orElseThrow().das();
                assertEquals(2, e.getValue().size(), "two networks × one seed");
                for (LossCurves.Curve c : e.getValue()) {
                    assertEquals(das.key(), c.key());
                    assertEquals(2, c.losses().size(), "two epochs");
                    assertEquals(c.network().equals(TwoRuns.BROKEN) ? TwoRuns.D1 : TwoRuns.D2, c.runDate(),
                            "the latest OK row's losses");
                    assertTrue(c.losses().stream().allMatch(x -> x > 0 && Double.isFinite(x)), c.toString());
                }
            }
            Path png = out.resolve("losses-" + p.fileId() + ".png");
            assertTrue(html.contains("<img src=\"losses-" + p.fileId() + ".png\""), "the report shows " + png);
            BufferedImage img = ImageIO.read(png.toFile());
            assertNotNull(img);
            assertEquals(Charts.WIDTH, img.getWidth());
        }
    }
}
