package dasweep.executor.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every {@code dasweep} command line answers a mistake: a mistyped or missing option is one line naming it, a
 * suggestion when there is one and a pointer to {@code --help} (no usage dump), exit {@link Exit#BAD_INPUT}; an
 * unexpected error is one line and exit {@link Exit#FAILED}, its trace in the log.
 */
public final class CommandLines {
    private static final Logger LOG = LoggerFactory.getLogger(CommandLines.class);

    private CommandLines() {
    }

    /** {@code cl} with dasweep's handlers for bad options and unexpected errors. */
    public static CommandLine configure(CommandLine cl) {
        cl.setParameterExceptionHandler(CommandLines::badOption);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            LOG.error("dasweep {} failed", line.getCommandName(), e);
            Exit.line(line.getErr(), name(line), "failed: " + e.getClass().getSimpleName() + ": " + Exit.firstLine(e)
                    + " (the log has the trace)");
            return Exit.FAILED;
        });
        return cl;
    }

    private static int badOption(ParameterException e, String[] args) {
        CommandLine line = e.getCommandLine();
        PrintWriter err = line.getErr();
        String message = Exit.firstLine(e);
        String unknown = unknownOption(line, args);
        if (unknown != null && !(e instanceof UnmatchedArgumentException)) {
            message = "Unknown option: '" + unknown + "'";     // a typo, not the required option it left out
        }
        List<String> suggestions = unknown == null ? List.of() : similar(unknown, line.getCommandSpec().optionsMap().keySet());
        if (!suggestions.isEmpty()) {
            message += "; did you mean " + String.join(" or ", suggestions) + "?";
        }
        String help = line.getCommandSpec().qualifiedName(" ");
        Exit.line(err, name(line), message + " (see '" + help + " --help')");
        return Exit.BAD_INPUT;
    }

    /** The first argument that looks like an option but is none of the command's, or null. */
    private static String unknownOption(CommandLine line, String[] args) {
        Set<String> known = line.getCommandSpec().optionsMap().keySet();
        boolean command = line.getParent() == null;
        for (String a : args) {
            if (!command) {
                command = a.equals(line.getCommandName());
                continue;
            }
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (name.startsWith("-") && name.length() > 1 && !known.contains(name) && !name.matches("-\\d.*")) {
                return name;
            }
        }
        return null;
    }

    /** Up to three of {@code known} within two edits (Levenshtein) of {@code name}, closest first. */
    static List<String> similar(String name, Set<String> known) {
        return known.stream().filter(k -> k.startsWith("--")).map(k -> Map.entry(k, distance(name, k)))
                .filter(en -> en.getValue() <= 2).sorted(Map.Entry.comparingByValue()).limit(3)
                .map(Map.Entry::getKey).toList();
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1),
                        prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** The subcommand's name for the {@code dasweep <name>:} prefix; null for the top-level command. */
    private static String name(CommandLine line) {
        return line.getParent() == null ? null : line.getCommandName();
    }
}
