package dev.stratus.s3;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.codec.RestXmlCodec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The JSON documents S3 sends to notification destinations: event records and the s3:TestEvent. */
final class S3EventDocument {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** S3 writes event times with milliseconds, always three digits. */
    private static final DateTimeFormatter EVENT_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private S3EventDocument() {
    }

    /**
     * What happened to one object, as the event record needs it.
     *
     * @param eventName without the {@code s3:} prefix, e.g. {@code ObjectCreated:Put}
     * @param size null for removals, which carry no size or ETag
     * @param etag unquoted, or null
     * @param versionId null in a bucket never versioned
     */
    record ObjectEvent(String eventName, String bucket, String bucketOwner, String region, String key, Long size,
                       String etag, String versionId, String principalId, String requestId, Instant time,
                       String sequencer) {
    }

    /** The {@code {"Records":[...]}} document for one event and one destination's configuration id. */
    static ObjectNode records(ObjectEvent e, String configurationId) {
        ObjectNode doc = F.objectNode();
        ObjectNode r = doc.putArray("Records").addObject();
        r.put("eventVersion", "2.1")
                .put("eventSource", "aws:s3")
                .put("awsRegion", e.region())
                .put("eventTime", EVENT_TIME.format(e.time()))
                .put("eventName", e.eventName());
        r.putObject("userIdentity").put("principalId", e.principalId());
        r.putObject("requestParameters").put("sourceIPAddress", "127.0.0.1");
        r.putObject("responseElements").put("x-amz-request-id", e.requestId())
                .put("x-amz-id-2", RestXmlCodec.hostId(e.requestId()));
        ObjectNode s3 = r.putObject("s3");
        s3.put("s3SchemaVersion", "1.0").put("configurationId", configurationId);
        ObjectNode bucket = s3.putObject("bucket").put("name", e.bucket());
        bucket.putObject("ownerIdentity").put("principalId", BucketOperations.canonicalId(e.bucketOwner()));
        bucket.put("arn", "arn:aws:s3:::" + e.bucket());
        ObjectNode object = s3.putObject("object").put("key", encodeKey(e.key()));
        if (e.size() != null) {
            object.put("size", e.size());
        }
        if (e.etag() != null) {
            object.put("eTag", e.etag());
        }
        if (e.versionId() != null) {
            object.put("versionId", e.versionId());
        }
        object.put("sequencer", e.sequencer());
        return doc;
    }

    /**
     * Keys in event records are URL-encoded the way S3 does it: form encoding (a space is {@code +}), with
     * slashes left as they are.
     */
    static String encodeKey(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    /** The message S3 sends to a queue or topic when a configuration naming it is put. */
    static ObjectNode testEvent(String bucket, String requestId, Instant time) {
        return F.objectNode().put("Service", "Amazon S3").put("Event", "s3:TestEvent")
                .put("Time", EVENT_TIME.format(time)).put("Bucket", bucket).put("RequestId", requestId)
                .put("HostId", RestXmlCodec.hostId(requestId));
    }
}
