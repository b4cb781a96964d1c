package dasweep.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.FileVisitResult;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code conf/jvm.options} is the one copy of the Java 17 / DJL JVM flags: no other file carries one of them,
 * the surefire JVM got all of them, and the shell helper the launchers use reads the same list.
 */
class JvmFlagsTest {
    static final String HOME_FILE = "conf/jvm.options";
    /** An {@code --add-opens} flag with its value (prose mentioning the option by name is fine). */
    private static final Pattern ADD_OPENS = Pattern.compile("--add-" + "opens[=\\s]+[\\w.]+/");
    private static final Set<String> SKIPPED_DIRS = Set.of(".git", "target", "node_modules", ".idea", "out", "runs");

    static Path repo() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(HOME_FILE))) {
                return p;
            }
        }
        throw new IllegalStateException(HOME_FILE + " not found above " + Path.of("").toAbsolutePath());
    }

    /** The flags, parsed as java reads an @argfile: '#' to the end of the line is a comment, whitespace separates. */
    static List<String> flags() throws IOException {
        List<String> flags = new ArrayList<>();
        for (String line : Files.readAllLines(repo().resolve(HOME_FILE))) {
            String body = line.replaceFirst("#.*", "").strip();
            if (!body.isEmpty()) {
                flags.addAll(Arrays.asList(body.split("\\s+")));
            }
        }
        return flags;
    }

    @Test
    void theListHasTheFlagsSparkAndDjlNeed() throws IOException {
        List<String> flags = flags();
        assertTrue(flags.stream().filter(f -> ADD_OPENS.matcher(f).find()).count() >= 10, flags.toString());
        assertTrue(flags.contains("-Dai.djl." + "offline=true"), flags.toString());
        assertEquals(flags.size(), Set.copyOf(flags).size(), "a flag listed twice: " + flags);
        flags.forEach(f -> assertTrue(f.startsWith("-") && !f.contains("\"") && !f.contains("'"), f));
    }

    @Test
    void surefireJvmReceivedEveryFlag() throws IOException {
        List<String> jvm = ManagementFactory.getRuntimeMXBean().getInputArguments();
        List<String> missing = flags().stream().filter(f -> !jvm.contains(f)).toList();
        assertTrue(missing.isEmpty(), "the test JVM lacks " + missing + "; it got " + jvm);
    }

    @Test
    void noOtherFileCarriesACopy() throws IOException {
        Path repo = repo();
        List<String> flags = flags();
        List<String> copies = new ArrayList<>();
        Files.walkFileTree(repo, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return SKIPPED_DIRS.contains(String.valueOf(dir.getFileName())) && !dir.equals(repo)
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                if (!attrs.isRegularFile() || attrs.size() > 4 << 20 || f.equals(repo.resolve(HOME_FILE))) {
                    return FileVisitResult.CONTINUE;
                }
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                if (ADD_OPENS.matcher(text).find()) {
                    copies.add(repo.relativize(f) + ": an --add-" + "opens flag");
                }
                flags.stream().filter(text::contains).forEach(x -> copies.add(repo.relativize(f) + ": " + x));
                return FileVisitResult.CONTINUE;
            }
        });
        assertTrue(copies.isEmpty(), "flags belong in " + HOME_FILE + " only; copies in " + copies);
    }

    @Test
    void launcherHelperReadsTheSameList() throws IOException, InterruptedException {
        Path repo = repo();
        Process p = new ProcessBuilder("bash", "-c", "source deploy/dasweep-lib.sh && dasweep_jvm_flags .")
                .directory(repo.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertEquals(flags(), out.lines().toList());
        assertFalse(out.isBlank());
    }
}
