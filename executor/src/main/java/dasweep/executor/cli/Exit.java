package dasweep.executor.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exit codes of every {@code dasweep} command and the one way a command refuses input: one line on stderr,
 * {@code dasweep <command>: <message>}, control characters shown escaped, exit code {@link #BAD_INPUT}.
 */
public final class Exit {
    /** Done; for {@code compare}: no drift. */
    public static final int OK = 0;
    /** Some trials FAILED, the run failed; for {@code compare}: drift found. */
    public static final int FAILED = 1;
    /** Bad input (an option, a file, a property, a table): refused before anything heavy starts. */
    public static final int BAD_INPUT = 2;
    /** {@code compare}: the sweep has one run date so far, nothing to compare yet (a first night). */
    public static final int ONE_RUN_DATE = 3;

    private static final Logger LOG = LoggerFactory.getLogger(Exit.class);

    private Exit() {
    }

    /** Prints {@code dasweep <command>: <message>} (escaped) on {@code err}; returns {@link #BAD_INPUT}. */
    public static int bad(PrintWriter err, String command, String message) {
        line(err, command, message);
        return BAD_INPUT;
    }

    /** Prints {@code dasweep <command>: <message>} ({@code dasweep: <message>} when command is null), escaped. */
    public static void line(PrintWriter err, String command, String message) {
        err.println(escape("dasweep" + (command == null ? "" : " " + command) + ": " + message));
        err.flush();
    }

    /**
     * Runs a command's body: {@link BadInput} (and anything else it throws, such as an unreadable table) becomes one
     * line on {@code err} and {@link #BAD_INPUT}; the exception's trace goes to the log at debug level.
     */
    public static int guarded(String command, PrintWriter err, Callable<Integer> body) {
        try {
            return body.call();
        } catch (BadInput e) {
            return bad(err, command, e.getMessage());
        } catch (Exception e) {
            LOG.debug("dasweep {} failed", command, e);
            return bad(err, command, firstLine(e));
        } finally {
            err.flush();
        }
    }

    /** The first line of a throwable's message, or its class name when it has none. */
    public static String firstLine(Throwable e) {
        String msg = e.getMessage();
        return msg == null || msg.isBlank() ? e.getClass().getName() : msg.lines().findFirst().orElse("");
    }

    /**
     * {@code text} safe for a terminal: C0 and C1 control characters and DEL are shown as {@code \e}, {@code \r},
     * {@code \n}, {@code \t} or {@code \xNN} (never sent as they are); everything else is kept.
     */
    public static String escape(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c != 0x7f && (c < 0x80 || c > 0x9f)) {
                b.append(c);
            } else {
                switch (c) {
                    case '\u001b' -> b.append("\\e");
                    case '\r' -> b.append("\\r");
                    case '\n' -> b.append("\\n");
                    case '\t' -> b.append("\\t");
                    default -> b.append(String.format("\\x%02x", (int) c));
                }
            }
        }
        return b.toString();
    }
}
