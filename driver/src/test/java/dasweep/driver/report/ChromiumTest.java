package dasweep.driver.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dasweep.driver.Main;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The report in a real browser (headless Chromium, no network): it renders, and every image it shows exists. */
class ChromiumTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static Path dir;

    @BeforeAll
    static void report() throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            System.out.println("ChromiumTest skipped: no " + CHROMIUM + " (apt-get install chromium)");
        }
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "no " + CHROMIUM);
        Fixture.spark();
        dir = Fixture.scratch("chromium");
        StringWriter err = new StringWriter();
        assertEquals(0, Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "report", "--table",
                Fixture.table(), "--out", dir.toString()), err.toString());
    }

    static String chromium(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + Files.createTempDirectory(dir, "profile")));
        cmd.addAll(List.of(args));
        cmd.add(dir.resolve("report.html").toUri().toString());
        Path out = Files.createTempFile(dir, "chromium", ".out");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "chromium finished");
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    @Test
    void aScreenshotOfTheReport() throws Exception {
        Path png = dir.resolve("screenshot.png");
        chromium("--screenshot=" + png, "--window-size=1200,2000", "--hide-scrollbars");
        assertTrue(Files.isRegularFile(png), "screenshot written");
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img);
        assertEquals(1200, img.getWidth());
    }

    @Test
    void everyImageInTheRenderedPageExists() throws Exception {
        String dom = chromium("--dump-dom");
        assertTrue(dom.contains("<table id=\"cells\">"), "the page was rendered");
        assertTrue(dom.contains("<table class=\"overview\""), "the overview was rendered");
        Matcher m = Pattern.compile("<img src=\"([^\"]+)\"").matcher(dom);
        int n = 0;
        int losses = 0;
        while (m.find()) {
            assertFalse(m.group(1).contains(":"), "a relative file: " + m.group(1));
            assertTrue(Files.isRegularFile(dir.resolve(m.group(1))), m.group(1));
            n++;
            losses += m.group(1).startsWith("losses-") ? 1 : 0;
        }
        assertTrue(n >= 12, "the charts of sweep unit and sweep single: " + n);
        assertTrue(losses >= 4, "the loss curves of sweep unit's 4 panels: " + losses);
    }
}
