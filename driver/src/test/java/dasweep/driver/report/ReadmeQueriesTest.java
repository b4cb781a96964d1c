package dasweep.driver.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's queries ("Querying it" and the confidence query), as written there, on the fixture table: Spark and
 * DuckDB give the same answers. Only the path and the sweep's name are substituted.
 */
class ReadmeQueriesTest {
    static String readme;
    static String table;
    static Connection duck;

    @BeforeAll
    static void open() throws Exception {
        readme = Files.readString(Path.of(System.getProperty("maven.multiModuleProjectDirectory",
                Path.of("").toAbsolutePath().getParent().toString()), "docs", "results-table.md"));
        table = Path.of(URI.create(Fixture.table())).toString();
        duck = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterAll
    static void close() throws Exception {
        duck.close();
    }

    /** The ```sql blocks of the README section that starts with {@code heading}. */
    static List<String> sqlBlocks(String heading) {
        int start = readme.indexOf(heading);
        assertTrue(start >= 0, heading);
        int end = readme.indexOf("\n#", start + heading.length());
        Matcher m = Pattern.compile("```sql\n(.*?)```", Pattern.DOTALL).matcher(readme.substring(start, end < 0
                ? readme.length() : end));
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1).replace("'out/trials'", "'" + table + "'")
                    .replace("'out/trials/**/*.parquet'", "'" + table + "/**/*.parquet'")
                    .replace("'ellipse-paper'", "'unit'").replace("'quickstart'", "'unit'"));
        }
        return blocks;
    }

    /** The statements of a block (split at ';', comment-only statements dropped). */
    static List<String> statements(String block) {
        return Arrays.stream(block.split(";")).map(String::strip)
                .filter(s -> !s.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("--"))).toList();
    }

    static List<List<Object>> spark(String sql) {
        List<List<Object>> rows = new ArrayList<>();
        for (Row r : Fixture.spark().sql(sql).collectAsList()) {
            List<Object> row = new ArrayList<>();
            for (int i = 0; i < r.size(); i++) {
                row.add(r.get(i));
            }
            rows.add(row);
        }
        return rows;
    }

    static List<List<Object>> duck(String sql) throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    static void assertSame(List<List<Object>> spark, List<List<Object>> duck, boolean ordered, String what) {
        assertFalse(spark.isEmpty(), what + ": an answer to compare");
        assertEquals(spark.size(), duck.size(), what);
        List<List<Object>> a = new ArrayList<>(spark);
        List<List<Object>> b = new ArrayList<>(duck);
        if (!ordered) {
            a.sort((x, y) -> x.toString().compareTo(y.toString()));
            b.sort((x, y) -> x.toString().compareTo(y.toString()));
        }
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).size(), b.get(i).size(), what);
            for (int j = 0; j < a.get(i).size(); j++) {
                Object x = a.get(i).get(j);
                Object y = b.get(i).get(j);
                String where = what + " row " + i + " column " + j + ": " + a.get(i) + " vs " + b.get(i);
                if (x instanceof Number p && y instanceof Number q) {
                    assertEquals(p.doubleValue(), q.doubleValue(), 1e-9 * Math.max(1, Math.abs(p.doubleValue())), where);
                } else {
                    assertEquals(x == null ? null : x.toString(), y == null ? null : y.toString(), where);
                }
            }
        }
    }

    @Test
    void theQueryingItExamplesGiveTheSameAnswersOnSparkAndDuckDb() throws Exception {
        List<String> blocks = sqlBlocks("### Querying it");
        assertEquals(2, blocks.size(), "a Spark SQL block and a DuckDB block");
        List<String> sparkSql = statements(blocks.get(0));
        assertEquals(2, sparkSql.size());
        Fixture.spark().catalog().dropTempView("trials");
        Fixture.spark().sql(sparkSql.get(0)); // CREATE TEMPORARY VIEW trials ...
        duck.createStatement().execute("DROP VIEW IF EXISTS trials");
        duck.createStatement().execute(duckView());
        assertSame(spark(sparkSql.get(1)), duck(sparkSql.get(1)), true, "Spark SQL example");

        List<String> duckSql = statements(blocks.get(1));
        assertEquals(2, duckSql.size());
        Pattern readParquet = Pattern.compile("read_parquet\\([^)]*\\)");
        for (String q : duckSql) {
            String onSpark = readParquet.matcher(q).replaceAll("trials");
            assertSame(spark(onSpark), duck(q), q.contains("ORDER BY"), "DuckDB example: " + q.lines().findFirst().orElse(""));
        }
    }

    @Test
    void theConfidenceQueryIsTheReportsAndGivesTheSameAnswersOnSparkAndDuckDb() throws Exception {
        assertTrue(readme.contains(CellSql.cells("trials") + ";"), "README prints CellSql.cells(\"trials\") as it is");
        List<String> blocks = sqlBlocks("### Confidence per cell");
        assertEquals(2, blocks.size());
        List<String> sparkSql = statements(blocks.get(0));
        Fixture.spark().catalog().dropTempView("trials");
        Fixture.spark().sql(sparkSql.get(0));
        duck.createStatement().execute("DROP VIEW IF EXISTS trials");
        duck.createStatement().execute(statements(blocks.get(1)).get(0));
        List<List<Object>> spark = spark(sparkSql.get(1));
        assertSame(spark, duck(sparkSql.get(1)), true, "confidence query");
        assertEquals(20 + 2 * 5, spark.size(), "20 cells of sweep unit, 10 of sweep single");
    }

    static String duckView() {
        return "CREATE OR REPLACE VIEW trials AS SELECT * FROM read_parquet('" + table
                + "/**/*.parquet', hive_partitioning = true)";
    }
}
