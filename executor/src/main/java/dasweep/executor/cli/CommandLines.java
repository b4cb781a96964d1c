package dasweep.executor.cli;

import java.io.PrintWriter;
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
        if (e instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            message += "; did you mean " + String.join(" or ", u.getSuggestions().stream().limit(3).toList()) + "?";
        }
        String help = line.getCommandSpec().qualifiedName(" ");
        Exit.line(err, name(line), message + " (see '" + help + " --help')");
        return Exit.BAD_INPUT;
    }

    /** The subcommand's name for the {@code dasweep <name>:} prefix; null for the top-level command. */
    private static String name(CommandLine line) {
        return line.getParent() == null ? null : line.getCommandName();
    }
}
