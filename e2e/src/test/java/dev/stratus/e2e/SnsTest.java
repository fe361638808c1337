package dev.stratus.e2e;

import static dev.stratus.e2e.AwsErrors.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.AuthorizationErrorException;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.ListTopicsResponse;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sns.model.Tag;
import software.amazon.awssdk.services.sns.model.Topic;

/** SNS topics through the SDK v2: create (idempotent, FIFO, tags), list with paging, attributes, tags, errors. */
class SnsTest {
    static final StratusServer stratus = StratusServer.start();
    final SnsClient sns = stratus.client(SnsClient.builder());

    @AfterAll
    static void stop() {
        stratus.close();
    }

    @Test
    void createTopicIsIdempotentAndRefusesDifferentAttributes() {
        String arn = sns.createTopic(b -> b.name("idem").attributes(Map.of("DisplayName", "D"))).topicArn();
        assertThat(arn).isEqualTo("arn:aws:sns:us-east-1:000000000000:idem");
        assertThat(sns.createTopic(b -> b.name("idem").attributes(Map.of("DisplayName", "D"))).topicArn())
                .isEqualTo(arn);
        assertThat(sns.createTopic(b -> b.name("idem")).topicArn()).isEqualTo(arn);
        assertAwsError(() -> sns.createTopic(b -> b.name("idem").attributes(Map.of("DisplayName", "other"))),
                InvalidParameterException.class, 400, "InvalidParameter",
                "Invalid parameter: Attributes Reason: Topic already exists with different attributes");
        assertAwsError(() -> sns.createTopic(b -> b.name("bad name")), InvalidParameterException.class, 400,
                "InvalidParameter", "Invalid parameter: Topic Name");
        assertAwsError(() -> sns.createTopic(b -> b.name("t").attributes(Map.of("Bogus", "1"))),
                InvalidParameterException.class, 400, "InvalidParameter", "Invalid parameter: AttributeName");
    }

    @Test
    void topicAttributesHaveAwsDefaults() {
        String arn = sns.createTopic(b -> b.name("attrs")).topicArn();
        Map<String, String> a = sns.getTopicAttributes(b -> b.topicArn(arn)).attributes();
        assertThat(a).containsEntry("TopicArn", arn).containsEntry("Owner", "000000000000")
                .containsEntry("DisplayName", "").containsEntry("SubscriptionsConfirmed", "0")
                .containsEntry("SubscriptionsPending", "0").containsEntry("SubscriptionsDeleted", "0")
                .containsKey("EffectiveDeliveryPolicy").doesNotContainKey("FifoTopic");
        assertThat(a.get("Policy")).contains("\"Id\":\"__default_policy_ID\"").contains("\"Resource\":\"" + arn);
        sns.setTopicAttributes(b -> b.topicArn(arn).attributeName("DisplayName").attributeValue("Shown"));
        assertThat(sns.getTopicAttributes(b -> b.topicArn(arn)).attributes()).containsEntry("DisplayName", "Shown");
        assertAwsError(() -> sns.setTopicAttributes(b -> b.topicArn(arn).attributeName("Nope").attributeValue("x")),
                InvalidParameterException.class, 400, "InvalidParameter", "Invalid parameter: AttributeName");
        sns.subscribe(b -> b.topicArn(arn).protocol("email").endpoint("me@example.com"));
        sns.subscribe(b -> b.topicArn(arn).protocol("sqs").endpoint("arn:aws:sqs:us-east-1:000000000000:q"));
        assertThat(sns.getTopicAttributes(b -> b.topicArn(arn)).attributes())
                .containsEntry("SubscriptionsConfirmed", "1").containsEntry("SubscriptionsPending", "1");
    }

    @Test
    void fifoTopicsNeedTheSuffixAndTheAttribute() {
        String arn = sns.createTopic(b -> b.name("orders.fifo")
                .attributes(Map.of("FifoTopic", "true", "ContentBasedDeduplication", "true"))).topicArn();
        assertThat(sns.getTopicAttributes(b -> b.topicArn(arn)).attributes())
                .containsEntry("FifoTopic", "true").containsEntry("ContentBasedDeduplication", "true");
        assertAwsError(() -> sns.createTopic(b -> b.name("nofifo").attributes(Map.of("FifoTopic", "true"))),
                InvalidParameterException.class, 400, "InvalidParameter", null);
        assertAwsError(() -> sns.createTopic(b -> b.name("plain.fifo")), InvalidParameterException.class, 400,
                "InvalidParameter", "Invalid parameter: Topic Name");
        var r = sns.publish(b -> b.topicArn(arn).message("m").messageGroupId("g"));
        assertThat(r.sequenceNumber()).hasSize(20);
        assertAwsError(() -> sns.publish(b -> b.topicArn(arn).message("m")), InvalidParameterException.class, 400,
                "InvalidParameter", "Invalid parameter: The MessageGroupId parameter is required for FIFO topics");
    }

    @Test
    void listTopicsPagesByHundred() {
        for (int i = 0; i < 105; i++) {
            int n = i;
            sns.createTopic(b -> b.name(String.format("page-%03d", n)));
        }
        List<String> all = new ArrayList<>();
        ListTopicsResponse first = sns.listTopics();
        assertThat(first.topics()).hasSize(100);
        assertThat(first.nextToken()).isNotNull();
        first.topics().forEach(t -> all.add(t.topicArn()));
        ListTopicsResponse second = sns.listTopics(b -> b.nextToken(first.nextToken()));
        second.topics().forEach(t -> all.add(t.topicArn()));
        assertThat(second.nextToken()).isNull();
        assertThat(all).doesNotHaveDuplicates().filteredOn(a -> a.contains(":page-")).hasSize(105);
        assertThat(sns.listTopicsPaginator().topics().stream().map(Topic::topicArn)).containsAll(all);
    }

    @Test
    void deleteTopicRemovesItAndItsSubscriptions() {
        String arn = sns.createTopic(b -> b.name("doomed")).topicArn();
        sns.subscribe(b -> b.topicArn(arn).protocol("sqs").endpoint("arn:aws:sqs:us-east-1:000000000000:q"));
        sns.deleteTopic(b -> b.topicArn(arn));
        sns.deleteTopic(b -> b.topicArn(arn));
        assertAwsError(() -> sns.getTopicAttributes(b -> b.topicArn(arn)), NotFoundException.class, 404,
                "NotFound", "Topic does not exist");
        assertThat(sns.listSubscriptions().subscriptions()).noneMatch(s -> s.topicArn().equals(arn));
        assertAwsError(() -> sns.publish(b -> b.topicArn(arn).message("x")), NotFoundException.class, 404,
                "NotFound", "Topic does not exist");
        assertAwsError(() -> sns.getTopicAttributes(b -> b.topicArn("not-an-arn")),
                InvalidParameterException.class, 400, "InvalidParameter", "Invalid parameter: TopicArn");
    }

    @Test
    void tagsOnCreateAndThroughTagging() {
        String arn = sns.createTopic(b -> b.name("tagged").tags(Tag.builder().key("team").value("a").build()))
                .topicArn();
        sns.tagResource(b -> b.resourceArn(arn).tags(Tag.builder().key("env").value("dev").build()));
        assertThat(sns.listTagsForResource(b -> b.resourceArn(arn)).tags())
                .extracting(Tag::key, Tag::value).containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("team", "a"), org.assertj.core.groups.Tuple.tuple("env", "dev"));
        sns.untagResource(b -> b.resourceArn(arn).tagKeys("team"));
        assertThat(sns.listTagsForResource(b -> b.resourceArn(arn)).tags()).extracting(Tag::key).containsExactly("env");
        assertAwsError(() -> sns.createTopic(b -> b.name("tagged").tags(Tag.builder().key("team").value("b").build())),
                InvalidParameterException.class, 400, "InvalidParameter",
                "Invalid parameter: Tags Reason: Topic already exists with different tags");
        assertAwsError(() -> sns.listTagsForResource(b -> b.resourceArn(arn + "-missing")),
                ResourceNotFoundException.class, 404, "ResourceNotFound", "Resource does not exist");
    }

    @Test
    void topicsAreScopedByAccountAndRegion() {
        String arn = sns.createTopic(b -> b.name("scoped")).topicArn();
        SnsClient other = stratus.client(SnsClient.builder(), "111111111111", "secret");
        assertThat(other.listTopics().topics()).extracting(Topic::topicArn).doesNotContain(arn);
        assertAwsError(() -> other.publish(b -> b.topicArn(arn).message("x")), AuthorizationErrorException.class,
                403, "AuthorizationError", "User: arn:aws:iam::111111111111:root is not authorized to perform: "
                        + "SNS:Publish on resource: " + arn + " because no resource-based policy allows the "
                        + "SNS:Publish action");
        sns.addPermission(b -> b.topicArn(arn).label("partner").awsAccountIds("111111111111").actionNames("Publish"));
        assertThat(sns.getTopicAttributes(b -> b.topicArn(arn)).attributes().get("Policy"))
                .contains("\"Sid\":\"partner\"").contains("\"AWS\":\"arn:aws:iam::111111111111:root\"");
        assertThat(other.publish(b -> b.topicArn(arn).message("allowed now")).messageId()).isNotEmpty();
        assertAwsError(() -> other.getTopicAttributes(b -> b.topicArn(arn)), AuthorizationErrorException.class,
                403, "AuthorizationError", null);
        assertAwsError(() -> sns.addPermission(b -> b.topicArn(arn).label("partner").awsAccountIds("222222222222")
                .actionNames("Publish")), InvalidParameterException.class, 400, "InvalidParameter",
                "Invalid parameter: Statement already exists");
        sns.removePermission(b -> b.topicArn(arn).label("partner"));
        assertAwsError(() -> other.publish(b -> b.topicArn(arn).message("x")), AuthorizationErrorException.class,
                403, "AuthorizationError", null);
    }

    @Test
    void dataProtectionPolicyIsStored() {
        String arn = sns.createTopic(b -> b.name("protected")).topicArn();
        assertThat(sns.getDataProtectionPolicy(b -> b.resourceArn(arn)).dataProtectionPolicy()).isEmpty();
        String policy = "{\"Name\":\"p\",\"Version\":\"2021-06-01\",\"Statement\":[]}";
        sns.putDataProtectionPolicy(b -> b.resourceArn(arn).dataProtectionPolicy(policy));
        assertThat(sns.getDataProtectionPolicy(b -> b.resourceArn(arn)).dataProtectionPolicy()).isEqualTo(policy);
        assertAwsError(() -> sns.getDataProtectionPolicy(b -> b.resourceArn(arn + "x")), NotFoundException.class,
                404, "NotFound", "Topic does not exist");
    }
}
