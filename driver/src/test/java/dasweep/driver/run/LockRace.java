package dasweep.driver.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;

/**
 * Runs taking one output's lock at the same instant, many times, on any store: how many won each time. Either into a
 * free output, or into one whose lock a dead run left (expired long ago): every run then takes it over at once.
 */
public final class LockRace {
    private LockRace() {
    }

    /** {@code times} races of two runs into a free output {@code base-i} each: the winners of each race. */
    public static List<Integer> winners(String base, Configuration conf, int times) throws Exception {
        return race(base, conf, times, 2, false);
    }

    /**
     * {@code times} races of {@code runs} runs into an output {@code base-i} whose lock a dead run left (it expired in
     * 2020): they all take it over at the same instant; the winners of each race.
     */
    public static List<Integer> takeovers(String base, Configuration conf, int times, int runs) throws Exception {
        return race(base, conf, times, runs, true);
    }

    private static List<Integer> race(String base, Configuration conf, int times, int runs, boolean dead)
            throws Exception {
        List<Integer> counts = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(runs);
        try {
            for (int i = 0; i < times; i++) {
                String out = base + "-" + i;
                if (dead) {            // taken in 2020, never refreshed nor released: a run that died long ago
                    OutputLock.acquire(out, "20200101T000000-dead" + i, "race", conf,
                            Clock.fixed(Instant.parse("2020-01-01T00:00:00Z"), ZoneOffset.UTC), OutputLock.STALE, null);
                }
                CountDownLatch go = new CountDownLatch(1);
                List<Future<OutputLock>> tries = new ArrayList<>();
                for (int r = 0; r < runs; r++) {
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
                List<OutputLock> won = new ArrayList<>();
                for (Future<OutputLock> f : tries) {      // all end first: a winner holds its lock meanwhile
                    OutputLock lock = f.get(2, TimeUnit.MINUTES);
                    if (lock != null) {
                        won.add(lock);
                    }
                }
                if (won.size() == 1) {
                    assertEquals(won.get(0).holder().runId(), OutputLock.holder(out, conf).runId(),
                            "the lock names the one winner");
                }
                for (OutputLock lock : won) {
                    lock.close();
                }
                counts.add(won.size());
            }
        } finally {
            pool.shutdownNow();
        }
        return counts;
    }

    public static void assertExactlyOneEachTime(List<Integer> winners) {
        assertEquals(winners.size(), winners.stream().filter(w -> w == 1).count(),
                "races with exactly one winner, of " + winners.size() + ": " + winners);
    }
}
