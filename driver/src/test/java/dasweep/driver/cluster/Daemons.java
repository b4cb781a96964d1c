package dasweep.driver.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * What a script of the repository started (a cluster, a store, namespaces), stopped by the same script's
 * {@code stop} (by PID) on {@link #close()}, or by a shutdown hook when the test JVM ends first.
 */
final class Daemons implements AutoCloseable {
    private final List<String> stop;
    private final Thread hook;

    /** @param stop the command that stops them, e.g. {@code deploy/standalone/cluster.sh stop DIR} */
    Daemons(List<String> stop) {
        this.stop = List.copyOf(stop);
        this.hook = new Thread(this::stopQuietly, "stop " + String.join(" ", stop));
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private void stopQuietly() {
        try {
            Cluster.script(stop, Duration.ofMinutes(1));
        } catch (IOException | RuntimeException e) {
            System.err.println("cannot run " + stop + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down already
        }
    }
}
