package dev.stratus.s3;

import dev.stratus.platform.RequestContext;
import dev.stratus.platform.state.DocumentStore;
import dev.stratus.storage.Storage;
import java.util.List;
import java.util.Optional;

/**
 * Where S3 keeps its state. Buckets are global (one namespace for every account) and keyed by name; objects by
 * {@code bucket/key}, so a bucket's objects are one range and list in S3's UTF-8 byte order; uploads by
 * {@code bucket/uploadId}; parts by {@code uploadId/nnnnn}. Bodies are files in the {@link BlobStore}.
 */
final class S3State implements AutoCloseable {
    final Storage storage;
    final DocumentStore<BucketRecord> buckets;
    final DocumentStore<ObjectRecord> objects;
    final DocumentStore<UploadRecord> uploads;
    final DocumentStore<PartRecord> parts;
    /** Every version of every key of versioned buckets, keyed {@code bucket/key NUL order} (newest first). */
    final DocumentStore<ObjectRecord> versions;
    /** A bucket's sub-resource configurations (notification, cors, lifecycle) as value trees, keyed {@code bucket/kind}. */
    final DocumentStore<com.fasterxml.jackson.databind.JsonNode> configs;
    /**
     * Configurations as last read (absent ones too): every object write and read asks for its bucket's notification
     * and lifecycle rules, and only this process changes them, through {@link #putConfig} and {@link #deleteConfig}.
     */
    private final java.util.Map<String, Optional<com.fasterxml.jackson.databind.JsonNode>> configCache =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong lastSequence = new java.util.concurrent.atomic.AtomicLong();
    final BlobStore blobs;
    /** Writers of one key take its stripe so an overwrite never deletes a body a concurrent writer just stored. */
    private final Object[] stripes = new Object[64];

    private final java.time.Clock clock;

    S3State(Storage storage, BlobStore blobs, java.time.Clock clock) {
        this.storage = storage;
        this.clock = clock;
        this.blobs = blobs;
        this.buckets = new DocumentStore<>(storage, "s3.buckets", BucketRecord.class);
        this.objects = new DocumentStore<>(storage, "s3.objects", ObjectRecord.class);
        this.uploads = new DocumentStore<>(storage, "s3.uploads", UploadRecord.class);
        this.parts = new DocumentStore<>(storage, "s3.parts", PartRecord.class);
        this.versions = new DocumentStore<>(storage, "s3.versions", ObjectRecord.class);
        this.configs = new DocumentStore<>(storage, "s3.configs", com.fasterxml.jackson.databind.JsonNode.class);
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Object();
        }
    }

    static String objectKey(String bucket, String key) {
        return bucket + "/" + key;
    }

    static String partKey(String uploadId, int partNumber) {
        return uploadId + "/" + String.format("%05d", partNumber);
    }

    Object lockFor(String bucket, String key) {
        return stripes[Math.floorMod(objectKey(bucket, key).hashCode(), stripes.length)];
    }

    /** The bucket, if it exists and the caller's account owns it; NoSuchBucket or AccessDenied otherwise. */
    BucketRecord requireBucket(RequestContext ctx, String name) {
        BucketRecord b = buckets.get(name).orElseThrow(() -> S3Errors.noSuchBucket(name));
        if (!b.owner().equals(ctx.accountId())) {
            throw S3Errors.accessDenied();
        }
        return b;
    }

    Optional<ObjectRecord> object(String bucket, String key) {
        return objects.get(objectKey(bucket, key));
    }

    ObjectRecord requireObject(String bucket, String key) {
        return object(bucket, key).orElseThrow(() -> S3Errors.noSuchKey(key));
    }

    UploadRecord requireUpload(String bucket, String key, String uploadId) {
        UploadRecord u = uploads.get(bucket + "/" + uploadId).orElseThrow(() -> S3Errors.noSuchUpload(uploadId));
        if (!u.key().equals(key)) {
            throw S3Errors.noSuchUpload(uploadId);
        }
        return u;
    }

    /** A bucket's stored configuration of one kind ({@code notification}, {@code cors}, {@code lifecycle}), or null. */
    com.fasterxml.jackson.databind.JsonNode config(String bucket, String kind) {
        return configCache.computeIfAbsent(bucket + "/" + kind, k -> configs.get(k)).orElse(null);
    }

    void putConfig(String bucket, String kind, com.fasterxml.jackson.databind.JsonNode value) {
        configs.put(bucket + "/" + kind, value);
        configCache.remove(bucket + "/" + kind);
    }

    void deleteConfig(String bucket, String kind) {
        configs.delete(bucket + "/" + kind);
        configCache.remove(bucket + "/" + kind);
    }

    static String versionPrefix(String bucket, String key) {
        return objectKey(bucket, key) + "\u0000";
    }

    /**
     * A new version order: newest sorts first; fixed-width lower-case hex sorts as its number does. Microseconds
     * of the clock (plus a counter within one) keep orders unique across restarts.
     */
    String newOrder() {
        long now = clock.millis() * 1000;
        return orderOf(lastSequence.updateAndGet(last -> Math.max(last + 1, now)));
    }

    static String orderOf(long sequence) {
        return String.format("%016x", Long.MAX_VALUE - sequence);
    }

    private String versioning(String bucket) {
        return buckets.get(bucket).map(BucketRecord::versioning).orElse(null);
    }

    /**
     * Commits {@code record} as the object under its key and returns what was stored. In a bucket never versioned
     * the body it replaced is deleted; with versioning enabled the old version stays, suspended versioning
     * replaces only the null version.
     */
    ObjectRecord putObject(ObjectRecord record) {
        String k = objectKey(record.bucket(), record.key());
        synchronized (lockFor(record.bucket(), record.key())) {
            String status = versioning(record.bucket());
            if (status == null) {
                Optional<ObjectRecord> old = objects.get(k);
                objects.put(k, record);
                old.ifPresent(o -> {
                    if (!o.blobId().equals(record.blobId())) {
                        blobs.delete(o.blobId());
                    }
                });
                return record;
            }
            boolean enabled = "Enabled".equals(status);
            if (!enabled) {
                removeVersion(record.bucket(), record.key(), "null");
            }
            String order = newOrder();
            ObjectRecord stored = record.withVersion(new ObjectRecord.Version(enabled ? order : null, order, false));
            storage.batch()
                    .put(versions.keyspace(), DocumentStore.bytes(versionPrefix(record.bucket(), record.key()) + order),
                            versions.encode(stored))
                    .put(objects.keyspace(), DocumentStore.bytes(k), objects.encode(stored))
                    .commit();
            return stored;
        }
    }

    /** What a delete did: whether it created or removed a delete marker, and the version concerned. */
    record DeleteResult(boolean deleteMarker, String versionId) {
    }

    /**
     * Deletes the key (a delete marker in a versioned bucket) or, with {@code versionId}, that one version.
     * Deleting what does not exist succeeds, as in S3.
     */
    DeleteResult deleteObject(String bucket, String key, String versionId, long nowMillis) {
        String k = objectKey(bucket, key);
        synchronized (lockFor(bucket, key)) {
            String status = versioning(bucket);
            if (status == null) {
                if (versionId == null || "null".equals(versionId)) {
                    objects.get(k).ifPresent(old -> {
                        objects.delete(k);
                        blobs.delete(old.blobId());
                    });
                }
                return new DeleteResult(false, versionId);
            }
            if (versionId != null) {
                ObjectRecord removed = removeVersion(bucket, key, versionId);
                return new DeleteResult(removed != null && removed.marksDeletion(), versionId);
            }
            boolean enabled = "Enabled".equals(status);
            if (!enabled) {
                removeVersion(bucket, key, "null");
            }
            String order = newOrder();
            ObjectRecord marker = new ObjectRecord(bucket, key, null, 0, null, nowMillis,
                    new ObjectRecord.Headers(null, null, null, null, null, null), null, null, null, null, null, null,
                    new ObjectRecord.Version(enabled ? order : null, order, true));
            storage.batch()
                    .put(versions.keyspace(), DocumentStore.bytes(versionPrefix(bucket, key) + order),
                            versions.encode(marker))
                    .delete(objects.keyspace(), DocumentStore.bytes(k))
                    .commit();
            return new DeleteResult(true, marker.versionId());
        }
    }

    /** Rewrites the current object's metadata (tags) in place, in its version entry too. */
    void updateCurrent(ObjectRecord record) {
        var batch = storage.batch().put(objects.keyspace(),
                DocumentStore.bytes(objectKey(record.bucket(), record.key())), objects.encode(record));
        if (record.version() != null) {
            batch.put(versions.keyspace(),
                    DocumentStore.bytes(versionPrefix(record.bucket(), record.key()) + record.version().order()),
                    versions.encode(record));
        }
        batch.commit();
    }

    /** The version of a key with this id ("null" included), or null. */
    ObjectRecord findVersion(String bucket, String key, String versionId) {
        if (versioning(bucket) == null) {
            return "null".equals(versionId) ? object(bucket, key).orElse(null) : null;
        }
        for (ObjectRecord v : versions.list(versionPrefix(bucket, key))) {
            if (v.versionId().equals(versionId)) {
                return v;
            }
        }
        return null;
    }

    /** Removes one version (and its body), then makes the newest remaining one current; returns what it removed. */
    private ObjectRecord removeVersion(String bucket, String key, String versionId) {
        ObjectRecord target = findVersion(bucket, key, versionId);
        if (target == null) {
            return null;
        }
        versions.delete(versionPrefix(bucket, key) + target.version().order());
        if (target.blobId() != null) {
            blobs.delete(target.blobId());
        }
        List<ObjectRecord> rest = versions.list(versionPrefix(bucket, key));
        if (rest.isEmpty() || rest.get(0).marksDeletion()) {
            objects.delete(objectKey(bucket, key));
        } else {
            objects.put(objectKey(bucket, key), rest.get(0));
        }
        return target;
    }

    /** Turns versioning on or off; the first time, every existing object becomes its key's null version. */
    void setVersioning(BucketRecord bucket, String status) {
        synchronized (buckets) {
            if (bucket.versioning() == null) {
                for (ObjectRecord o : objects.list(bucket.name() + "/")) {
                    synchronized (lockFor(o.bucket(), o.key())) {
                        // Older than any order newOrder() hands out from now on.
                        String order = orderOf(Math.min(o.lastModifiedMillis(), clock.millis()) * 1000 - 1);
                        ObjectRecord v = o.withVersion(new ObjectRecord.Version(null, order, false));
                        storage.batch()
                                .put(versions.keyspace(), DocumentStore.bytes(versionPrefix(o.bucket(), o.key()) + order),
                                        versions.encode(v))
                                .put(objects.keyspace(), DocumentStore.bytes(objectKey(o.bucket(), o.key())),
                                        objects.encode(v))
                                .commit();
                    }
                }
            }
            buckets.put(bucket.name(), bucket.withVersioning(status));
        }
    }

    @Override
    public void close() {
        blobs.close();
    }
}
