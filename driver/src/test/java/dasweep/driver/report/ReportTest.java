package dasweep.driver.report;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dasweep.driver.Main;
import dasweep.driver.spark.ResultsSchema;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code dasweep report} on the fixture table: files, images, and the numbers of its tables against Spark. */
class ReportTest {
    static Path dir;
    static String html;

    @BeforeAll
    static void report() throws Exception {
        Fixture.spark();
        dir = Fixture.scratch("report");
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "report", "--table",
                Fixture.table(), "--sweep", "unit", "--out", dir.toString());
        assertEquals(0, code, err.toString());
        html = Files.readString(dir.resolve("report.html"));
    }

    static Dataset<Row> unit() {
        return Fixture.spark().read().schema(ResultsSchema.SCHEMA).parquet(Fixture.table())
                .where(col("sweep").equalTo("unit"));
    }

    @Test
    void theHtmlIsSelfContainedAndReferencesOnlyFilesThatExist() {
        List<String> refs = HtmlTables.references(html);
        assertFalse(refs.isEmpty());
        for (String r : refs) {
            assertFalse(r.contains(":") || r.startsWith("/") || r.contains(".."), "a local relative file: " + r);
            assertTrue(Files.isRegularFile(dir.resolve(r)), r);
        }
        assertFalse(html.contains("<script"), "no scripts");
        assertFalse(html.contains("<link"), "no external stylesheets");
        assertFalse(html.contains("http:") || html.contains("https:"), "no network");
        // 2 objectives × 2 variable sets, each a heatmap, a by-layer chart and the loss curves
        assertEquals(12, refs.stream().filter(r -> r.endsWith(".png")).distinct().count());
        assertEquals(4, refs.stream().filter(r -> r.startsWith("losses-")).distinct().count());
    }

    @Test
    void everyPngDecodesAtItsStatedSize() throws Exception {
        Matcher m = Pattern.compile("<img src=\"([^\"]+)\" width=\"(\\d+)\" height=\"(\\d+)\"").matcher(html);
        int n = 0;
        while (m.find()) {
            BufferedImage img = ImageIO.read(dir.resolve(m.group(1)).toFile());
            assertNotNull(img, m.group(1));
            assertEquals(Integer.parseInt(m.group(2)), img.getWidth(), m.group(1));
            assertEquals(Integer.parseInt(m.group(3)), img.getHeight(), m.group(1));
            n++;
        }
        assertEquals(12, n);
    }

    @Test
    void theCellTableEqualsADirectSparkQuery() {
        Column[] key = CellSql.KEY.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
        Dataset<Row> latest = unit().where(col("status").equalTo("OK")).withColumn("nth", row_number().over(
                Window.partitionBy("sweep", "trial_id").orderBy(col("run_date").desc(), col("started_at").desc())))
                .where(col("nth").equalTo(1));
        Column[] keyAndNet = java.util.stream.Stream.concat(java.util.Arrays.stream(key), java.util.stream.Stream.of(
                col("network"))).toArray(Column[]::new);
        List<Row> expected = latest.groupBy(keyAndNet).agg(avg("iia").as("iia"), avg("trivial_iia").as("t"))
                .groupBy(key).agg(count("*"), avg("iia"), stddev_samp("iia"), avg("t")).collectAsList();
        Map<String, Row> byKey = new HashMap<>();
        int keys = CellSql.KEY.size();
        expected.forEach(r -> byKey.put(String.join("|", java.util.stream.IntStream.range(0, keys)
                .mapToObj(i -> r.isNullAt(i) ? "" : String.valueOf(r.get(i))).toList()), r)); // control: null for DAS

        List<List<String>> table = HtmlTables.table(html, "cells");
        assertEquals(20, table.size() - 1, "2 objectives × 2 variable sets × (3 low_rank + vanilla at 2 layers)");
        assertEquals(expected.size(), table.size() - 1);
        List<String> head = table.get(0);
        for (List<String> row : table.subList(1, table.size())) {
            Row e = byKey.get(String.join("|", row.subList(0, keys)));
            assertNotNull(e, "cell " + row);
            long n = e.getLong(keys);
            double mean = e.getDouble(keys + 1);
            double sd = e.getDouble(keys + 2);
            double half = 4.302652729911275 * sd / Math.sqrt(n); // t(0.975, 2): 3 networks per objective
            assertEquals(3, n);
            assertEquals(String.valueOf(n), row.get(head.indexOf("n")));
            assertEquals(mean, Double.parseDouble(row.get(head.indexOf("mean IIA"))), 5e-5);
            assertEquals(sd, Double.parseDouble(row.get(head.indexOf("sd"))), 5e-5);
            assertEquals(mean - half, Double.parseDouble(row.get(head.indexOf("CI low"))), 5e-5);
            assertEquals(mean + half, Double.parseDouble(row.get(head.indexOf("CI high"))), 5e-5);
            assertEquals(e.getDouble(keys + 3), Double.parseDouble(row.get(head.indexOf("trivial IIA"))), 5e-5);
        }
    }

    @Test
    void theBestLayerNetworksFailuresAndProvenanceTablesEqualSpark() {
        List<List<String>> best = HtmlTables.table(html, "best");
        assertEquals(4, best.size() - 1, "one row per objective × variable set");
        for (List<String> row : best.subList(1, best.size())) {
            assertEquals("conv1", row.get(3), "conv1 is the seeded best layer");
            boolean regressed = row.get(1).equals("equal") && row.get(2).equals("color");
            assertEquals(regressed ? "16" : "64", row.get(6), "k 64 is the seeded best, but where it regressed");
        }
        List<List<String>> nets = HtmlTables.table(html, "networks");
        List<Row> acc = unit().groupBy("network").agg(org.apache.spark.sql.functions.max("network_test_accuracy"))
                .orderBy("network").collectAsList();
        assertEquals(acc.size(), nets.size() - 1);
        for (Row r : acc) {
            List<String> row = nets.stream().filter(x -> x.get(2).equals(r.getString(0))).findFirst().orElseThrow();
            assertEquals(r.getDouble(1), Double.parseDouble(row.get(5)), 5e-5);
        }
        List<List<String>> failures = HtmlTables.table(html, "failures");
        assertEquals(List.of("unit", "java.lang.IllegalStateException: boom", "2", "0"), failures.get(1).subList(0, 4));
        assertEquals(List.of("unit", "java.lang.OutOfMemoryError: Java heap space", "1", "0"), failures.get(2).subList(0, 4));
        assertEquals(unit().where(col("status").equalTo("FAILED")).count(), 3);
        List<List<String>> prov = HtmlTables.table(html, "provenance");
        assertEquals(3, prov.size() - 1, "three runs");
        assertEquals(List.of("unit", Fixture.D1, "20261201T000000-aaaaaaaa", "0.1.0-SNAPSHOT+aaaaaaaaaaaa"),
                prov.get(1).subList(0, 4));
        assertEquals(String.valueOf(unit().where(col("run_date").equalTo(Fixture.D2)).count()), prov.get(2).get(7));
    }

    @Test
    void badInputIsOneLineAndExitCode2() throws Exception {
        StringWriter err = new StringWriter();
        Path out = Fixture.scratch("report-bad");
        assertEquals(2, Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "report", "--table",
                out.resolve("nothing").toString(), "--out", out.toString()));
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().startsWith("dasweep report: no table at "), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "report", "--table",
                Fixture.table(), "--sweep", "unit", "--run-date", "2027-01-01", "--out", out.toString()));
        assertTrue(err.toString().startsWith("dasweep report: no run date 2027-01-01"), err.toString());
        assertFalse(Files.exists(out.resolve("report.html")));
    }
}
