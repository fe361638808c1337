package dev.stratus.s3;

import dev.stratus.platform.PeriodicJob;
import dev.stratus.platform.state.DocumentStore;
import dev.stratus.storage.Cursor;
import dev.stratus.storage.Snapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Removes bodies that no object, version or part references. A body is stored before the record naming it is
 * committed and an old body is removed after the record that replaced it, so a crash in between (or a failed
 * commit) leaves one behind. A body is removed when it is unreferenced and either comes from an earlier run of the
 * server (no write of this run can be about to commit it) or was already unreferenced at a sweep at least
 * {@link #GRACE} earlier (a write commits its body within milliseconds, never within an hour).
 */
final class OrphanSweeper implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(OrphanSweeper.class.getName());
    /** How long a body of this run may stay unreferenced before it counts as an orphan. */
    static final Duration GRACE = Duration.ofMinutes(10);
    /** System property for the time between sweeps (ISO-8601, e.g. PT30M); the first runs at start-up. */
    static final String PERIOD_PROPERTY = "stratus.s3.orphan-sweep-interval";
    private static final Duration DEFAULT_PERIOD = Duration.ofHours(1);
    private final S3State state;
    private final Clock clock;
    private Set<String> unreferencedBefore = Set.of();
    private Instant previousSweep;
    private PeriodicJob job;

    OrphanSweeper(S3State state, Clock clock) {
        this.state = state;
        this.clock = clock;
    }

    static Duration configuredPeriod() {
        return PeriodicJob.configuredPeriod(PERIOD_PROPERTY, DEFAULT_PERIOD);
    }

    /** Sweeps now in the background, then every {@code period}. */
    synchronized void start(Duration period) {
        if (job == null) {
            job = PeriodicJob.start("stratus-s3-orphans", Duration.ZERO, period, this::sweepAndReport);
        }
    }

    private void sweepAndReport() {
        int removed = sweep();
        if (removed > 0) {
            LOG.info("removed " + removed + " unreferenced S3 object bodies");
        }
    }

    /** One sweep; returns how many bodies were removed. */
    synchronized int sweep() {
        Instant now = clock.instant();
        boolean graceOver = previousSweep != null && !now.isBefore(previousSweep.plus(GRACE));
        // The references are read after the bodies are listed: a body stored and committed in between is then
        // referenced, never mistaken for an orphan.
        var bodies = state.blobs.bodies();
        Set<String> referenced = referenced();
        Set<String> unreferenced = new HashSet<>();
        int removed = 0;
        for (BlobStore.Body body : bodies) {
            if (referenced.contains(body.id())) {
                continue;
            }
            if (body.earlierRun() || graceOver && unreferencedBefore.contains(body.id())) {
                state.blobs.delete(body.id());
                removed++;
            } else {
                unreferenced.add(body.id());
            }
        }
        if (previousSweep == null || graceOver) {
            // Sightings count from a sweep at least GRACE old, so a body must stay unreferenced that long.
            unreferencedBefore = unreferenced;
            previousSweep = now;
        }
        return removed;
    }

    /** Every body id a record names, read from one snapshot so a record moving between keyspaces is seen once. */
    private Set<String> referenced() {
        Set<String> ids = new HashSet<>();
        try (Snapshot snap = state.storage.snapshot()) {
            collect(snap, state.objects, ObjectRecord::blobId, ids);
            collect(snap, state.versions, ObjectRecord::blobId, ids);
            collect(snap, state.parts, PartRecord::blobId, ids);
        }
        return ids;
    }

    private static <T> void collect(Snapshot snap, DocumentStore<T> store, Function<T, String> blobId,
                                    Set<String> into) {
        String name = store.keyspace().name();
        try (Cursor c = snap.keyspace(name).scanPrefix(new byte[0])) {
            c.forEachRemaining(e -> {
                String id = blobId.apply(store.decode(e.value()));
                if (id != null) {
                    into.add(id);
                }
            });
        }
    }

    @Override
    public synchronized void close() {
        if (job != null) {
            job.close();
            job = null;
        }
    }
}
