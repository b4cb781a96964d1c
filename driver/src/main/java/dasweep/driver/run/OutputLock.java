package dasweep.driver.run;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run at a time per output store: {@code <out>/_lock}, a small JSON file naming the holder (run id, sweep, host,
 * pid) with a heartbeat and an expiry time. Every {@link #REFRESH} (30 s) the holder writes a new heartbeat and an
 * expiry {@link #STALE} (2 min) ahead into its heartbeat file ({@code _lock.beat-<run id>}); a lock past its expiry
 * belongs to a run that crashed and is taken over, and so is a lock whose holder ran on this host under a pid that no
 * longer exists (a killed driver, resumed at once).
 *
 * <p>The lock appears whole or not at all, and only when there is none: local files link a temporary file into
 * place, HDFS renames it (both fail when {@code _lock} exists), object stores (s3a) PUT it with
 * {@code If-None-Match: *}; a store that cannot create a file only when it is absent is refused before anything
 * else, so two runs starting at the same instant never both proceed. The heartbeat never rewrites {@code _lock}, and
 * a dead holder's lock is deleted by one run only, the one that first creates its takeover marker; so runs taking
 * over the same dead lock at the same instant never both proceed either ({@link LockFile}).
 * Expiry compares the holder's clock with the reader's: clocks must agree to well within {@link #STALE}.
 */
public final class OutputLock implements AutoCloseable {
    public static final Duration REFRESH = Duration.ofSeconds(30);
    public static final Duration STALE = Duration.ofMinutes(2);
    public static final String NAME = "_lock";
    private static final Logger LOG = LoggerFactory.getLogger(OutputLock.class);

    /** What {@code _lock} says: who holds the store, since when, until when. Times are ISO-8601 instants. */
    public record Holder(String runId, String sweep, String host, long pid, String acquiredAt, String heartbeatAt,
                         String expiresAt) {
        boolean expired(Instant now) {
            try {
                return now.isAfter(Instant.parse(expiresAt));
            } catch (RuntimeException e) {
                return true;
            }
        }

        /** On this host under a pid that is gone: the holder crashed (no need to wait for the expiry). */
        boolean deadHere(String thisHost) {
            return thisHost.equals(host) && pid > 0 && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        }

        String describe() {
            return "run " + runId + " (sweep " + sweep + ", host " + host + ", pid " + pid + ", last heartbeat "
                    + heartbeatAt + ")";
        }
    }

    /** The store is held by another run that is alive. One line; {@link #toString()} is the message alone. */
    public static final class HeldException extends IOException {
        private final transient Holder holder;

        HeldException(String message, Holder holder) {
            super(message);
            this.holder = holder;
        }

        public Holder holder() {
            return holder;
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }

    private final LockFile file;
    private final Clock clock;
    private final Duration stale;
    private final Holder first;
    private final ScheduledExecutorService heartbeat;
    /** The output folder was made for this lock: a run that writes nothing else leaves no folder behind. */
    private boolean newOutput;
    private volatile boolean lost;

    private OutputLock(LockFile file, Clock clock, Duration stale, Holder first, Duration refresh) {
        this.file = file;
        this.clock = clock;
        this.stale = stale;
        this.first = first;
        if (refresh == null) {
            this.heartbeat = null;
        } else {
            this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "dasweep-output-lock");
                t.setDaemon(true);
                return t;
            });
            long ms = refresh.toMillis();
            heartbeat.scheduleWithFixedDelay(this::beat, ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    /** Takes {@code <outUri>/_lock} for run {@code runId}, refreshed every 30 s until {@link #close()}. */
    public static OutputLock acquire(String outUri, String runId, String sweep, Configuration conf)
            throws IOException {
        return acquire(outUri, runId, sweep, conf, Clock.systemUTC(), STALE, REFRESH);
    }

    /**
     * As {@link #acquire(String, String, String, Configuration)} with the clock, staleness and refresh period
     * given ({@code refresh} null: no heartbeat thread; tests call {@link #refresh()} themselves).
     *
     * @throws HeldException when a live run holds the store
     */
    public static OutputLock acquire(String outUri, String runId, String sweep, Configuration conf, Clock clock,
                                     Duration stale, Duration refresh) throws IOException {
        Path lock = new Path(outUri, NAME);
        FileSystem fs = lock.getFileSystem(conf);
        LockFile file = new LockFile(fs, lock);
        boolean newOutput = !fs.exists(lock.getParent());
        fs.mkdirs(lock.getParent());
        try {
            file.checkExclusive();
        } catch (IOException e) {
            if (newOutput) {
                fs.delete(lock.getParent(), false);
            }
            throw new HeldException(e.getMessage(), null);
        }
        Instant now = clock.instant();
        Holder me = new Holder(runId, sweep, host(), ProcessHandle.current().pid(), now.toString(), now.toString(),
                now.plus(stale).toString());
        for (int attempt = 0; attempt < 2; attempt++) {
            if (file.createExclusive(me)) {
                LOG.info("output lock {} taken by run {}", lock, runId);
                OutputLock taken = new OutputLock(file, clock, stale, me, refresh);
                taken.newOutput = newOutput;
                return taken;
            }
            Holder other = file.read();
            if (other == null) {
                long modified = file.modified();
                boolean old = modified < 0 || clock.instant().isAfter(Instant.ofEpochMilli(modified).plus(stale));
                if (attempt == 0 && old) {
                    if (modified >= 0 && !file.deleteUnreadable(modified)) {
                        throw takingOver(outUri, file, "unreadable-" + modified);
                    }
                    continue;
                }
                throw new HeldException("output " + outUri + " is locked (" + lock + " is being written or is "
                        + "unreadable); if no run is using it, delete that file", null);
            }
            boolean expired = other.expired(clock.instant());
            if (attempt == 0 && (expired || other.deadHere(me.host()))) {
                LOG.warn("output lock {}: taking over from {}, which {}", lock, other.describe(),
                        expired ? "stopped its heartbeat (expired " + other.expiresAt() + ")"
                                : "is no longer running on this host");
                if (!file.deleteIfStill(other.runId())) {     // another run is taking it over at this instant
                    throw takingOver(outUri, file, other.runId());
                }
                continue;
            }
            throw new HeldException("output " + outUri + " is in use by " + other.describe() + "; wait for it to "
                    + "finish, or, if it crashed, until its lock expires at " + other.expiresAt() + " (locks are "
                    + "refreshed every " + REFRESH.toSeconds() + " s and stale after " + stale.toSeconds() + " s)",
                    other);
        }
        throw new HeldException("output " + outUri + " is locked by another run that started at the same time", null);
    }

    private static HeldException takingOver(String outUri, LockFile file, String generation) {
        return new HeldException("output " + outUri + " is being taken over by another run from the dead run "
                + generation + "; if no run is using the output, delete " + file.marker(generation), null);
    }

    /** The holder recorded in {@code <outUri>/_lock}, or null when there is none (or it is unreadable). */
    public static Holder holder(String outUri, Configuration conf) throws IOException {
        Path lock = new Path(outUri, NAME);
        return new LockFile(lock.getFileSystem(conf), lock).read();
    }

    /** This run's record as first written. */
    public Holder holder() {
        return first;
    }

    /**
     * Writes a new heartbeat and expiry (into the heartbeat file: {@link LockFile}); false (and the lock is lost) when
     * another run has the lock.
     */
    public synchronized boolean refresh() throws IOException {
        if (lost) {
            return false;
        }
        Holder now = file.read();
        if (now == null || !now.runId().equals(first.runId())) {
            lost = true;
            LOG.error("output lock {} is no longer held by run {} (now: {}); another run may write to this output",
                    file.path(), first.runId(), now == null ? "none" : now.describe());
            return false;
        }
        Instant t = clock.instant();
        file.writeBeat(new Holder(first.runId(), first.sweep(), first.host(), first.pid(), first.acquiredAt(),
                t.toString(), t.plus(stale).toString()));
        return true;
    }

    private void beat() {
        try {
            refresh();
        } catch (IOException | RuntimeException e) {
            LOG.warn("output lock {}: heartbeat failed: {}", file.path(), e.toString());
        }
    }

    /** Stops the heartbeat and deletes the lock if it is still this run's (and no run is taking it over). */
    @Override
    public synchronized void close() throws IOException {
        if (heartbeat != null) {
            heartbeat.shutdownNow();
        }
        lost = true;
        Holder now = file.read();
        if (now == null || !now.runId().equals(first.runId())) {     // taken over: only the heartbeat file is ours
            file.fs().delete(file.beat(first.runId()), false);
            return;
        }
        if (!file.deleteIfStill(first.runId())) {
            LOG.warn("output lock {}: another run is taking it over from run {}", file.path(), first.runId());
            return;
        }
        LOG.info("output lock {} released by run {}", file.path(), first.runId());
        Path out = file.path().getParent();
        try {
            if (newOutput && file.fs().listStatus(out).length == 0) {
                file.fs().delete(out, false);
            }
        } catch (IOException e) {       // another run's files appeared meanwhile (an object store lists late)
            LOG.debug("output {} left in place: {}", out, e.toString());
        }
    }

    /** {@link #close()}s {@code lock} when there is one, logging (not throwing) a failure. */
    public static void release(OutputLock lock) {
        if (lock == null) {
            return;
        }
        try {
            lock.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("output lock {}: cannot release: {}", lock.file.path(), e.toString());
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
