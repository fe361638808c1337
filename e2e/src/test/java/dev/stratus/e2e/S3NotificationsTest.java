package dev.stratus.e2e;

import static dev.stratus.e2e.AwsErrors.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.FilterRuleName;
import software.amazon.awssdk.services.s3.model.GetBucketNotificationConfigurationResponse;
import software.amazon.awssdk.services.s3.model.NotificationConfiguration;
import software.amazon.awssdk.services.s3.model.QueueConfiguration;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** S3 event notifications to SQS, SNS and Lambda: configuration, validation, and the event records delivered. */
class S3NotificationsTest {
    static final StratusServer stratus = StratusServer.start();
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final S3Client s3 = stratus.client(S3Client.builder().forcePathStyle(true));
    static final SqsClient sqs = stratus.client(SqsClient.builder());
    static final SnsClient sns = stratus.client(SnsClient.builder());
    static final LambdaClient lambda = stratus.client(LambdaClient.builder());

    @AfterAll
    static void stop() {
        stratus.close();
    }

    record Queue(String url, String arn) {
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Queue queue() {
        String url = sqs.createQueue(b -> b.queueName(unique("events"))).queueUrl();
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        return new Queue(url, arn);
    }

    static String bucket() {
        String name = unique("notify");
        s3.createBucket(b -> b.bucket(name));
        return name;
    }

    /** Message bodies as JSON, waiting (long polls) until {@code expected} arrived; test events are skipped. */
    static List<JsonNode> receive(Queue q, int expected) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (int i = 0; i < 20 && out.size() < expected; i++) {
            for (Message m : sqs.receiveMessage(b -> b.queueUrl(q.url()).waitTimeSeconds(1).maxNumberOfMessages(10))
                    .messages()) {
                sqs.deleteMessage(b -> b.queueUrl(q.url()).receiptHandle(m.receiptHandle()));
                JsonNode body = MAPPER.readTree(m.body());
                if (!"s3:TestEvent".equals(body.path("Event").asText())) {
                    out.add(body);
                }
            }
        }
        return out;
    }

    static void notifyQueue(String bucket, Queue q, List<Event> events, String prefix, String suffix) {
        s3.putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(n -> n
                .queueConfigurations(queueConfig("cfg-1", q, events, prefix, suffix))));
    }

    static QueueConfiguration queueConfig(String id, Queue q, List<Event> events, String prefix, String suffix) {
        return QueueConfiguration.builder().id(id).queueArn(q.arn()).events(events)
                .filter(f -> f.key(k -> k.filterRules(
                        r -> r.name(FilterRuleName.PREFIX).value(prefix),
                        r -> r.name(FilterRuleName.SUFFIX).value(suffix))))
                .build();
    }

    @Test
    void aPutObjectIsDeliveredToTheQueueAsAnS3EventRecord() throws Exception {
        String bucket = bucket();
        Queue q = queue();
        notifyQueue(bucket, q, List.of(Event.S3_OBJECT_CREATED), "", "");
        String etag = s3.putObject(b -> b.bucket(bucket).key("photos/red flower+1.jpg"),
                RequestBody.fromString("hello")).eTag();

        List<JsonNode> got = receive(q, 1);
        assertThat(got).hasSize(1);
        JsonNode r = got.get(0).get("Records").get(0);
        assertThat(r.get("eventVersion").asText()).isEqualTo("2.1");
        assertThat(r.get("eventSource").asText()).isEqualTo("aws:s3");
        assertThat(r.get("awsRegion").asText()).isEqualTo("us-east-1");
        assertThat(r.get("eventName").asText()).isEqualTo("ObjectCreated:Put");
        assertThat(r.get("eventTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(r.at("/userIdentity/principalId").asText()).startsWith("AWS:");
        assertThat(r.at("/responseElements/x-amz-request-id").asText()).isNotEmpty();
        assertThat(r.at("/s3/s3SchemaVersion").asText()).isEqualTo("1.0");
        assertThat(r.at("/s3/configurationId").asText()).isEqualTo("cfg-1");
        assertThat(r.at("/s3/bucket/name").asText()).isEqualTo(bucket);
        assertThat(r.at("/s3/bucket/arn").asText()).isEqualTo("arn:aws:s3:::" + bucket);
        assertThat(r.at("/s3/object/key").asText()).isEqualTo("photos/red+flower%2B1.jpg");
        assertThat(r.at("/s3/object/size").asLong()).isEqualTo(5);
        assertThat(r.at("/s3/object/eTag").asText()).isEqualTo(etag.replace("\"", ""));
        assertThat(r.at("/s3/object/sequencer").asText()).isNotEmpty();
        assertThat(r.at("/s3/object").has("versionId")).isFalse();
    }

    @Test
    void putTheConfigurationSendsATestEventToTheQueue() throws Exception {
        String bucket = bucket();
        Queue q = queue();
        notifyQueue(bucket, q, List.of(Event.S3_OBJECT_CREATED), "", "");
        Message m = sqs.receiveMessage(b -> b.queueUrl(q.url()).waitTimeSeconds(5)).messages().get(0);
        JsonNode test = MAPPER.readTree(m.body());
        assertThat(test.get("Service").asText()).isEqualTo("Amazon S3");
        assertThat(test.get("Event").asText()).isEqualTo("s3:TestEvent");
        assertThat(test.get("Bucket").asText()).isEqualTo(bucket);
    }

    @Test
    void prefixAndSuffixFiltersChooseTheKeys() throws Exception {
        String bucket = bucket();
        Queue q = queue();
        notifyQueue(bucket, q, List.of(Event.S3_OBJECT_CREATED_PUT), "images/", ".png");
        for (String key : List.of("images/a.jpg", "docs/b.png", "images/c.png")) {
            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(key));
        }
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("images/c.png").destinationBucket(bucket)
                .destinationKey("images/d.png"));
        s3.putObject(b -> b.bucket(bucket).key("images/z.png"), RequestBody.fromString("last"));

        List<JsonNode> got = receive(q, 2);
        assertThat(got).extracting(j -> j.at("/Records/0/s3/object/key").asText())
                .containsExactly("images/c.png", "images/z.png");
    }

    @Test
    void copiesMultipartUploadsAndTaggingHaveTheirOwnEventNames() throws Exception {
        String bucket = bucket();
        Queue q = queue();
        s3.putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(n -> n
                .queueConfigurations(c -> c.queueArn(q.arn()).events(Event.S3_OBJECT_CREATED, Event.S3_OBJECT_TAGGING))));
        s3.putObject(b -> b.bucket(bucket).key("src"), RequestBody.fromString("s"));
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket).destinationKey("copy"));
        String upload = s3.createMultipartUpload(b -> b.bucket(bucket).key("multi")).uploadId();
        String part = s3.uploadPart(b -> b.bucket(bucket).key("multi").uploadId(upload).partNumber(1),
                RequestBody.fromString("part")).eTag();
        s3.completeMultipartUpload(b -> b.bucket(bucket).key("multi").uploadId(upload)
                .multipartUpload(m -> m.parts(p -> p.partNumber(1).eTag(part))));
        s3.putObjectTagging(b -> b.bucket(bucket).key("src").tagging(t -> t.tagSet(x -> x.key("k").value("v"))));
        s3.deleteObjectTagging(b -> b.bucket(bucket).key("src"));

        List<JsonNode> got = receive(q, 5);
        assertThat(got).extracting(j -> j.at("/Records/0/eventName").asText() + " " + j.at("/Records/0/s3/object/key")
                .asText()).containsExactly("ObjectCreated:Put src", "ObjectCreated:Copy copy",
                "ObjectCreated:CompleteMultipartUpload multi", "ObjectTagging:Put src", "ObjectTagging:Delete src");
        assertThat(got.get(2).at("/Records/0/s3/object/eTag").asText()).endsWith("-1");
    }

    @Test
    void deletesAreObjectRemovedEventsAndDeleteMarkersSaySo() throws Exception {
        String bucket = bucket();
        Queue q = queue();
        s3.putObject(b -> b.bucket(bucket).key("plain"), RequestBody.fromString("x"));
        notifyQueue(bucket, q, List.of(Event.S3_OBJECT_REMOVED), "", "");
        s3.deleteObject(b -> b.bucket(bucket).key("plain"));
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        s3.putObject(b -> b.bucket(bucket).key("versioned"), RequestBody.fromString("y"));
        String markerId = s3.deleteObject(b -> b.bucket(bucket).key("versioned")).versionId();

        List<JsonNode> got = receive(q, 2);
        assertThat(got).hasSize(2);
        JsonNode deleted = got.get(0).at("/Records/0");
        assertThat(deleted.get("eventName").asText()).isEqualTo("ObjectRemoved:Delete");
        assertThat(deleted.at("/s3/object/key").asText()).isEqualTo("plain");
        assertThat(deleted.at("/s3/object").has("size")).isFalse();
        JsonNode marker = got.get(1).at("/Records/0");
        assertThat(marker.get("eventName").asText()).isEqualTo("ObjectRemoved:DeleteMarkerCreated");
        assertThat(marker.at("/s3/object/versionId").asText()).isEqualTo(markerId);
    }

    @Test
    void theConfigurationReadsBackWithGeneratedIds() {
        String bucket = bucket();
        Queue q = queue();
        s3.putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(n -> n
                .queueConfigurations(c -> c.queueArn(q.arn()).events(Event.S3_OBJECT_REMOVED_DELETE))
                .eventBridgeConfiguration(e -> { })));
        GetBucketNotificationConfigurationResponse got =
                s3.getBucketNotificationConfiguration(b -> b.bucket(bucket));
        assertThat(got.queueConfigurations()).hasSize(1);
        assertThat(got.queueConfigurations().get(0).queueArn()).isEqualTo(q.arn());
        assertThat(got.queueConfigurations().get(0).id()).isNotEmpty();
        assertThat(got.queueConfigurations().get(0).events()).containsExactly(Event.S3_OBJECT_REMOVED_DELETE);
        assertThat(got.eventBridgeConfiguration()).isNotNull();

        s3.putBucketNotificationConfiguration(b -> b.bucket(bucket)
                .notificationConfiguration(NotificationConfiguration.builder().build()));
        got = s3.getBucketNotificationConfiguration(b -> b.bucket(bucket));
        assertThat(got.queueConfigurations()).isEmpty();
        assertThat(got.eventBridgeConfiguration()).isNull();
    }

    @Test
    void anUnknownDestinationIsRefused() {
        String bucket = bucket();
        String missing = "arn:aws:sqs:us-east-1:000000000000:no-such-queue";
        assertAwsError(() -> s3.putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(n -> n
                        .queueConfigurations(c -> c.queueArn(missing).events(Event.S3_OBJECT_CREATED)))),
                S3Exception.class, 400, "InvalidArgument", "Unable to validate the following destination configurations");
        assertThat(s3.getBucketNotificationConfiguration(b -> b.bucket(bucket)).queueConfigurations()).isEmpty();
        assertAwsError(() -> s3.putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(n -> n
                        .queueConfigurations(c -> c.queueArn("arn:aws:sqs:eu-west-1:000000000000:far-away")
                                .events(Event.S3_OBJECT_CREATED)))), S3Exception.class, 400, "InvalidArgument",
                "The notification destination service region is not valid for the bucket location constraint");
    }

    @Test
    void overlappingConfigurationsAreRefused() {
        String bucket = bucket();
        Queue q = queue();
        assertAwsError(() -> s3.putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(n -> n
                        .queueConfigurations(c -> c.queueArn(q.arn()).events(Event.S3_OBJECT_CREATED),
                                c -> c.queueArn(q.arn()).events(Event.S3_OBJECT_CREATED_PUT)))),
                S3Exception.class, 400, "InvalidArgument",
                "Configurations overlap. Configurations on the same bucket cannot share a common event type.");
        assertAwsError(() -> s3.putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(n -> n
                        .queueConfigurations(queueConfig("a", q, List.of(Event.S3_OBJECT_CREATED), "logs/", ""),
                                queueConfig("b", q, List.of(Event.S3_OBJECT_CREATED_PUT), "logs/2024", "")))),
                S3Exception.class, 400, "InvalidArgument", null);
        // Different prefixes keep them apart.
        s3.putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(n -> n
                .queueConfigurations(queueConfig("a", q, List.of(Event.S3_OBJECT_CREATED), "logs/", ""),
                        queueConfig("b", q, List.of(Event.S3_OBJECT_CREATED_PUT), "images/", ""))));
    }

    @Test
    void topicsPublishTheEventWithS3sSubject() throws Exception {
        String bucket = bucket();
        Queue q = queue();
        String topic = sns.createTopic(b -> b.name(unique("s3-topic"))).topicArn();
        sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(q.arn()));
        s3.putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(n -> n
                .topicConfigurations(t -> t.id("to-topic").topicArn(topic).events(Event.S3_OBJECT_CREATED))));
        s3.putObject(b -> b.bucket(bucket).key("via-sns.txt"), RequestBody.fromString("abc"));

        List<JsonNode> envelopes = new ArrayList<>();
        for (JsonNode env : receive(q, 2)) {
            assertThat(env.get("Subject").asText()).isEqualTo("Amazon S3 Notification");
            JsonNode inner = MAPPER.readTree(env.get("Message").asText());
            if (inner.has("Records")) {
                envelopes.add(inner);
            }
        }
        assertThat(envelopes).hasSize(1);
        assertThat(envelopes.get(0).at("/Records/0/s3/object/key").asText()).isEqualTo("via-sns.txt");
        assertThat(envelopes.get(0).at("/Records/0/s3/configurationId").asText()).isEqualTo("to-topic");
    }

    @Test
    void aLambdaFunctionReceivesTheEvent() throws Exception {
        String bucket = bucket();
        Queue q = queue();
        String fn = unique("s3-forwarder");
        String arn = lambda.createFunction(b -> b.functionName(fn).runtime(Runtime.PYTHON3_12)
                .role("arn:aws:iam::000000000000:role/lambda-role").handler("app.handler")
                .environment(e -> e.variables(Map.of("QUEUE_URL", q.url())))
                .code(c -> c.zipFile(LambdaTest.zip(Map.of("app.py", """
                        import boto3, json, os
                        def handler(event, context):
                            boto3.client("sqs").send_message(QueueUrl=os.environ["QUEUE_URL"],
                                                             MessageBody=json.dumps(event))
                        """))))).functionArn();
        s3.putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(n -> n
                .lambdaFunctionConfigurations(l -> l.id("to-fn").lambdaFunctionArn(arn)
                        .events(Event.S3_OBJECT_CREATED))));
        s3.putObject(b -> b.bucket(bucket).key("for-lambda.bin"), RequestBody.fromString("1234567"));

        List<JsonNode> got = receive(q, 1);
        assertThat(got).hasSize(1);
        JsonNode r = got.get(0).at("/Records/0");
        assertThat(r.get("eventName").asText()).isEqualTo("ObjectCreated:Put");
        assertThat(r.at("/s3/configurationId").asText()).isEqualTo("to-fn");
        assertThat(r.at("/s3/object/size").asLong()).isEqualTo(7);
    }
}
