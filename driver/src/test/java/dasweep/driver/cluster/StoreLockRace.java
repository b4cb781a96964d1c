package dasweep.driver.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dasweep.driver.run.OutputLock;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;

/** Two runs taking one output's lock at the same instant, many times: how many won each time. */
final class StoreLockRace {
    private StoreLockRace() {
    }

    /**
     * {@code times} races of two acquirers released together by a latch into a fresh output {@code base-i} each;
     * the number of winners of each race (the winner releases its lock afterwards).
     */
    static List<Integer> winners(String base, Configuration conf, int times) throws Exception {
        List<Integer> counts = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < times; i++) {
                String out = base + "-" + i;
                CountDownLatch go = new CountDownLatch(1);
                List<Future<OutputLock>> tries = new ArrayList<>();
                for (int r = 0; r < 2; r++) {
                    String runId = "20260101T000000-race" + i + "r" + r;
                    tries.add(pool.submit(() -> {
                        go.await();
                        try {
                            return OutputLock.acquire(out, runId, "race", conf, Clock.systemUTC(), OutputLock.STALE,
                                    null);
                        } catch (OutputLock.HeldException e) {
                            return null;
                        }
                    }));
                }
                go.countDown();
                int won = 0;
                for (Future<OutputLock> f : tries) {
                    OutputLock lock = f.get(2, TimeUnit.MINUTES);
                    if (lock != null) {
                        won++;
                        lock.close();
                    }
                }
                counts.add(won);
            }
        } finally {
            pool.shutdownNow();
        }
        return counts;
    }

    static void assertExactlyOneEachTime(List<Integer> winners) {
        assertEquals(winners.size(), winners.stream().filter(w -> w == 1).count(),
                "races with exactly one winner, of " + winners.size() + ": " + winners);
    }
}
