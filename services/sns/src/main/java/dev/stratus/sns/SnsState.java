package dev.stratus.sns;

import dev.stratus.platform.state.DocumentStore;
import dev.stratus.storage.Storage;
import java.util.List;
import java.util.Optional;

/**
 * Topics and subscriptions, persisted per account and region: topics under {@code account/region/name},
 * subscriptions under {@code account/region/topicName/id} so one prefix lists a topic's subscriptions.
 */
final class SnsState {
    private final DocumentStore<TopicRecord> topics;
    private final DocumentStore<SubscriptionRecord> subscriptions;

    SnsState(Storage storage) {
        this.topics = new DocumentStore<>(storage, "sns.topics", TopicRecord.class);
        this.subscriptions = new DocumentStore<>(storage, "sns.subscriptions", SubscriptionRecord.class);
    }

    private static String topicKey(SnsArn topic) {
        return topic.scope() + topic.topicName();
    }

    private static String subscriptionKey(SnsArn sub) {
        return sub.scope() + sub.resource().replace(':', '/');
    }

    Optional<TopicRecord> topic(SnsArn arn) {
        return topics.get(topicKey(arn));
    }

    /** The topic, or NotFound "Topic does not exist". */
    TopicRecord requireTopic(SnsArn arn) {
        return topic(arn).orElseThrow(Errors::topicNotFound);
    }

    void putTopic(TopicRecord topic) {
        topics.put(topicKey(SnsArn.parse(topic.arn())), topic);
    }

    void deleteTopic(SnsArn arn) {
        for (String key : subscriptions.keys(topicKey(arn) + "/")) {
            subscriptions.delete(key);
        }
        topics.delete(topicKey(arn));
    }

    List<TopicRecord> topics(String account, String region) {
        return topics.list(account + "/" + region + "/");
    }

    Optional<SubscriptionRecord> subscription(SnsArn arn) {
        return subscriptions.get(subscriptionKey(arn));
    }

    SubscriptionRecord requireSubscription(SnsArn arn) {
        return subscription(arn).orElseThrow(Errors::subscriptionNotFound);
    }

    void putSubscription(SubscriptionRecord sub) {
        subscriptions.put(subscriptionKey(SnsArn.parse(sub.arn())), sub);
    }

    void deleteSubscription(SnsArn arn) {
        subscriptions.delete(subscriptionKey(arn));
    }

    List<SubscriptionRecord> subscriptionsOf(SnsArn topic) {
        return subscriptions.list(topicKey(topic) + "/");
    }

    List<SubscriptionRecord> subscriptions(String account, String region) {
        return subscriptions.list(account + "/" + region + "/");
    }
}
