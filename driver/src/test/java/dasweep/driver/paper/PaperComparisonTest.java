package dasweep.driver.paper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dasweep.driver.paper.PaperComparison.OurRow;
import dasweep.driver.paper.PaperComparison.PaperCell;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The paper's cells beside ours, without Spark: matching, per-network means, sds, the summary, bad CSVs. */
class PaperComparisonTest {
    static final String HEADER = "objective,coefficients,layer,variables,k,n_networks,mean_iia,sd_iia,min_iia,max_iia\n";
    static final List<Double> EQUAL = List.of(0.4, 0.4, 0.4);

    @TempDir
    Path tmp;

    Path csv(String body) throws IOException {
        Path f = tmp.resolve("cells.csv");
        Files.writeString(f, HEADER + body);
        return f;
    }

    static OurRow row(String layer, List<String> variables, int k, String network, double iia) {
        return new OurRow("equal", EQUAL, 0.6, layer, variables, k, network, iia);
    }

    @Test
    void cellsAreMatchedByCoefficientsLayerVariableSetAndK() throws IOException {
        List<PaperCell> paper = PaperComparison.readCsv(csv("""
                Equal,0.4;0.4;0.4,conv1,color,4,100,0.95,0.01,0.93,0.97
                Equal,0.4;0.4;0.4,conv1,circularity+color,4,100,0.90,0.02,0.85,0.94
                Equal,0.4;0.4;0.4,fc1,color,1,100,0.80,0,0.8,0.8
                Equal,0.4;0.4;0.4,conv2,color,4,100,0.95,0.01,0.93,0.97
                Prefer Area,0.3;0.4;0.5,conv1,color,4,100,0.95,0.01,0.93,0.97
                """));
        assertEquals(5, paper.size());
        List<OurRow> ours = List.of(
                // network a has two rows in the cell (two data seeds): its mean, 0.93, counts once
                row("conv1", List.of("color"), 4, "a", 0.92), row("conv1", List.of("color"), 4, "a", 0.94),
                row("conv1", List.of("color"), 4, "b", 0.97),
                // written in source order color, circularity: the same variable set
                row("conv1", List.of("color", "circularity"), 4, "a", 0.97),
                row("fc1", List.of("color"), 1, "a", 0.80),
                // a k the paper did not run, and another threshold: ours only
                row("conv1", List.of("color"), 2, "a", 0.9),
                new OurRow("strict", EQUAL, 0.7, "conv1", List.of("color"), 4, "a", 0.5));
        PaperComparison.Result r = PaperComparison.compare(paper, ours);
        assertEquals(3, r.cells().size());
        assertEquals(2, r.paperOnly());
        assertEquals(2, r.oursOnly());
        PaperComparison.Compared color = r.cells().get(0);
        assertEquals(2, color.ourNetworks());
        assertEquals(0.95, color.ourMean(), 1e-12);
        assertEquals(Math.sqrt(2 * 0.02 * 0.02), color.ourSd(), 1e-12);
        assertEquals(0, color.sds(), 1e-9);
        PaperComparison.Compared pair = r.cells().get(1);
        assertEquals("circularity+color", pair.paper().variables());
        assertEquals(3.5, pair.sds(), 1e-9);
        assertTrue(pair.flagged());
        assertTrue(Double.isNaN(pair.ourSd()), "one network: no sd");
        assertEquals(0, r.cells().get(2).sds(), "equal to a paper cell of sd 0");
        assertEquals(2, r.within(2));
        assertEquals(2, r.within(3));
        assertEquals((0 + 0.07 + 0) / 3, r.meanDifference(), 1e-12);
        assertEquals("equal", color.ourObjective());

        StringWriter out = new StringWriter();
        PaperComparison.print(r, new PrintWriter(out));
        assertTrue(out.toString().contains("circularity+color          4  0.9000 ± 0.0200 (100)"), out.toString());
        assertTrue(out.toString().contains("+3.50  ! > 3 sd"), out.toString());
        assertTrue(out.toString().contains("cells compared: 3; within 2 sd: 2 (67%); within 3 sd: 2 (67%); "
                + "flagged (> 3 sd): 1; mean signed difference (ours − paper): +0.0233 IIA, +1.17 paper sd; "
                + "paper cells not run: 2; our cells not in the paper: 2"), out.toString());

        Path written = tmp.resolve("cmp.csv");
        PaperComparison.writeCsv(r, written);
        List<String> lines = Files.readAllLines(written);
        assertEquals(4, lines.size());
        assertTrue(lines.get(2).startsWith("Equal,0.4;0.4;0.4,conv1,circularity+color,4,equal,100,0.9,0.02,1,0.97,,"),
                lines.get(2));
        assertTrue(lines.get(2).endsWith(",true"), lines.get(2));
    }

    @Test
    void aDifferenceFromACellOfSdZeroIsInfinitelyFar() throws IOException {
        List<PaperCell> paper = PaperComparison.readCsv(csv("Equal,0.4;0.4;0.4,fc1,area,1,100,0.8,0,0.8,0.8\n"));
        PaperComparison.Result r = PaperComparison.compare(paper, List.of(row("fc1", List.of("area"), 1, "a", 0.7)));
        assertEquals(Double.NEGATIVE_INFINITY, r.cells().get(0).sds());
        assertTrue(r.cells().get(0).flagged());
        assertFalse(r.within(3) > 0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "few fields|Equal,0.4;0.4;0.4,conv1,color,4,100,0.95|line 2: expected 10 fields, not 7 (found 'Equal,0.4;0.4;0.4,conv1,color,4,100,0.95')",
        "bad number|Equal,0.4;0.4;0.4,conv1,color,four,100,0.95,0.01,0.9,1|line 2: coefficients, k, n_networks and the iia columns must be numbers (found 'Equal,0.4;0.4;0.4,conv1,color,four,100,0.95,0.01,0.9,1')",
        "two coefficients|Equal,0.4;0.4,conv1,color,4,100,0.95,0.01,0.9,1|line 2: coefficients must hold 3 numbers separated by ';' (found 'Equal,0.4;0.4,conv1,color,4,100,0.95,0.01,0.9,1')",
        "bad layer|Equal,0.4;0.4;0.4,conv9,color,4,100,0.95,0.01,0.9,1|line 2: layer: unknown layer, expected one of conv1, conv2, conv3, fc1 (found 'conv9')",
        "bad variable|Equal,0.4;0.4;0.4,conv1,colour,4,100,0.95,0.01,0.9,1|line 2: variables: unknown variable, expected one of circularity, color, area (found 'colour')",
        "negative sd|Equal,0.4;0.4;0.4,conv1,color,4,100,0.95,-0.01,0.9,1|line 2: mean_iia must be finite and sd_iia finite and at least 0 (found 'Equal,0.4;0.4;0.4,conv1,color,4,100,0.95,-0.01,0.9,1')",
    })
    void badRowsNameTheLine(String name, String body, String message) throws IOException {
        Path f = csv(body + "\n");
        PaperComparison.BadCsv e = assertThrows(PaperComparison.BadCsv.class, () -> PaperComparison.readCsv(f));
        assertEquals(f + ": " + message, e.getMessage());
    }

    @Test
    void badFiles() throws IOException {
        Path f = tmp.resolve("x.csv");
        assertEquals(f + ": cannot read the paper's CSV: no such file",
                assertThrows(PaperComparison.BadCsv.class, () -> PaperComparison.readCsv(f)).getMessage());
        Files.writeString(f, "a,b\n1,2\n");
        assertEquals(f + ": line 1: expected the header " + HEADER.strip() + " (found 'a,b')",
                assertThrows(PaperComparison.BadCsv.class, () -> PaperComparison.readCsv(f)).getMessage());
        Files.writeString(f, HEADER);
        assertEquals(f + ": the paper's CSV has no cells, only a header",
                assertThrows(PaperComparison.BadCsv.class, () -> PaperComparison.readCsv(f)).getMessage());
        Files.writeString(f, HEADER + "Equal,0.4;0.4;0.4,conv1,color,4,100,0.95,0.01,0.9,1\n"
                + "Equal,0.4;0.4;0.4,conv1,color,4,20,0.95,0.01,0.9,1\n");
        assertTrue(assertThrows(PaperComparison.BadCsv.class, () -> PaperComparison.readCsv(f)).getMessage()
                .startsWith(f + ": line 3: repeats the cell of line 2"));
    }

    @Test
    void theSharedPaperCsvReadsWhenPresent() {
        Path shared = null;
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("shared/paper/iia-by-cell.csv"))) {
                shared = d.resolve("shared/paper/iia-by-cell.csv");
                break;
            }
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(shared != null, "shared/paper not found");
        List<PaperCell> cells = PaperComparison.readCsv(shared);
        assertEquals(3 * 7 * (3 * 5 + 1), cells.size());
    }
}
