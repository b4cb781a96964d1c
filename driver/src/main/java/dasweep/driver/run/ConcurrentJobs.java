package dasweep.driver.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkContext;

/**
 * Spark jobs submitted from driver threads of their own, so that they run side by side: Spark schedules the jobs of
 * several threads at once, on the same task slots. Each job sets its job group (a thread property) itself.
 * {@link #await} waits for every job and rethrows the first failure as it was thrown; {@link #close} cancels what is
 * still running in the group (a failed run leaves no job behind).
 */
final class ConcurrentJobs implements AutoCloseable {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final SparkContext sc;
    private final String group;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "dasweep-jobs-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });
    private final List<Future<?>> submitted = new ArrayList<>();
    private boolean finished;

    ConcurrentJobs(SparkContext sc, String group) {
        this.sc = sc;
        this.group = group;
    }

    synchronized void submit(Runnable job) {
        submitted.add(threads.submit(job));
    }

    /** Waits for every job submitted so far; rethrows the first failure (unwrapped). */
    void await() {
        for (Future<?> job : snapshot()) {
            try {
                job.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Spark jobs", e);
            } catch (ExecutionException e) {
                throw ConcurrentJobs.<RuntimeException>sneaky(e.getCause());
            }
        }
        synchronized (this) {
            finished = true;
        }
    }

    private synchronized List<Future<?>> snapshot() {
        return List.copyOf(submitted);
    }

    /** Spark's own exceptions are checked ones that Scala throws unchecked: rethrown as they are. */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable e) throws T {
        throw (T) e;
    }

    @Override
    public synchronized void close() {
        if (!finished) {
            sc.cancelJobGroup(group);
        }
        threads.shutdownNow();
    }
}
