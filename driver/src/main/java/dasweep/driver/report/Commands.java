package dasweep.driver.report;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the reading commands share: bad input (or a table Spark cannot read) is one line on stderr and exit code 2. */
final class Commands {
    private static final Logger LOG = LoggerFactory.getLogger(Commands.class);

    private Commands() {
    }

    static int guarded(String name, PrintWriter err, Callable<Integer> body) {
        try {
            return body.call();
        } catch (BadInput e) {
            err.println("dasweep " + name + ": " + e.getMessage());
            return 2;
        } catch (Exception e) {
            LOG.debug("dasweep {} failed", name, e);
            String msg = e.getMessage() == null ? e.getClass().getName() : e.getMessage().lines().findFirst().orElse("");
            err.println("dasweep " + name + ": " + msg);
            return 2;
        } finally {
            err.flush();
        }
    }
}
