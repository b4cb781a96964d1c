package dasweep.driver.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;

/**
 * A task could not read or write the output store (its network, its staged row, its subspace): a failure of the
 * store, not of the trial. It fails the task, which Spark runs again ({@code spark.task.maxFailures}; with the
 * store's own retries that rides out a short outage); once the retries are spent the run fails in one line naming
 * the file and the reason, and leaves what was staged for {@code --resume}. A trial's own failure (a diverging loss,
 * weights that do not fit) stays a {@code FAILED} row.
 */
public final class StoreFailure extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    /** @param verb {@code read} or {@code write} */
    public StoreFailure(String verb, Object uri, IOException cause) {
        super("cannot " + verb + " " + uri + ": " + cause.toString().lines().findFirst().orElse(""), cause);
    }

    /** The first store failure in {@code e}'s causes, as the run's one line says it. */
    static Optional<String> in(Throwable e) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof StoreFailure) {
                return Optional.of(t.getMessage());
            }
            String text = String.valueOf(t.getMessage());            // a task's failure as Spark's message tells it
            int at = text.indexOf(StoreFailure.class.getName() + ": ");
            if (at >= 0) {
                return text.substring(at + StoreFailure.class.getName().length() + 2).lines().findFirst();
            }
        }
        return Optional.empty();
    }
}
