package dev.stratus.s3;

import dev.stratus.platform.RequestContext;
import dev.stratus.platform.state.DocumentStore;
import dev.stratus.storage.Storage;
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
    final BlobStore blobs;
    /** Writers of one key take its stripe so an overwrite never deletes a body a concurrent writer just stored. */
    private final Object[] stripes = new Object[64];

    S3State(Storage storage, BlobStore blobs) {
        this.storage = storage;
        this.blobs = blobs;
        this.buckets = new DocumentStore<>(storage, "s3.buckets", BucketRecord.class);
        this.objects = new DocumentStore<>(storage, "s3.objects", ObjectRecord.class);
        this.uploads = new DocumentStore<>(storage, "s3.uploads", UploadRecord.class);
        this.parts = new DocumentStore<>(storage, "s3.parts", PartRecord.class);
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

    /** Commits {@code record} as the object under its key and deletes the body it replaced. */
    void putObject(ObjectRecord record) {
        String k = objectKey(record.bucket(), record.key());
        synchronized (lockFor(record.bucket(), record.key())) {
            Optional<ObjectRecord> old = objects.get(k);
            objects.put(k, record);
            old.ifPresent(o -> {
                if (!o.blobId().equals(record.blobId())) {
                    blobs.delete(o.blobId());
                }
            });
        }
    }

    /** Deletes the object and its body; true when there was one. */
    boolean deleteObject(String bucket, String key) {
        String k = objectKey(bucket, key);
        synchronized (lockFor(bucket, key)) {
            Optional<ObjectRecord> old = objects.get(k);
            if (old.isEmpty()) {
                return false;
            }
            objects.delete(k);
            blobs.delete(old.get().blobId());
            return true;
        }
    }

    /** The object's body; a concurrent overwrite may delete the file after we read the record, so retry once. */
    ObjectWithBody readWhole(String bucket, String key) {
        for (int attempt = 0; attempt < 3; attempt++) {
            ObjectRecord r = requireObject(bucket, key);
            byte[] body = blobs.read(r.blobId());
            if (body != null) {
                return new ObjectWithBody(r, body);
            }
        }
        throw S3Errors.noSuchKey(key);
    }

    /** An object's metadata and bytes read together. */
    record ObjectWithBody(ObjectRecord record, byte[] body) {
    }

    @Override
    public void close() {
        blobs.close();
    }
}
