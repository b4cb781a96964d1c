package dasweep.driver.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dasweep.driver.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code dasweep compare}: 1 on the planted regression, 0 on an unchanged rerun, 2 on bad input. */
class CompareTest {
    record Result(int code, String out, String err) {
    }

    static Result compare(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "compare";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), all);
        return new Result(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void table() {
        Fixture.spark();
        Fixture.table();
    }

    @Test
    void thePlantedRegressionIsFoundAndExitsOne() {
        Result r = compare("--table", Fixture.table(), "--sweep", "unit", "--from", Fixture.D1, "--to", Fixture.D2);
        assertEquals(1, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), r.out());
        assertTrue(lines.get(0).contains("20 cells in both") && lines.get(0).contains("1 with |ΔIIA| > 0.02"), lines.get(0));
        String cell = lines.get(1);
        assertTrue(cell.contains("objective=equal variable_set=color layer=conv1 view=rows intervention=low_rank k=64 "), cell);
        double delta = Double.parseDouble(cell.trim().split("\\s+")[1]);
        assertEquals(-Fixture.DROP, delta, 0.02);
        assertTrue(cell.contains("(n 3 → 3)"), cell);
    }

    @Test
    void anUnchangedRerunExitsZeroByDefault() {
        Result r = compare("--table", Fixture.table(), "--sweep", "unit");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("sweep unit: run_date " + Fixture.D2 + " → " + Fixture.D3), r.out());
        assertTrue(r.out().contains("0 with |ΔIIA|"), r.out());
    }

    @Test
    void aLargerThresholdHidesTheRegression() {
        Result r = compare("--table", Fixture.table(), "--sweep", "unit", "--from", Fixture.D1, "--to", Fixture.D2,
                "--threshold", "0.15");
        assertEquals(0, r.code(), r.out());
    }

    @Test
    void badInputIsOneLineOnStderrAndExitCodeTwo() throws Exception {
        String missing = Fixture.scratch("compare").resolve("no-such-table").toString();
        assertBad(compare("--table", missing, "--sweep", "unit"), "no table at ");
        assertBad(compare("--table", Fixture.table(), "--sweep", "nope"), "no sweep 'nope'");
        assertBad(compare("--table", Fixture.table(), "--sweep", "unit", "--from", "2020-01-01", "--to", Fixture.D2),
                "no run date 2020-01-01 for sweep 'unit'");
        assertBad(compare("--table", Fixture.table(), "--sweep", "unit", "--to", Fixture.D1), "no run date before");
        assertBad(compare("--table", Fixture.table()), "Missing required option: '--sweep=S'");
    }

    /** A first night: one run date so far is not bad input but its own exit code, 3, and one line on stdout. */
    @Test
    void oneRunDateExitsThree() {
        Result r = compare("--table", Fixture.table(), "--sweep", "single");
        assertEquals(3, r.code(), r.out() + r.err());
        assertEquals("", r.err());
        assertTrue(r.out().startsWith("sweep 'single' has one run date so far ("), r.out());
        assertTrue(r.out().strip().endsWith("nothing to compare yet"), r.out());
    }

    static void assertBad(Result r, String message) {
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("dasweep compare: " + message), r.err());
        assertTrue(r.out().isEmpty(), r.out());
    }
}
