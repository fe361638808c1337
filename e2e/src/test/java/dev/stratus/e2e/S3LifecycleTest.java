package dev.stratus.e2e;

import static dev.stratus.e2e.AwsErrors.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.platform.testing.MutableClock;
import dev.stratus.s3.S3Service;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Lifecycle rules: configuration, the x-amz-expiration header, and expiry by the sweeper as the clock moves. */
class S3LifecycleTest {
    static final MutableClock clock = new MutableClock(Instant.parse("2026-03-10T10:30:00Z"));
    static final StratusServer stratus = StratusServer.start(clock);
    static final S3Client s3 = stratus.client(S3Client.builder().forcePathStyle(true));
    static final SqsClient sqs = stratus.client(SqsClient.builder());
    static final ObjectMapper MAPPER = new ObjectMapper();

    @AfterAll
    static void stop() {
        stratus.close();
    }

    static String bucket() {
        String name = "life-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(b -> b.bucket(name));
        return name;
    }

    /** One sweeper pass; other tests' buckets share the clock, so tests check their own bucket, not the count. */
    static int sweep() {
        return ((S3Service) stratus.app().registry().service("s3")).sweepLifecycle();
    }

    static LifecycleRule expireAfter(String id, String prefix, int days) {
        return LifecycleRule.builder().id(id).status(ExpirationStatus.ENABLED).filter(f -> f.prefix(prefix))
                .expiration(e -> e.days(days)).build();
    }

    @Test
    void theConfigurationReadsBackAndCanBeDeleted() {
        String bucket = bucket();
        assertAwsError(() -> s3.getBucketLifecycleConfiguration(b -> b.bucket(bucket)), S3Exception.class, 404,
                "NoSuchLifecycleConfiguration", "The lifecycle configuration does not exist");
        s3.putBucketLifecycleConfiguration(b -> b.bucket(bucket).lifecycleConfiguration(c -> c.rules(
                expireAfter("logs", "logs/", 7),
                LifecycleRule.builder().id("uploads").status(ExpirationStatus.DISABLED).filter(f -> f.prefix(""))
                        .abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(3))
                        .transitions(t -> t.days(30).storageClass("GLACIER")).build(),
                LifecycleRule.builder().id("dated").status(ExpirationStatus.ENABLED)
                        .filter(f -> f.and(a -> a.prefix("tmp/").tags(t -> t.key("tier").value("scratch"))))
                        .expiration(e -> e.date(Instant.parse("2027-01-01T00:00:00Z"))).build())));
        List<LifecycleRule> rules = s3.getBucketLifecycleConfiguration(b -> b.bucket(bucket)).rules();
        assertThat(rules).hasSize(3);
        assertThat(rules.get(2).expiration().date()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(rules.get(2).filter().and().tags().get(0).value()).isEqualTo("scratch");
        assertThat(rules.get(0).id()).isEqualTo("logs");
        assertThat(rules.get(0).filter().prefix()).isEqualTo("logs/");
        assertThat(rules.get(0).expiration().days()).isEqualTo(7);
        assertThat(rules.get(1).status()).isEqualTo(ExpirationStatus.DISABLED);
        assertThat(rules.get(1).abortIncompleteMultipartUpload().daysAfterInitiation()).isEqualTo(3);
        assertThat(rules.get(1).transitions().get(0).days()).isEqualTo(30);

        s3.deleteBucketLifecycle(b -> b.bucket(bucket));
        assertAwsError(() -> s3.getBucketLifecycleConfiguration(b -> b.bucket(bucket)), S3Exception.class, 404,
                "NoSuchLifecycleConfiguration", null);
    }

    @Test
    void invalidRulesAreRefused() {
        String bucket = bucket();
        assertAwsError(() -> s3.putBucketLifecycleConfiguration(b -> b.bucket(bucket).lifecycleConfiguration(c -> c
                        .rules(expireAfter("zero", "", 0)))), S3Exception.class, 400, "InvalidArgument",
                "'Days' for Expiration action must be a positive integer");
        assertAwsError(() -> s3.putBucketLifecycleConfiguration(b -> b.bucket(bucket).lifecycleConfiguration(c -> c
                        .rules(expireAfter("same", "a/", 1), expireAfter("same", "b/", 1)))), S3Exception.class, 400,
                "InvalidArgument", "Rule ID must be unique. Found same ID for more than one rule");
        assertAwsError(() -> s3.putBucketLifecycleConfiguration(b -> b.bucket(bucket).lifecycleConfiguration(c -> c
                        .rules(r -> r.id("noon").status(ExpirationStatus.ENABLED).filter(f -> f.prefix(""))
                                .expiration(e -> e.date(Instant.parse("2027-01-01T12:00:00Z")))))),
                S3Exception.class, 400, "InvalidArgument", "'Date' must be at midnight GMT");
        assertAwsError(() -> s3.putBucketLifecycleConfiguration(b -> b.bucket(bucket).lifecycleConfiguration(c -> c
                        .rules(r -> r.id("nothing").status(ExpirationStatus.ENABLED).filter(f -> f.prefix("x/"))))),
                S3Exception.class, 400, "InvalidRequest", "At least one action needs to be specified in a rule");
    }

    @Test
    void objectsARuleWillExpireCarryTheExpirationHeaderAndGoWhenDue() throws Exception {
        String bucket = bucket();
        String url = sqs.createQueue(b -> b.queueName("life-" + UUID.randomUUID().toString().substring(0, 8))).queueUrl();
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        s3.putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(n -> n
                .queueConfigurations(q -> q.queueArn(arn).events(Event.S3_LIFECYCLE_EXPIRATION))));
        s3.putBucketLifecycleConfiguration(b -> b.bucket(bucket).lifecycleConfiguration(c -> c.rules(
                expireAfter("expire logs", "logs/", 2))));

        Instant written = clock.instant();
        String put = s3.putObject(b -> b.bucket(bucket).key("logs/a.log"), RequestBody.fromString("a")).expiration();
        s3.putObject(b -> b.bucket(bucket).key("keep/b.txt"), RequestBody.fromString("b"));
        // Two days after 10:30 rounds up to the following midnight UTC.
        String due = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC)
                .format(written.plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.DAYS));
        String expected = "expiry-date=\"" + due + "\", rule-id=\"expire%20logs\"";
        assertThat(put).isEqualTo(expected);
        assertThat(s3.headObject(b -> b.bucket(bucket).key("logs/a.log")).expiration()).isEqualTo(expected);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("logs/a.log")).response().expiration())
                .isEqualTo(expected);
        assertThat(s3.headObject(b -> b.bucket(bucket).key("keep/b.txt")).expiration()).isNull();

        clock.advance(Duration.ofDays(1));
        sweep();
        assertThat(s3.headObject(b -> b.bucket(bucket).key("logs/a.log")).eTag()).isNotEmpty();

        clock.advance(Duration.ofDays(2));
        sweep();
        assertAwsError(() -> s3.headObject(b -> b.bucket(bucket).key("logs/a.log")), NoSuchKeyException.class, 404,
                "NoSuchKey", null);
        assertThat(s3.headObject(b -> b.bucket(bucket).key("keep/b.txt")).eTag()).isNotEmpty();

        JsonNode event = null;
        for (int i = 0; i < 10 && event == null; i++) {
            for (Message m : sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1).maxNumberOfMessages(10))
                    .messages()) {
                JsonNode body = MAPPER.readTree(m.body());
                if (body.has("Records")) {
                    event = body.at("/Records/0");
                }
            }
        }
        assertThat(event).isNotNull();
        assertThat(event.get("eventName").asText()).isEqualTo("LifecycleExpiration:Delete");
        assertThat(event.at("/userIdentity/principalId").asText()).isEqualTo("s3.amazonaws.com");
        assertThat(event.at("/s3/object/key").asText()).isEqualTo("logs/a.log");
    }

    @Test
    void versionedBucketsGetDeleteMarkersAndLoseOldVersions() {
        String bucket = bucket();
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        s3.putBucketLifecycleConfiguration(b -> b.bucket(bucket).lifecycleConfiguration(c -> c.rules(
                LifecycleRule.builder().id("versions").status(ExpirationStatus.ENABLED).filter(f -> f.prefix(""))
                        .expiration(e -> e.days(1)).noncurrentVersionExpiration(n -> n.noncurrentDays(1)).build())));
        s3.putObject(b -> b.bucket(bucket).key("doc"), RequestBody.fromString("v1"));
        clock.advance(Duration.ofHours(1));
        String v2 = s3.putObject(b -> b.bucket(bucket).key("doc"), RequestBody.fromString("v2")).versionId();

        clock.advance(Duration.ofDays(2));
        sweep();
        ListObjectVersionsResponse listed = s3.listObjectVersions(b -> b.bucket(bucket));
        assertThat(listed.versions()).extracting(ObjectVersion::versionId).containsExactly(v2);
        assertThat(listed.deleteMarkers()).hasSize(1);
        assertThat(listed.deleteMarkers().get(0).isLatest()).isTrue();
    }

    @Test
    void staleMultipartUploadsAreAborted() {
        String bucket = bucket();
        s3.putBucketLifecycleConfiguration(b -> b.bucket(bucket).lifecycleConfiguration(c -> c.rules(
                LifecycleRule.builder().id("abort").status(ExpirationStatus.ENABLED).filter(f -> f.prefix(""))
                        .abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(1)).build())));
        s3.createMultipartUpload(b -> b.bucket(bucket).key("big"));
        assertThat(s3.listMultipartUploads(b -> b.bucket(bucket)).uploads()).hasSize(1);
        clock.advance(Duration.ofDays(2));
        sweep();
        assertThat(s3.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
    }
}
