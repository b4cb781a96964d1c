package dasweep.driver.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dasweep.driver.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The notebook ({@code examples/dasweep_table.ipynb}) and its script: valid nbformat 4 without outputs, the same cells
 * in both, its SQL cells the project's own ({@link NotebookSql}), and every SQL cell run through DuckDB JDBC on a real
 * table of two runs ({@link TwoRuns}): the latest-date rule, the control pairing, the cells, and {@code dasweep export
 * --latest} writing exactly the rows of its first query.
 */
@Tag("integration")
class NotebookTest {
    static final Pattern SQL_CELL = Pattern.compile("^([A-Z_]+) = \"\"\"\\\\\n(.*?)\"\"\"", Pattern.DOTALL | Pattern.MULTILINE);
    static JsonNode notebook;
    static Map<String, String> sql;
    static Connection duck;
    static Map<String, List<Map<String, Object>>> results = new HashMap<>();

    @BeforeAll
    static void runTheNotebooksSql() throws Exception {
        notebook = new ObjectMapper().readTree(TwoRuns.repo().resolve("examples/dasweep_table.ipynb").toFile());
        sql = new LinkedHashMap<>();
        for (String code : cells(notebook, "code")) {
            Matcher m = SQL_CELL.matcher(code);
            while (m.find()) {
                sql.put(m.group(1), m.group(2));
            }
        }
        duck = DriverManager.getConnection("jdbc:duckdb:");
        for (Map.Entry<String, String> q : sql.entrySet()) {
            String text = q.getValue().replace(NotebookSql.TABLE, TwoRuns.table().toString());
            try (Statement s = duck.createStatement()) {
                if (s.execute(text)) {
                    results.put(q.getKey(), rows(s.getResultSet()));
                }
            }
        }
    }

    @AfterAll
    static void close() throws Exception {
        if (duck != null) {
            duck.close();
        }
    }

    static List<String> cells(JsonNode nb, String type) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : nb.path("cells")) {
            if (c.path("cell_type").asText().equals(type)) {
                StringBuilder b = new StringBuilder();
                c.path("source").forEach(line -> b.append(line.asText()));
                out.add(b.toString());
            }
        }
        return out;
    }

    static List<Map<String, Object>> rows(ResultSet rs) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= n; i++) {
                row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
            }
            rows.add(row);
        }
        return rows;
    }

    @Test
    void theNotebookIsNbformat4WithoutOutputsAndTheScriptHasTheSameCells() throws Exception {
        assertEquals(4, notebook.path("nbformat").asInt());
        assertTrue(notebook.path("nbformat_minor").asInt() >= 4);
        assertEquals("python3", notebook.path("metadata").path("kernelspec").path("name").asText());
        String script = Files.readString(TwoRuns.repo().resolve("examples/dasweep_table.py"));
        assertTrue(script.startsWith("# %%"), "the script is in the percent format");
        List<String> blocks = List.of(script.split("# %%", -1)).subList(1, script.split("# %%", -1).length);
        assertEquals(blocks.size(), notebook.path("cells").size(), "one notebook cell per '# %%' block of the script");
        for (int i = 0; i < blocks.size(); i++) {
            JsonNode c = notebook.path("cells").get(i);
            String head = blocks.get(i).substring(0, blocks.get(i).indexOf('\n'));
            String body = blocks.get(i).substring(blocks.get(i).indexOf('\n') + 1).strip();
            StringBuilder source = new StringBuilder();
            c.path("source").forEach(line -> source.append(line.asText()));
            assertTrue(c.path("metadata").isObject(), "cell " + i + " has metadata");
            if (head.strip().equals("[markdown]")) {
                assertEquals("markdown", c.path("cell_type").asText(), "cell " + i);
                String text = String.join("\n", body.lines().map(l -> l.startsWith("# ") ? l.substring(2)
                        : l.replaceFirst("^#+", "")).toList());
                assertEquals(text, source.toString(), "markdown cell " + i);
            } else {
                assertEquals("code", c.path("cell_type").asText(), "cell " + i);
                assertEquals(body, source.toString(), "code cell " + i + " as in the script");
                assertTrue(c.path("outputs").isArray() && c.path("outputs").isEmpty(), "no outputs committed: cell " + i);
                assertTrue(c.path("execution_count").isNull(), "never run: cell " + i);
            }
        }
    }

    @Test
    void everySqlCellIsTheProjectsOwnText() {
        assertEquals(List.copyOf(NotebookSql.QUERIES.keySet()), List.copyOf(sql.keySet()), "the SQL cells, in order");
        NotebookSql.QUERIES.forEach((name, text) -> assertEquals(text, sql.get(name), name));
        assertEquals(CellSql.latest("trials"), sql.get("LATEST"), "export --latest's SQL");
        assertEquals(CellSql.cells("trials"), sql.get("CELLS"), "the report's cells");
    }

    @Test
    void latestKeepsEachTrialsLatestOkRow() {
        List<Map<String, Object>> latest = results.get("LATEST");
        assertEquals(TwoRuns.TRIALS, latest.size(), "one row per trial");
        assertEquals(TwoRuns.TRIALS, latest.stream().map(r -> r.get("trial_id")).distinct().count());
        int onD1 = 0;
        for (Map<String, Object> r : latest) {
            assertEquals("OK", r.get("status"));
            boolean failedOnD2 = r.get("network").equals(TwoRuns.BROKEN);   // its untrained counterpart is another network
            assertEquals(failedOnD2 ? TwoRuns.D1 : TwoRuns.D2, r.get("run_date"), "latest OK date of " + r.get("network")
                    + " " + r.get("control"));
            onD1 += failedOnD2 ? 1 : 0;
        }
        assertEquals(TwoRuns.FAILED, onD1, "the trials that failed on the later date keep their earlier OK row");
    }

    @Test
    void theViewHoldsBothRunsWithTheirFailedRows() throws Exception {
        try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery("SELECT run_date, status, count(*)"
                + " FROM trials GROUP BY run_date, status ORDER BY run_date, status")) {
            List<String> counts = new ArrayList<>();
            while (rs.next()) {
                counts.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getLong(3));
            }
            assertEquals(List.of(TwoRuns.D1 + " OK " + TwoRuns.TRIALS, TwoRuns.D2 + " FAILED " + TwoRuns.FAILED,
                    TwoRuns.D2 + " OK " + (TwoRuns.TRIALS - TwoRuns.FAILED)), counts);
        }
    }

    @Test
    void besideControlsPairsEachDasTrialWithItsOwnControls() {
        List<Map<String, Object>> latest = results.get("LATEST");
        Map<String, Map<String, Object>> controls = new HashMap<>();
        latest.stream().filter(r -> r.get("control") != null)
                .forEach(r -> assertNull(controls.put(r.get("controls_trial_id") + "|" + r.get("control"), r),
                        "one control of each kind per DAS trial"));
        List<Map<String, Object>> beside = results.get("BESIDE_CONTROLS");
        long das = latest.stream().filter(r -> r.get("control") == null).count();
        assertEquals(TwoRuns.TRIALS / 3, das);
        assertEquals(das, beside.size(), "one row per DAS trial");
        for (Map<String, Object> r : beside) {
            Map<String, Object> mine = latest.stream().filter(x -> x.get("trial_id").equals(r.get("trial_id")))
                    .findFirst().orElseThrow();
            assertNull(mine.get("control"));
            assertEquals(mine.get("iia"), r.get("das_iia"));
            assertEquals(mine.get("run_date"), r.get("run_date"));
            for (String kind : List.of("random_rotation", "untrained_network")) {
                Map<String, Object> c = controls.get(r.get("trial_id") + "|" + kind);
                assertNotNull(c, kind + " of " + r.get("trial_id"));
                assertEquals(c.get("iia"), r.get(kind + "_iia"), kind);
                assertEquals(mine.get("variable_set"), c.get("variable_set"));
                assertEquals(mine.get("layer"), c.get("layer"));
            }
        }
    }

    @Test
    void cellsCountNetworksAndAverageTheLatestRows() {
        List<Map<String, Object>> cells = results.get("CELLS");
        assertEquals(12, cells.size(), "2 variable sets × 2 layers × (DAS, random rotation, untrained network)");
        List<Map<String, Object>> latest = results.get("LATEST");
        for (Map<String, Object> c : cells) {
            assertEquals(2L, ((Number) c.get("n")).longValue(), "two networks");
            double mean = latest.stream().filter(r -> r.get("variable_set").equals(c.get("variable_set"))
                            && r.get("layer").equals(c.get("layer")) && java.util.Objects.equals(r.get("control"), c.get("control")))
                    .mapToDouble(r -> ((Number) r.get("iia")).doubleValue()).average().orElseThrow();
            assertEquals(mean, ((Number) c.get("mean_iia")).doubleValue(), 1e-12, c.toString());
        }
    }

    @Test
    void exportLatestWritesExactlyTheRowsOfTheFirstQuery() throws Exception {
        assertEquals("LATEST", sql.keySet().stream().filter(k -> results.containsKey(k)).findFirst().orElseThrow(),
                "the notebook's first query");
        Path out = TwoRuns.scratch("notebook").resolve("latest.jsonl");
        StringWriter err = new StringWriter();
        assertEquals(0, Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "export", "--table",
                TwoRuns.table().toString(), "--latest", "--format", "jsonl", "--out", out.toString()), err.toString());
        ObjectMapper json = new ObjectMapper();
        Map<String, JsonNode> exported = new HashMap<>();
        for (String line : Files.readAllLines(out)) {
            JsonNode r = json.readTree(line);
            assertNull(exported.put(r.get("trial_id").asText() + "|" + r.get("run_id").asText(), r), "each row once");
        }
        List<Map<String, Object>> latest = results.get("LATEST");
        assertEquals(latest.size(), exported.size());
        for (Map<String, Object> r : latest) {
            JsonNode e = exported.get(r.get("trial_id") + "|" + r.get("run_id"));
            assertNotNull(e, "exported: " + r.get("trial_id") + " of run " + r.get("run_id"));
            assertEquals(List.copyOf(r.keySet()), iterable(e.fieldNames()), "the same columns, in order");
            assertEquals(((Number) r.get("iia")).doubleValue(), e.get("iia").asDouble());
            assertEquals(r.get("run_date"), e.get("run_date").asText());
            assertEquals(String.valueOf(r.get("control")), e.get("control").isNull() ? "null" : e.get("control").asText());
        }
        assertFalse(exported.values().stream().anyMatch(e -> e.get("status").asText().equals("FAILED")));
    }

    /**
     * The script itself on the same table, where a Python with duckdb, pandas, pyarrow and matplotlib is at hand
     ({@code DASWEEP_PYTHON}, default {@code python3}); skipped, with the reason printed, elsewhere.
     */
    @Test
    void theScriptRunsOnTheTable() throws Exception {
        String python = System.getenv().getOrDefault("DASWEEP_PYTHON", "python3");
        boolean ready;
        try {
            Process check = new ProcessBuilder(python, "-c", "import duckdb, pandas, pyarrow, matplotlib")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            ready = check.waitFor(2, TimeUnit.MINUTES) && check.exitValue() == 0;
        } catch (java.io.IOException e) {
            ready = false;
        }
        if (!ready) {
            System.out.println("NotebookTest: the script's run skipped: " + python
                    + " lacks duckdb, pandas, pyarrow or matplotlib");
        }
        Assumptions.assumeTrue(ready, python + " with duckdb, pandas, pyarrow, matplotlib");
        Path plots = TwoRuns.scratch("notebook-plots");
        Path log = plots.resolve("script.log");
        ProcessBuilder pb = new ProcessBuilder(python, TwoRuns.repo().resolve("examples/dasweep_table.py").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("DASWEEP_TABLE", TwoRuns.table().toString());
        pb.environment().put("DASWEEP_PLOTS", plots.toString());
        Process p = pb.start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the script finished");
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains(TwoRuns.TRIALS + " trials;"), out);
        assertTrue(out.contains(TwoRuns.TRIALS + " latest OK rows: the same as DuckDB's"), out);
        assertNotNull(javax.imageio.ImageIO.read(plots.resolve("layers-tworuns-equal.png").toFile()), out);
    }

    static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
