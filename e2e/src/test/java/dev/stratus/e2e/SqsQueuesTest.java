package dev.stratus.e2e;

import static dev.stratus.e2e.AwsErrors.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.InvalidAttributeNameException;
import software.amazon.awssdk.services.sqs.model.InvalidAttributeValueException;
import software.amazon.awssdk.services.sqs.model.ListQueuesResponse;
import software.amazon.awssdk.services.sqs.model.PurgeQueueInProgressException;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDeletedRecentlyException;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/** Queue control plane through the AWS SDK for Java v2 (JSON protocol). */
class SqsQueuesTest {
    static final StratusServer stratus = StratusServer.start();
    static final SqsClient sqs = stratus.client(SqsClient.builder().checksumValidationEnabled(true));

    @AfterAll
    static void stop() {
        sqs.close();
        stratus.close();
    }

    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void createQueueReturnsAUrlOnTheRequestsHostThatGetQueueUrlAgrees() {
        String name = unique("orders-");
        String url = sqs.createQueue(b -> b.queueName(name)).queueUrl();
        assertThat(url).isEqualTo(stratus.endpoint() + "/000000000000/" + name);
        assertThat(sqs.getQueueUrl(b -> b.queueName(name)).queueUrl()).isEqualTo(url);
    }

    @Test
    void createQueueIsIdempotentForEqualAttributesAndRefusesDifferentOnes() {
        String name = unique("idem-");
        String url = sqs.createQueue(b -> b.queueName(name).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "45")))
                .queueUrl();
        assertThat(sqs.createQueue(b -> b.queueName(name)
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "45"))).queueUrl()).isEqualTo(url);
        assertAwsError(() -> sqs.createQueue(b -> b.queueName(name)
                        .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "46"))),
                QueueNameExistsException.class, 400, "QueueAlreadyExists",
                "A queue already exists with the same name and a different value for attribute VisibilityTimeout");
    }

    @Test
    void unknownQueuesAreQueueDoesNotExistWithTheLegacyCode() {
        assertAwsError(() -> sqs.getQueueUrl(b -> b.queueName("nope-" + UUID.randomUUID())),
                QueueDoesNotExistException.class, 400, "AWS.SimpleQueueService.NonExistentQueue",
                "The specified queue does not exist.");
        assertAwsError(() -> sqs.sendMessage(b -> b.queueUrl(stratus.endpoint() + "/000000000000/nope").messageBody("x")),
                QueueDoesNotExistException.class, 400, "AWS.SimpleQueueService.NonExistentQueue", null);
    }

    @Test
    void queueNamesAreCheckedAndFifoNamesEndInDotFifo() {
        assertAwsError(() -> sqs.createQueue(b -> b.queueName("bad name!")), SqsException.class, 400,
                "InvalidParameterValue", "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");
        assertAwsError(() -> sqs.createQueue(b -> b.queueName("plain").attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true"))),
                SqsException.class, 400, "InvalidParameterValue", null);
        assertAwsError(() -> sqs.createQueue(b -> b.queueName("nofifoattr.fifo")), SqsException.class, 400,
                "InvalidParameterValue", null);
        String url = sqs.createQueue(b -> b.queueName(unique("f-") + ".fifo")
                .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
        assertThat(sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.FIFO_QUEUE,
                QueueAttributeName.CONTENT_BASED_DEDUPLICATION)).attributesAsStrings())
                .containsEntry("FifoQueue", "true").containsEntry("ContentBasedDeduplication", "false");
    }

    @Test
    void getQueueAttributesReturnsAllOrTheNamedOnes() {
        String name = unique("attrs-");
        String url = sqs.createQueue(b -> b.queueName(name)).queueUrl();
        Map<String, String> all = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.ALL))
                .attributesAsStrings();
        assertThat(all).containsEntry("QueueArn", "arn:aws:sqs:us-east-1:000000000000:" + name)
                .containsEntry("VisibilityTimeout", "30").containsEntry("MaximumMessageSize", "1048576")
                .containsEntry("MessageRetentionPeriod", "345600").containsEntry("DelaySeconds", "0")
                .containsEntry("ReceiveMessageWaitTimeSeconds", "0").containsEntry("ApproximateNumberOfMessages", "0")
                .containsEntry("ApproximateNumberOfMessagesNotVisible", "0")
                .containsEntry("ApproximateNumberOfMessagesDelayed", "0")
                .containsKeys("CreatedTimestamp", "LastModifiedTimestamp").doesNotContainKey("FifoQueue");
        assertThat(Long.parseLong(all.get("CreatedTimestamp")))
                .isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(60L));
        assertThat(sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.DELAY_SECONDS))
                .attributesAsStrings()).containsOnlyKeys("DelaySeconds");
        assertThat(sqs.getQueueAttributes(b -> b.queueUrl(url)).attributesAsStrings()).isEmpty();
    }

    @Test
    void unknownAttributeNamesAreInvalidAttributeName() {
        String url = sqs.createQueue(b -> b.queueName(unique("unknown-"))).queueUrl();
        assertAwsError(() -> sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings("Bogus")),
                InvalidAttributeNameException.class, 400, "InvalidAttributeName", "Unknown Attribute Bogus.");
        assertAwsError(() -> sqs.createQueue(b -> b.queueName(unique("unknown-")).attributesWithStrings(Map.of("Bogus", "1"))),
                InvalidAttributeNameException.class, 400, "InvalidAttributeName", "Unknown Attribute Bogus.");
    }

    @Test
    void setQueueAttributesChangesThemAndChecksValues() {
        String url = sqs.createQueue(b -> b.queueName(unique("set-"))).queueUrl();
        sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "5",
                QueueAttributeName.DELAY_SECONDS, "2", QueueAttributeName.MESSAGE_RETENTION_PERIOD, "60",
                QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, "1", QueueAttributeName.MAXIMUM_MESSAGE_SIZE, "2048")));
        assertThat(sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.ALL)).attributesAsStrings())
                .containsEntry("VisibilityTimeout", "5").containsEntry("DelaySeconds", "2")
                .containsEntry("MessageRetentionPeriod", "60").containsEntry("ReceiveMessageWaitTimeSeconds", "1")
                .containsEntry("MaximumMessageSize", "2048");
        assertAwsError(() -> sqs.setQueueAttributes(b -> b.queueUrl(url)
                        .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "43201"))),
                InvalidAttributeValueException.class, 400, "InvalidAttributeValue",
                "Invalid value for the parameter VisibilityTimeout.");
        assertAwsError(() -> sqs.setQueueAttributes(b -> b.queueUrl(url)
                        .attributes(Map.of(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true"))),
                InvalidAttributeNameException.class, 400, "InvalidAttributeName",
                "Unknown Attribute ContentBasedDeduplication.");
    }

    @Test
    void listQueuesFiltersByPrefixAndPages() {
        String prefix = unique("list-");
        for (int i = 0; i < 5; i++) {
            int n = i;
            sqs.createQueue(b -> b.queueName(prefix + n));
        }
        assertThat(sqs.listQueues(b -> b.queueNamePrefix(prefix)).queueUrls()).hasSize(5)
                .allSatisfy(u -> assertThat(u).contains("/000000000000/" + prefix));
        ListQueuesResponse page1 = sqs.listQueues(b -> b.queueNamePrefix(prefix).maxResults(2));
        assertThat(page1.queueUrls()).hasSize(2);
        assertThat(page1.nextToken()).isNotNull();
        ListQueuesResponse page2 = sqs.listQueues(b -> b.queueNamePrefix(prefix).maxResults(2).nextToken(page1.nextToken()));
        ListQueuesResponse page3 = sqs.listQueues(b -> b.queueNamePrefix(prefix).maxResults(2).nextToken(page2.nextToken()));
        assertThat(page3.queueUrls()).hasSize(1);
        assertThat(page3.nextToken()).isNull();
        assertThat(sqs.listQueuesPaginator(b -> b.queueNamePrefix(prefix).maxResults(2)).queueUrls()).hasSize(5);
        assertThat(sqs.listQueues(b -> b.queueNamePrefix("no-such-prefix-" + UUID.randomUUID())).queueUrls()).isEmpty();
    }

    @Test
    void deleteQueueRemovesItAndTheNameIsBlockedFor60Seconds() {
        String name = unique("del-");
        String url = sqs.createQueue(b -> b.queueName(name)).queueUrl();
        sqs.deleteQueue(b -> b.queueUrl(url));
        assertAwsError(() -> sqs.getQueueUrl(b -> b.queueName(name)), QueueDoesNotExistException.class, 400,
                "AWS.SimpleQueueService.NonExistentQueue", null);
        assertAwsError(() -> sqs.createQueue(b -> b.queueName(name)), QueueDeletedRecentlyException.class, 400,
                "AWS.SimpleQueueService.QueueDeletedRecently", null);
    }

    @Test
    void tagsAreSetListedAndRemoved() {
        String url = sqs.createQueue(b -> b.queueName(unique("tags-")).tags(Map.of("team", "a"))).queueUrl();
        sqs.tagQueue(b -> b.queueUrl(url).tags(Map.of("env", "dev", "team", "b")));
        assertThat(sqs.listQueueTags(b -> b.queueUrl(url)).tags()).isEqualTo(Map.of("env", "dev", "team", "b"));
        sqs.untagQueue(b -> b.queueUrl(url).tagKeys(List.of("team")));
        assertThat(sqs.listQueueTags(b -> b.queueUrl(url)).tags()).isEqualTo(Map.of("env", "dev"));
    }

    @Test
    void permissionsBecomePolicyStatements() throws Exception {
        String url = sqs.createQueue(b -> b.queueName(unique("perm-"))).queueUrl();
        sqs.addPermission(b -> b.queueUrl(url).label("send").awsAccountIds("111122223333").actions("SendMessage"));
        String policy = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.POLICY))
                .attributesAsStrings().get("Policy");
        var statement = new com.fasterxml.jackson.databind.ObjectMapper().readTree(policy).path("Statement").get(0);
        assertThat(statement.path("Sid").asText()).isEqualTo("send");
        assertThat(statement.path("Principal").path("AWS").get(0).asText()).isEqualTo("arn:aws:iam::111122223333:root");
        assertThat(statement.path("Action").get(0).asText()).isEqualTo("SQS:SendMessage");
        assertAwsError(() -> sqs.addPermission(b -> b.queueUrl(url).label("send").awsAccountIds("1").actions("*")),
                SqsException.class, 400, "InvalidParameterValue", null);
        sqs.removePermission(b -> b.queueUrl(url).label("send"));
        assertThat(sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.POLICY))
                .attributesAsStrings()).isEmpty();
    }

    @Test
    void purgeQueueEmptiesItOncePerMinute() {
        String url = sqs.createQueue(b -> b.queueName(unique("purge-"))).queueUrl();
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("a"));
        sqs.purgeQueue(b -> b.queueUrl(url));
        assertThat(sqs.receiveMessage(b -> b.queueUrl(url)).messages()).isEmpty();
        assertAwsError(() -> sqs.purgeQueue(b -> b.queueUrl(url)), PurgeQueueInProgressException.class, 403,
                "AWS.SimpleQueueService.PurgeQueueInProgress", null);
    }

    @Test
    void redrivePolicyNeedsAnExistingTargetAndListDeadLetterSourceQueuesFindsSources() {
        String dlq = sqs.createQueue(b -> b.queueName(unique("dlq-"))).queueUrl();
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlq).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributesAsStrings().get("QueueArn");
        String policy = "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"3\"}";
        String src = sqs.createQueue(b -> b.queueName(unique("src-"))
                .attributes(Map.of(QueueAttributeName.REDRIVE_POLICY, policy))).queueUrl();
        assertThat(sqs.getQueueAttributes(b -> b.queueUrl(src).attributeNames(QueueAttributeName.REDRIVE_POLICY))
                .attributesAsStrings().get("RedrivePolicy"))
                .isEqualTo("{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":3}");
        assertThat(sqs.listDeadLetterSourceQueues(b -> b.queueUrl(dlq)).queueUrls()).containsExactly(src);
        assertAwsError(() -> sqs.createQueue(b -> b.queueName(unique("src-")).attributes(Map.of(
                        QueueAttributeName.REDRIVE_POLICY,
                        "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:missing\",\"maxReceiveCount\":3}"))),
                InvalidAttributeValueException.class, 400, "InvalidAttributeValue", null);
    }
}
