package dasweep.driver.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The output store's lock without Spark: acquire, refuse, heartbeat, expiry, a dead holder, release. */
class OutputLockTest {
    static final Duration STALE = Duration.ofMinutes(2);
    final Configuration conf = new Configuration();

    @TempDir
    Path dir;

    /** A clock the test moves by hand. */
    static final class Manual extends Clock {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final Manual clock = new Manual();

    String out() {
        return dir.resolve("out").toUri().toString();
    }

    OutputLock take(String runId) throws IOException {
        return OutputLock.acquire(out(), runId, "unit", conf, clock, STALE, null);
    }

    @Test
    void acquireWritesTheHolderAndReleaseRemovesIt() throws IOException {
        try (OutputLock lock = take("run-a")) {
            OutputLock.Holder h = OutputLock.holder(out(), conf);
            assertNotNull(h);
            assertEquals("run-a", h.runId());
            assertEquals("unit", h.sweep());
            assertEquals(ProcessHandle.current().pid(), h.pid());
            assertFalse(h.host().isBlank());
            assertEquals("2026-12-01T10:02:00Z", h.expiresAt());
            assertEquals(h, lock.holder());
        }
        assertNull(OutputLock.holder(out(), conf));
        assertFalse(Files.exists(dir.resolve("out")), "no lock, no temporary file, no folder made only for the lock");
        Files.createDirectories(dir.resolve("out"));
        take("run-b").close();
        try (Stream<Path> files = Files.list(dir.resolve("out"))) {
            assertEquals(0, files.count(), "an existing output folder stays, empty");
        }
    }

    @Test
    void aSecondRunIsRefusedWithOneLineNamingTheHolder() throws IOException {
        try (OutputLock lock = take("run-a")) {
            clock.now = clock.now.plusSeconds(90);
            OutputLock.HeldException e = assertThrows(OutputLock.HeldException.class, () -> take("run-b"));
            assertEquals("run-a", e.holder().runId());
            String msg = e.getMessage();
            assertTrue(msg.contains("is in use by run run-a (sweep unit, host ") && msg.contains(", pid "
                    + ProcessHandle.current().pid() + ",") && msg.contains("expires at 2026-12-01T10:02:00Z"), msg);
            assertEquals(1, msg.lines().count());
            assertEquals(msg, e.toString());
            assertEquals("run-a", OutputLock.holder(out(), conf).runId(), "the refused run leaves the lock alone");
        }
    }

    @Test
    void theHeartbeatMovesTheExpiryAndKeepsTheLockAlive() throws IOException {
        try (OutputLock lock = take("run-a")) {
            for (int i = 0; i < 6; i++) {          // 3 minutes of heartbeats every 30 s: never stale
                clock.now = clock.now.plusSeconds(30);
                assertTrue(lock.refresh());
            }
            OutputLock.Holder h = OutputLock.holder(out(), conf);
            assertEquals("2026-12-01T10:03:00Z", h.heartbeatAt());
            assertEquals("2026-12-01T10:05:00Z", h.expiresAt());
            assertEquals("2026-12-01T10:00:00Z", h.acquiredAt());
            clock.now = clock.now.plusSeconds(119);
            assertThrows(OutputLock.HeldException.class, () -> take("run-b"));
        }
    }

    @Test
    void anExpiredLockIsTakenOverAndItsFormerHolderNoticesOnItsNextHeartbeat() throws IOException {
        OutputLock crashed = take("run-a");           // never refreshed, never released: a holder that hangs
        clock.now = clock.now.plus(STALE).plusSeconds(1);
        try (OutputLock lock = take("run-b")) {
            assertEquals("run-b", OutputLock.holder(out(), conf).runId());
            assertFalse(crashed.refresh(), "the old holder lost the lock");
            crashed.close();                           // and does not delete the new holder's lock
            assertEquals("run-b", OutputLock.holder(out(), conf).runId());
        }
        assertNull(OutputLock.holder(out(), conf));
    }

    @Test
    void aLockOfADeadProcessOnThisHostIsTakenOverAtOnce() throws IOException, InterruptedException {
        try (OutputLock lock = take("run-a")) {
            OutputLock.Holder h = OutputLock.holder(out(), conf);
            Process p = new ProcessBuilder("true").start();
            p.waitFor();
            Path file = dir.resolve("out").resolve(OutputLock.NAME);
            Files.writeString(file, Files.readString(file).replace("\"pid\" : " + h.pid(), "\"pid\" : " + p.pid()));
            assertEquals(p.pid(), OutputLock.holder(out(), conf).pid());
            try (OutputLock next = take("run-b")) {
                assertEquals("run-b", OutputLock.holder(out(), conf).runId());
            }
        }
    }

    @Test
    void twoRunsTakingTheLockAtTheSameInstantNeverBothWin() throws Exception {
        LockRace.assertExactlyOneEachTime(LockRace.winners(dir.resolve("race").toUri().toString(), conf, 20));
    }

    @Test
    void fourRunsTakingOverTheSameDeadLockAtTheSameInstantNeverBothWin() throws Exception {
        LockRace.assertExactlyOneEachTime(LockRace.takeovers(dir.resolve("dead").toUri().toString(), conf, 20, 4));
    }

    @Test
    void theHeartbeatNeverRewritesTheLockItselfAndReleaseLeavesNothing() throws IOException {
        Path file = dir.resolve("out").resolve(OutputLock.NAME);
        try (OutputLock lock = take("run-a")) {
            String first = Files.readString(file);
            clock.now = clock.now.plusSeconds(30);
            assertTrue(lock.refresh());
            assertEquals(first, Files.readString(file), "_lock is written once");
            assertEquals("2026-12-01T10:02:30Z", OutputLock.holder(out(), conf).expiresAt(), "the heartbeat file's");
        }
        assertFalse(Files.exists(dir.resolve("out")), "lock, heartbeat and marker gone, and the folder made for them");
    }

    @Test
    void aTakeoverUnderWayIsRefusedInOneLineNamingItsMarker() throws IOException {
        OutputLock crashed = take("run-a");
        clock.now = clock.now.plus(STALE).plusSeconds(1);
        Path marker = dir.resolve("out").resolve(OutputLock.NAME + ".takeover-run-a");
        Files.writeString(marker, "run-a");            // another run is taking run-a's lock over (or died doing so)
        OutputLock.HeldException e = assertThrows(OutputLock.HeldException.class, () -> take("run-b"));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertTrue(e.getMessage().contains("being taken over") && e.getMessage().contains(marker.toString()),
                e.getMessage());
        assertEquals("run-a", OutputLock.holder(out(), conf).runId(), "left alone");
        Files.delete(marker);
        take("run-b").close();
        assertFalse(crashed.refresh());
    }

    @Test
    void theRealHeartbeatThreadRefreshes() throws Exception {
        try (OutputLock lock = OutputLock.acquire(out(), "run-a", "unit", conf, Clock.systemUTC(), STALE,
                Duration.ofMillis(50))) {
            String first = OutputLock.holder(out(), conf).heartbeatAt();
            long until = System.currentTimeMillis() + 10_000;
            while (OutputLock.holder(out(), conf).heartbeatAt().equals(first) && System.currentTimeMillis() < until) {
                Thread.sleep(20);
            }
            assertFalse(OutputLock.holder(out(), conf).heartbeatAt().equals(first));
        }
        assertNull(OutputLock.holder(out(), conf));
    }
}
