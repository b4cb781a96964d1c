package dasweep.driver.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The reading commands' two engines give the same numbers on the same table: DuckDB (a local table, no Spark) and
 * Spark (what an hdfs:// or s3a:// table gets): the report's cells, networks, failures and provenance, compare's cells
 * and export's text.
 */
@Tag("integration")
class TableSourcesTest {
    @Test
    void aLocalTableIsReadWithDuckDb() {
        try (TableSource source = TableSource.open(Fixture.table())) {
            assertInstanceOf(DuckTableSource.class, source);
        }
    }

    @Test
    void duckDbAndSparkGiveTheSameReport() {
        ReportData duck;
        ReportData spark;
        try (TableSource d = TableSource.open(Fixture.table())) {
            duck = ReportData.of(d, "unit", null, "t");
        }
        try (TableSource s = SparkTableSource.of(Fixture.spark(), Fixture.table())) {
            spark = ReportData.of(s, "unit", null, "t");
        }
        assertEquals(spark.rowsRead(), duck.rowsRead());
        assertFalse(duck.cells().isEmpty());
        assertEquals(spark.cells().size(), duck.cells().size());
        for (int i = 0; i < duck.cells().size(); i++) {
            Cell a = spark.cells().get(i);
            Cell b = duck.cells().get(i);
            assertEquals(a.key(), b.key());
            assertEquals(a.n(), b.n());
            assertEquals(a.trials(), b.trials());
            assertEquals(a.mean(), b.mean(), 1e-12, a.key().toString());
            assertEquals(a.sd() == null, b.sd() == null);
            if (a.sd() != null) {
                assertEquals(a.sd(), b.sd(), 1e-12);
            }
            assertEquals(a.meanTrivialIia(), b.meanTrivialIia(), 1e-12);
        }
        assertEquals(spark.losses(), duck.losses(), "the loss curves");
        assertEquals(2 * 2 * 3 * 3, duck.losses().size(), "every DAS trial: 2 objectives × 2 variable sets × 3 cells × 3 networks");
        assertEquals(spark.failures(), duck.failures());
        assertFalse(duck.failures().isEmpty(), "the fixture has FAILED rows");
        assertEquals(spark.provenance(), duck.provenance());
        assertEquals(spark.networks().size(), duck.networks().size());
        for (int i = 0; i < duck.networks().size(); i++) {
            var a = spark.networks().get(i);
            var b = duck.networks().get(i);
            assertEquals(List.of(a.sweep(), a.network(), a.sha256(), a.okTrials()),
                    List.of(b.sweep(), b.network(), b.sha256(), b.okTrials()));
            assertEquals(a.meanBaseAccuracy(), b.meanBaseAccuracy(), 1e-12);
        }
    }

    @Test
    void duckDbAndSparkExportTheSameText() throws Exception {
        Path dir = Fixture.scratch("sources");
        for (boolean latest : new boolean[] {false, true}) {
            for (String format : List.of("csv", "jsonl")) {
                Path a = dir.resolve("duck-" + latest + "." + format);
                Path b = dir.resolve("spark-" + latest + "." + format);
                try (TableSource d = TableSource.open(Fixture.table())) {
                    Exporter.write(d, "unit", latest, format, a);
                }
                try (TableSource s = SparkTableSource.of(Fixture.spark(), Fixture.table())) {
                    Exporter.write(s, "unit", latest, format, b);
                }
                List<String> duck = Files.readAllLines(a);
                assertTrue(duck.size() > 10, a + ": " + duck.size() + " lines");
                assertEquals(Files.readAllLines(b), duck, format + (latest ? " --latest" : ""));
            }
        }
    }
}
