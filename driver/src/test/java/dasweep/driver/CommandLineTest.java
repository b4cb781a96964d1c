package dasweep.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dasweep.driver.trial.BuildInfo;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The command line's answers to mistakes: one line, a pointer to --help, exit 2; the version is code_version. */
class CommandLineTest {
    record Out(int code, String out, String err) {
    }

    static Out run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Out(code, out.toString(), err.toString());
    }

    @Test
    void aMistypedOptionIsOneLineWithASuggestionAndAPointerToHelp() {
        Out o = run("report", "--tabel", "x", "--out", "y");
        assertEquals(2, o.code());
        assertEquals("dasweep report: Unknown option: '--tabel'; did you mean --table? (see 'dasweep report --help')",
                o.err().strip());
        assertEquals("", o.out());
        Out e = run("export", "--table", "x", "--out", "y", "--formt", "csv");
        assertEquals(2, e.code());
        assertEquals(1, e.err().strip().lines().count(), e.err());
        assertTrue(e.err().startsWith("dasweep export: Unknown option: '--formt'; did you mean --format?"), e.err());
    }

    @Test
    void aMissingRequiredOptionIsOneLine() {
        Out o = run("compare", "--table", "x");
        assertEquals(2, o.code());
        assertEquals("dasweep compare: Missing required option: '--sweep=S' (see 'dasweep compare --help')",
                o.err().strip());
    }

    @Test
    void requiredOptionsAreShownAsRequired() {
        Out o = run("report", "--help");
        assertEquals(0, o.code());
        String usage = o.out().lines().findFirst().orElse("");
        assertTrue(usage.contains(" --out=DIR ") && usage.contains(" --table=T"), usage);
        assertFalse(usage.contains("[--table") || usage.contains("[--out"), usage);
    }

    @Test
    void theVersionIsTheCodeVersionOfEveryRow() {
        Out o = run("-V");
        assertEquals(0, o.code());
        assertEquals("dasweep " + BuildInfo.codeVersion(), o.out().strip());
    }

    @Test
    void badOptionValuesOfTheReadersAreRefusedBeforeAnyTableIsOpened() {
        Out o = run("compare", "--table", "/nonexistent", "--sweep", "s", "--from", "2026-13-01");
        assertEquals(2, o.code());
        assertEquals("dasweep compare: --from: must be a date yyyy-MM-dd between 2000-01-01 and 2999-12-31 (found "
                + "'2026-13-01')", o.err().strip());
        Out s = run("report", "--table", "/nonexistent", "--out", "/tmp/x", "--sweep", "a\u001bb");
        assertEquals(2, s.code());
        assertTrue(s.err().strip().endsWith("(found 'a\\eb')"), s.err());
    }
}
