package dasweep.driver.report;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dasweep.driver.Main;
import dasweep.driver.spark.ResultsSchema;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code dasweep export}: CSV and JSON lines round-trip (row count, values); bad input leaves no file. */
class ExportTest {
    static Dataset<Row> unit;
    static Row sample;

    @BeforeAll
    static void table() {
        unit = Fixture.spark().read().schema(ResultsSchema.SCHEMA).parquet(Fixture.table()).where(col("sweep").equalTo("unit"));
        sample = unit.where(col("run_date").equalTo(Fixture.D2)).orderBy("cell_index").first();
    }

    static int export(StringWriter err, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "export";
        System.arraycopy(args, 0, all, 1, args.length);
        return Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), all);
    }

    static Row same(Dataset<Row> back) {
        return back.where(col("trial_id").equalTo(sample.getAs("trial_id")).and(col("run_date").equalTo(Fixture.D2)))
                .first();
    }

    @Test
    void csvRoundTrips() throws Exception {
        Path out = Fixture.scratch("export").resolve("unit.csv");
        StringWriter err = new StringWriter();
        assertEquals(0, export(err, "--table", Fixture.table(), "--sweep", "unit", "--format", "csv", "--out",
                out.toString()), err.toString());
        Dataset<Row> back = Fixture.spark().read().option("header", "true").option("multiLine", "true")
                .option("escape", "\"").csv(out.toString());
        assertEquals(unit.count(), back.count());
        assertEquals(180, back.count(), "3 run dates × 60 trials");
        assertEquals(ResultsSchema.COLUMNS.size(), back.columns().length);
        Row r = same(back);
        assertEquals((double) sample.getAs("iia"), Double.parseDouble(r.getAs("iia")));
        assertEquals(sample.<String>getAs("network_sha256"), r.getAs("network_sha256"));
        assertEquals(3, back.where(col("status").equalTo("FAILED")).count());
        assertTrue(back.where(col("status").equalTo("FAILED")).first().<String>getAs("error").contains("\n  at "),
                "multi-line errors survive quoting");
    }

    @Test
    void jsonLinesRoundTrip() throws Exception {
        Path out = Fixture.scratch("export").resolve("all.jsonl");
        StringWriter err = new StringWriter();
        assertEquals(0, export(err, "--table", Fixture.table(), "--format", "jsonl", "--out", out.toString()),
                err.toString());
        long all = Fixture.spark().read().schema(ResultsSchema.SCHEMA).parquet(Fixture.table()).count();
        assertEquals(all, Files.lines(out).count());
        Dataset<Row> back = Fixture.spark().read().json(out.toString());
        assertEquals(all, back.count());
        assertEquals((double) sample.getAs("iia"), same(back.where(col("sweep").equalTo("unit"))).<Double>getAs("iia"));
        assertTrue(Files.lines(out).anyMatch(l -> l.contains("\"iia\":null")), "nulls are written");
    }

    @Test
    void badInputWritesNothing() throws Exception {
        Path dir = Fixture.scratch("export-bad");
        Path out = dir.resolve("x.csv");
        StringWriter err = new StringWriter();
        assertEquals(2, export(err, "--table", Fixture.table(), "--format", "xml", "--out", out.toString()));
        assertEquals("dasweep export: --format: must be csv or jsonl (found 'xml')", err.toString().strip());
        err.getBuffer().setLength(0);
        assertEquals(2, export(err, "--table", dir.resolve("none").toString(), "--format", "csv", "--out",
                out.toString()));
        assertTrue(err.toString().startsWith("dasweep export: no table at "), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, export(err, "--table", Fixture.table(), "--sweep", "nope", "--format", "csv", "--out",
                out.toString()));
        assertTrue(err.toString().startsWith("dasweep export: no sweep 'nope'"), err.toString());
        assertEquals(1, err.toString().lines().count());
        try (var files = Files.list(dir)) {
            assertFalse(files.findAny().isPresent(), "no file, no temporary file");
        }
    }
}
