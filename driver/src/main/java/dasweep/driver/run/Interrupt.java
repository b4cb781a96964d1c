package dasweep.driver.run;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import sun.misc.Signal;

/**
 * Ctrl-C (SIGINT) and a polite kill (SIGTERM: cron, a cluster manager) as one line: the first signal prints {@code dasweep: interrupted ...}, silences the log (Spark's
 * shutdown makes the running job fail with long traces that say nothing new) and exits 130; the shutdown hooks then
 * stop Spark and release the output lock as on any exit.
 */
public final class Interrupt {
    private static final AtomicBoolean REQUESTED = new AtomicBoolean();

    private Interrupt() {
    }

    /** Installs the handler (the launcher's JVM only; tests calling {@code Main.run} keep the default). */
    public static void install(PrintStream err) {
        for (String name : new String[] {"INT", "TERM"}) {
            handle(name, err);
        }
    }

    private static void handle(String name, PrintStream err) {
        try {
            Signal.handle(new Signal(name), s -> {
                if (REQUESTED.compareAndSet(false, true)) {
                    err.println("\ndasweep: interrupted; results staged so far are kept (dasweep run --resume adopts them)");
                    err.flush();
                    LogManager.shutdown();
                    int code = 128 + s.getNumber();
                    new Thread(() -> System.exit(code), "dasweep-interrupt").start();
                }
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // no such signal here (or the JVM keeps it): the default stays
        }
    }

    /** Whether Ctrl-C was pressed: a failure that follows is its consequence, not news. */
    public static boolean requested() {
        return REQUESTED.get();
    }
}
