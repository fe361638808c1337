package dev.stratus.e2e;

import static dev.stratus.e2e.AwsErrors.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.BatchEntryIdsNotDistinctException;
import software.amazon.awssdk.services.sns.model.EmptyBatchRequestException;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.InvalidParameterValueException;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sns.model.TooManyEntriesInBatchRequestException;

/** Subscriptions and publishing through the SDK v2, and the errors SNS gives for each. */
class SnsSubscriptionsTest {
    static final StratusServer stratus = StratusServer.start();
    static final String QUEUE = "arn:aws:sqs:us-east-1:000000000000:inbox";
    final SnsClient sns = stratus.client(SnsClient.builder());

    @AfterAll
    static void stop() {
        stratus.close();
    }

    private String topic(String name) {
        return sns.createTopic(b -> b.name(name)).topicArn();
    }

    @Test
    void sqsSubscriptionsAreConfirmedAndIdempotent() {
        String t = topic("subs");
        String arn = sns.subscribe(b -> b.topicArn(t).protocol("sqs").endpoint(QUEUE)).subscriptionArn();
        assertThat(arn).startsWith(t + ":");
        assertThat(sns.subscribe(b -> b.topicArn(t).protocol("sqs").endpoint(QUEUE)).subscriptionArn()).isEqualTo(arn);
        Map<String, String> a = sns.getSubscriptionAttributes(b -> b.subscriptionArn(arn)).attributes();
        assertThat(a).containsEntry("Protocol", "sqs").containsEntry("Endpoint", QUEUE)
                .containsEntry("TopicArn", t).containsEntry("PendingConfirmation", "false")
                .containsEntry("RawMessageDelivery", "false").containsEntry("Owner", "000000000000");
        assertThat(sns.listSubscriptionsByTopic(b -> b.topicArn(t)).subscriptions())
                .extracting(Subscription::subscriptionArn, Subscription::protocol)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(arn, "sqs"));
        assertThat(sns.listSubscriptions().subscriptions()).extracting(Subscription::subscriptionArn).contains(arn);
        sns.unsubscribe(b -> b.subscriptionArn(arn));
        assertThat(sns.listSubscriptionsByTopic(b -> b.topicArn(t)).subscriptions()).isEmpty();
        assertAwsError(() -> sns.getSubscriptionAttributes(b -> b.subscriptionArn(arn)), NotFoundException.class,
                404, "NotFound", "Subscription does not exist");
    }

    @Test
    void emailAndSmsSubscriptionsWaitForConfirmation() {
        String t = topic("pending");
        assertThat(sns.subscribe(b -> b.topicArn(t).protocol("email").endpoint("a@example.com")).subscriptionArn())
                .isEqualTo("pending confirmation");
        String arn = sns.subscribe(b -> b.topicArn(t).protocol("sms").endpoint("+15555550100")
                .returnSubscriptionArn(true)).subscriptionArn();
        assertThat(arn).startsWith(t + ":");
        assertThat(sns.getSubscriptionAttributes(b -> b.subscriptionArn(arn)).attributes())
                .containsEntry("PendingConfirmation", "true");
        assertThat(sns.listSubscriptionsByTopic(b -> b.topicArn(t)).subscriptions())
                .extracting(Subscription::subscriptionArn).containsOnly("PendingConfirmation");
        assertAwsError(() -> sns.confirmSubscription(b -> b.topicArn(t).token("nope")),
                InvalidParameterException.class, 400, "InvalidParameter", "Invalid parameter: Token");
    }

    @Test
    void subscriptionAttributesAreCheckedAndSet() {
        String t = topic("subattrs");
        String arn = sns.subscribe(b -> b.topicArn(t).protocol("sqs").endpoint(QUEUE)
                .attributes(Map.of("RawMessageDelivery", "true", "FilterPolicy", "{\"a\":[\"b\"]}"))).subscriptionArn();
        assertThat(sns.getSubscriptionAttributes(b -> b.subscriptionArn(arn)).attributes())
                .containsEntry("RawMessageDelivery", "true").containsEntry("FilterPolicy", "{\"a\":[\"b\"]}")
                .containsEntry("FilterPolicyScope", "MessageAttributes");
        sns.setSubscriptionAttributes(b -> b.subscriptionArn(arn).attributeName("FilterPolicyScope")
                .attributeValue("MessageBody"));
        sns.setSubscriptionAttributes(b -> b.subscriptionArn(arn).attributeName("RedrivePolicy")
                .attributeValue("{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:dlq\"}"));
        assertThat(sns.getSubscriptionAttributes(b -> b.subscriptionArn(arn)).attributes())
                .containsEntry("FilterPolicyScope", "MessageBody").containsKey("RedrivePolicy");
        assertAwsError(() -> sns.setSubscriptionAttributes(b -> b.subscriptionArn(arn).attributeName("FilterPolicy")
                .attributeValue("{\"a\":[{\"bogus\":1}]}")), InvalidParameterException.class, 400,
                "InvalidParameter", "Invalid parameter: FilterPolicy: Unrecognized match type bogus");
        assertAwsError(() -> sns.setSubscriptionAttributes(b -> b.subscriptionArn(arn).attributeName("Foo")
                .attributeValue("x")), InvalidParameterException.class, 400, "InvalidParameter",
                "Invalid parameter: AttributeName");
        assertAwsError(() -> sns.setSubscriptionAttributes(b -> b.subscriptionArn(arn)
                .attributeName("RawMessageDelivery").attributeValue("maybe")), InvalidParameterException.class, 400,
                "InvalidParameter", "Invalid parameter: Attributes Reason: RawMessageDelivery: Invalid value [maybe]. "
                        + "Must be true or false.");
    }

    @Test
    void subscribeErrors() {
        String t = topic("suberr");
        assertAwsError(() -> sns.subscribe(b -> b.topicArn(t).protocol("carrier-pigeon").endpoint("x")),
                InvalidParameterException.class, 400, "InvalidParameter",
                "Invalid parameter: Amazon SNS does not support this protocol string: carrier-pigeon");
        assertAwsError(() -> sns.subscribe(b -> b.topicArn(t).protocol("sqs").endpoint("not-an-arn")),
                InvalidParameterException.class, 400, "InvalidParameter", "Invalid parameter: SQS endpoint ARN");
        assertAwsError(() -> sns.subscribe(b -> b.topicArn(t).protocol("http").endpoint("ftp://x")),
                InvalidParameterException.class, 400, "InvalidParameter",
                "Invalid parameter: Endpoint must match the specified protocol");
        assertAwsError(() -> sns.subscribe(b -> b.topicArn(t + "-gone").protocol("sqs").endpoint(QUEUE)),
                NotFoundException.class, 404, "NotFound", "Topic does not exist");
    }

    @Test
    void publishChecksItsInput() {
        String t = topic("pubcheck");
        assertThat(sns.publish(b -> b.topicArn(t).message("hi").subject("S")).messageId()).hasSize(36);
        assertThat(sns.publish(b -> b.targetArn(t).message("hi")).messageId()).hasSize(36);
        assertAwsError(() -> sns.publish(b -> b.message("hi")), InvalidParameterException.class, 400,
                "InvalidParameter", "Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter");
        assertAwsError(() -> sns.publish(b -> b.topicArn(t).message("x".repeat(256 * 1024 + 1))),
                InvalidParameterException.class, 400, "InvalidParameter", "Invalid parameter: Message too long");
        assertAwsError(() -> sns.publish(b -> b.topicArn(t).message("x").subject("line\nbreak")),
                InvalidParameterException.class, 400, "InvalidParameter", "Invalid parameter: Subject");
        assertAwsError(() -> sns.publish(b -> b.topicArn(t).messageStructure("json").message("{\"sqs\":\"x\"}")),
                InvalidParameterException.class, 400, "InvalidParameter",
                "Invalid parameter: Message Structure - No default entry in JSON message body");
        assertAwsError(() -> sns.publish(b -> b.topicArn(t).messageStructure("json").message("nope")),
                InvalidParameterException.class, 400, "InvalidParameter",
                "Invalid parameter: Message Structure - JSON message body failed to parse");
        assertAwsError(() -> sns.publish(b -> b.topicArn(t).message("x").messageAttributes(Map.of("n",
                MessageAttributeValue.builder().dataType("Number").stringValue("abc").build()))),
                InvalidParameterValueException.class, 400, "ParameterValueInvalid",
                "Could not cast message attribute 'n' value to number.");
        assertAwsError(() -> sns.publish(b -> b.topicArn(t).message("x").messageAttributes(Map.of("n",
                MessageAttributeValue.builder().dataType("Weird").stringValue("abc").build()))),
                InvalidParameterValueException.class, 400, "ParameterValueInvalid",
                "The message attribute 'n' has an invalid message attribute type, the set of supported type "
                        + "prefixes is Binary, Number, and String.");
    }

    @Test
    void publishBatchReportsPerEntryFailures() {
        String t = topic("batch");
        PublishBatchResponse r = sns.publishBatch(b -> b.topicArn(t).publishBatchRequestEntries(
                PublishBatchRequestEntry.builder().id("ok-1").message("one").build(),
                PublishBatchRequestEntry.builder().id("bad").message("two").subject("a\nb").build(),
                PublishBatchRequestEntry.builder().id("ok_2").message("three").build()));
        assertThat(r.successful()).extracting(e -> e.id()).containsExactly("ok-1", "ok_2");
        assertThat(r.failed()).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("bad");
            assertThat(f.code()).isEqualTo("InvalidParameter");
            assertThat(f.message()).isEqualTo("Invalid parameter: Subject");
            assertThat(f.senderFault()).isTrue();
        });
        assertAwsError(() -> sns.publishBatch(b -> b.topicArn(t).publishBatchRequestEntries(
                PublishBatchRequestEntry.builder().id("x").message("1").build(),
                PublishBatchRequestEntry.builder().id("x").message("2").build())),
                BatchEntryIdsNotDistinctException.class, 400, "BatchEntryIdsNotDistinct",
                "Two or more batch entries in the request have the same Id.");
        PublishBatchRequestEntry[] eleven = new PublishBatchRequestEntry[11];
        for (int i = 0; i < 11; i++) {
            eleven[i] = PublishBatchRequestEntry.builder().id("e" + i).message("m").build();
        }
        assertAwsError(() -> sns.publishBatch(b -> b.topicArn(t).publishBatchRequestEntries(eleven)),
                TooManyEntriesInBatchRequestException.class, 400, "TooManyEntriesInBatchRequest",
                "The batch request contains more entries than permissible.");
        assertAwsError(() -> sns.publishBatch(b -> b.topicArn(t).publishBatchRequestEntries(java.util.List.of())),
                EmptyBatchRequestException.class, 400, "EmptyBatchRequest",
                "The batch request doesn't contain any entries");
    }
}
