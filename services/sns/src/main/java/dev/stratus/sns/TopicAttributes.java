package dev.stratus.sns;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Which topic attributes may be set, and the full set GetTopicAttributes answers (stored plus derived). */
final class TopicAttributes {
    static final Set<String> SETTABLE = Set.of("DeliveryPolicy", "DisplayName", "Policy", "KmsMasterKeyId",
            "SignatureVersion", "TracingConfig", "ContentBasedDeduplication", "ArchivePolicy", "FifoThroughputScope",
            "DataProtectionPolicy",
            "ApplicationSuccessFeedbackRoleArn", "ApplicationSuccessFeedbackSampleRate",
            "ApplicationFailureFeedbackRoleArn", "HTTPSuccessFeedbackRoleArn", "HTTPSuccessFeedbackSampleRate",
            "HTTPFailureFeedbackRoleArn", "LambdaSuccessFeedbackRoleArn", "LambdaSuccessFeedbackSampleRate",
            "LambdaFailureFeedbackRoleArn", "SQSSuccessFeedbackRoleArn", "SQSSuccessFeedbackSampleRate",
            "SQSFailureFeedbackRoleArn", "FirehoseSuccessFeedbackRoleArn", "FirehoseSuccessFeedbackSampleRate",
            "FirehoseFailureFeedbackRoleArn");

    /** What SNS reports when no DeliveryPolicy was set: the HTTP default retry policy. */
    static final String DEFAULT_EFFECTIVE_DELIVERY_POLICY = "{\"http\":{\"defaultHealthyRetryPolicy\":"
            + "{\"minDelayTarget\":20,\"maxDelayTarget\":20,\"numRetries\":3,\"numMaxDelayRetries\":0,"
            + "\"numNoDelayRetries\":0,\"numMinDelayRetries\":0,\"backoffFunction\":\"linear\"},"
            + "\"disableSubscriptionOverrides\":false,\"defaultRequestPolicy\":"
            + "{\"headerContentType\":\"text/plain; charset=UTF-8\"}}}";

    private TopicAttributes() {
    }

    /** The access policy a new topic gets: its owner may do everything. */
    static String defaultPolicy(String topicArn, String owner) {
        return "{\"Version\":\"2008-10-17\",\"Id\":\"__default_policy_ID\",\"Statement\":[{\"Sid\":"
                + "\"__default_statement_ID\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":["
                + "\"SNS:GetTopicAttributes\",\"SNS:SetTopicAttributes\",\"SNS:AddPermission\","
                + "\"SNS:RemovePermission\",\"SNS:DeleteTopic\",\"SNS:Subscribe\",\"SNS:ListSubscriptionsByTopic\","
                + "\"SNS:Publish\"],\"Resource\":\"" + topicArn + "\",\"Condition\":{\"StringEquals\":"
                + "{\"AWS:SourceOwner\":\"" + owner + "\"}}}]}";
    }

    static Map<String, String> render(TopicRecord topic, int confirmed, int pending) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("Policy", defaultPolicy(topic.arn(), topic.owner()));
        out.put("Owner", topic.owner());
        out.put("SubscriptionsPending", Integer.toString(pending));
        out.put("TopicArn", topic.arn());
        out.put("EffectiveDeliveryPolicy", DEFAULT_EFFECTIVE_DELIVERY_POLICY);
        out.put("SubscriptionsConfirmed", Integer.toString(confirmed));
        out.put("DisplayName", "");
        out.put("SubscriptionsDeleted", "0");
        if (topic.fifo()) {
            out.put("FifoTopic", "true");
            out.put("ContentBasedDeduplication", "false");
        }
        out.putAll(topic.attributes());
        if (topic.attributes().containsKey("DeliveryPolicy")) {
            out.put("EffectiveDeliveryPolicy", topic.attributes().get("DeliveryPolicy"));
        }
        return out;
    }
}
