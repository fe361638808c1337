package dev.stratus.s3;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.platform.HttpFrontDoor;
import dev.stratus.platform.Operation;
import dev.stratus.platform.Platform;
import dev.stratus.platform.Service;
import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.HttpResponse;
import dev.stratus.protocol.model.OperationModel;
import dev.stratus.protocol.model.ServiceModel;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Amazon S3: buckets and objects, with bodies as files under the data directory. */
public final class S3Service implements Service {
    /** Operations whose body streams to disk instead of being buffered (their Body is a streaming blob). */
    private static final Set<String> STREAMED_UPLOADS = Set.of("PutObject", "UploadPart");

    private final ServiceModel model = ServiceModel.load("s3");
    private final S3State state;
    private final EventNotifier notifier;
    private final BrowserCors browserCors;
    private final LifecycleSweeper lifecycle;
    private final OrphanSweeper orphans;
    private final Duration lifecyclePeriod;
    private final Map<String, Operation> operations = new LinkedHashMap<>();

    public S3Service(Platform platform) {
        this(platform, LifecycleSweeper.configuredPeriod());
    }

    /** S3 whose lifecycle sweeper runs every {@code lifecyclePeriod} (tests move the clock and call {@link #sweepLifecycle()}). */
    public S3Service(Platform platform, Duration lifecyclePeriod) {
        this.lifecyclePeriod = lifecyclePeriod;
        this.state = new S3State(platform.storage(),
                BlobStore.open(platform.config().dataDir(), platform.config().inMemory(),
                        platform.config().syncWrites(), platform.storage().keyspace("s3.bodies")), platform.clock());
        this.notifier = new EventNotifier(state, platform.registry(), platform.clock());
        this.orphans = new OrphanSweeper(state, platform.clock());
        BucketOperations buckets = new BucketOperations(state, platform.clock());
        ObjectOperations objects = new ObjectOperations(state, platform.clock(), notifier);
        CopyOperations copies = new CopyOperations(state, objects);
        MultipartOperations multipart = new MultipartOperations(state, objects);
        ListOperations lists = new ListOperations(state);

        BucketSettingOperations settings = new BucketSettingOperations(state);
        operations.put("CreateBucket", (ctx, in) -> {
            JsonNode out = buckets.createBucket(ctx, in);
            settings.created(in.path("Bucket").asText(), in);
            return out;
        });
        operations.put("HeadBucket", buckets::headBucket);
        operations.put("ListBuckets", buckets::listBuckets);
        operations.put("DeleteBucket", (ctx, in) -> {
            JsonNode out = buckets.deleteBucket(ctx, in);
            settings.deleted(in.path("Bucket").asText());
            return out;
        });
        settings.register(operations);
        operations.put("GetBucketLocation", buckets::getBucketLocation);
        operations.put("PutBucketTagging", buckets::putBucketTagging);
        operations.put("GetBucketTagging", buckets::getBucketTagging);
        operations.put("DeleteBucketTagging", buckets::deleteBucketTagging);
        operations.put("GetBucketVersioning", buckets::getBucketVersioning);
        operations.put("PutBucketVersioning", buckets::putBucketVersioning);
        NotificationOperations notifications = new NotificationOperations(state, notifier);
        operations.put("PutBucketNotificationConfiguration", notifications::putBucketNotificationConfiguration);
        operations.put("GetBucketNotificationConfiguration", notifications::getBucketNotificationConfiguration);
        CorsOperations cors = new CorsOperations(state);
        operations.put("PutBucketCors", cors::putBucketCors);
        operations.put("GetBucketCors", cors::getBucketCors);
        operations.put("DeleteBucketCors", cors::deleteBucketCors);
        this.browserCors = new BrowserCors(state, model);
        LifecycleOperations lifecycleOps = new LifecycleOperations(state);
        operations.put("PutBucketLifecycleConfiguration", lifecycleOps::putBucketLifecycleConfiguration);
        operations.put("GetBucketLifecycleConfiguration", lifecycleOps::getBucketLifecycleConfiguration);
        operations.put("DeleteBucketLifecycle", lifecycleOps::deleteBucketLifecycle);
        this.lifecycle = new LifecycleSweeper(state, notifier, platform.clock());
        operations.put("ListObjectVersions", new VersionListing(state)::listObjectVersions);

        operations.put("PutObject", objects::putObject);
        operations.put("GetObject", objects::getObject);
        operations.put("HeadObject", objects::headObject);
        operations.put("DeleteObject", objects::deleteObject);
        operations.put("DeleteObjects", objects::deleteObjects);
        operations.put("GetObjectAttributes", objects::getObjectAttributes);
        operations.put("PutObjectTagging", objects::putObjectTagging);
        operations.put("GetObjectTagging", objects::getObjectTagging);
        operations.put("DeleteObjectTagging", objects::deleteObjectTagging);
        operations.put("CopyObject", copies::copyObject);

        operations.put("ListObjects", lists::listObjects);
        operations.put("ListObjectsV2", lists::listObjectsV2);

        operations.put("CreateMultipartUpload", multipart::createMultipartUpload);
        operations.put("UploadPart", multipart::uploadPart);
        operations.put("UploadPartCopy", multipart::uploadPartCopy);
        operations.put("CompleteMultipartUpload", multipart::completeMultipartUpload);
        operations.put("AbortMultipartUpload", multipart::abortMultipartUpload);
        operations.put("ListMultipartUploads", multipart::listMultipartUploads);
        operations.put("ListParts", multipart::listParts);
        if (platform.config().auth() == dev.stratus.platform.StratusConfig.AuthMode.STRICT) {
            // strict mode authorizes every call by the caller's identity policies and the bucket policy
            BucketAccess access = new BucketAccess(state, platform.credentials(), platform.clock());
            operations.replaceAll(access::guard);
        }
    }

    @Override
    public String name() {
        return "s3";
    }

    @Override
    public ServiceModel model() {
        return model;
    }

    @Override
    public Map<String, Operation> operations() {
        return operations;
    }

    @Override
    public String validationErrorCode() {
        return "InvalidArgument";
    }

    @Override
    public dev.stratus.protocol.AwsException requestTooLarge(long limit) {
        // S3's answer to an XML body (DeleteObjects, CompleteMultipartUpload, ...) it will not read.
        return new dev.stratus.protocol.AwsException("MaxMessageLengthExceeded", "Your request was too big.", 400)
                .with("MaxMessageLengthBytes", Long.toString(limit));
    }

    @Override
    public boolean streamsRequestBody(OperationModel operation) {
        return STREAMED_UPLOADS.contains(operation.name());
    }

    @Override
    public void start() {
        lifecycle.start(lifecyclePeriod);
        orphans.start(OrphanSweeper.configuredPeriod());
    }

    @Override
    public void edgeStarted(String endpoint) {
        // every service is registered and started by now, so a pending event's destination can be called
        notifier.redeliverPending();
    }

    /** One lifecycle pass now (the background sweeper runs the same); returns how many objects, versions and uploads went. */
    public int sweepLifecycle() {
        return lifecycle.sweep();
    }

    @Override
    public HttpFrontDoor frontDoor() {
        return browserCors;
    }

    @Override
    public HttpResponse finishResponse(HttpRequest request, HttpResponse response) {
        return browserCors.finish(request, response);
    }

    @Override
    public void close() {
        lifecycle.close();
        orphans.close();
        notifier.close();
        state.close();
    }
}
