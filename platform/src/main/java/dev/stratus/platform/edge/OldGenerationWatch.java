package dev.stratus.platform.edge;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;

/**
 * Keeps the old generation from growing with concurrent uploads. The HTTP server (Helidon's {@code DataReader})
 * leaves each consumed socket buffer linked to the next one, so once one buffer of a connection is promoted (its
 * connection idle between two parts, or stalled across young collections) it keeps every later buffer of that
 * connection alive through each young collection, and they are promoted too, until a full collection. The Serial
 * collector grows the old generation (up to a quarter of the RAM) before it collects it: eight 64 MiB parts in
 * flight took the server from 145 MiB to 1.2 GiB resident. So whenever the old generation passes twice what was live
 * after the last full collection (and at least {@link #FLOOR_BYTES}), this asks for one: the dead buffers go and the
 * heap shrinks back.
 */
final class OldGenerationWatch implements AutoCloseable {
    /** The old generation may reach this before the watch collects it. */
    static final long FLOOR_BYTES = 128L << 20;
    private final MemoryPoolMXBean pool;
    private final NotificationListener listener = this::onThreshold;

    private OldGenerationWatch(MemoryPoolMXBean pool) {
        this.pool = pool;
    }

    /** Watches the heap's old generation; null when the collector has none with a usage threshold. */
    static OldGenerationWatch start() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            String name = p.getName();
            if (p.getType() == MemoryType.HEAP && p.isUsageThresholdSupported()
                    && (name.contains("Old") || name.contains("Tenured"))) {
                OldGenerationWatch watch = new OldGenerationWatch(p);
                ((NotificationEmitter) ManagementFactory.getMemoryMXBean()).addNotificationListener(watch.listener,
                        null, null);
                watch.rearm();
                return watch;
            }
        }
        return null;
    }

    /** The usage that triggers a collection: twice what is in use now, at least {@link #FLOOR_BYTES}. */
    static long threshold(long usedBytes) {
        return Math.max(FLOOR_BYTES, 2 * usedBytes);
    }

    long armedAt() {
        return pool.getUsageThreshold();
    }

    private void onThreshold(Notification n, Object handback) {
        if (!MemoryNotificationInfo.MEMORY_THRESHOLD_EXCEEDED.equals(n.getType())) {
            return;
        }
        MemoryNotificationInfo info = MemoryNotificationInfo.from(
                (javax.management.openmbean.CompositeData) n.getUserData());
        if (!info.getPoolName().equals(pool.getName())) {
            return;
        }
        System.gc();
        rearm();
    }

    private void rearm() {
        MemoryUsage usage = pool.getUsage();
        long threshold = threshold(usage.getUsed());
        // A live set over half the generation's maximum: watch for the maximum itself (a larger threshold is refused).
        pool.setUsageThreshold(usage.getMax() > 0 ? Math.min(threshold, usage.getMax()) : threshold);
    }

    @Override
    public void close() {
        try {
            ((NotificationEmitter) ManagementFactory.getMemoryMXBean()).removeNotificationListener(listener);
        } catch (ListenerNotFoundException e) {
            // already gone
        }
    }
}
