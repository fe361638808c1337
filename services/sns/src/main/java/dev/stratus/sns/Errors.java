package dev.stratus.sns;

import dev.stratus.protocol.AwsException;

/** SNS's error texts: "Invalid parameter: X" and friends. */
final class Errors {
    private Errors() {
    }

    static AwsException invalidParameter(String what) {
        return new AwsException("InvalidParameter", "Invalid parameter: " + what);
    }

    static AwsException invalidParameter(String what, String reason) {
        return new AwsException("InvalidParameter", "Invalid parameter: " + what + " Reason: " + reason);
    }

    static AwsException topicNotFound() {
        return new AwsException("NotFound", "Topic does not exist");
    }

    static AwsException subscriptionNotFound() {
        return new AwsException("NotFound", "Subscription does not exist");
    }

    static AwsException resourceNotFound() {
        return new AwsException("ResourceNotFound", "Resource does not exist");
    }

    /** A caller from another account whom the topic's policy does not let do {@code action}. */
    static void checkAccess(dev.stratus.platform.RequestContext ctx, TopicRecord topic, String action) {
        if (!ctx.accountId().equals(topic.owner()) && !TopicPolicy.of(topic).allows(ctx.accountId(), action)) {
            throw new AwsException("AuthorizationError", "User: " + ctx.principalArn() + " is not authorized to "
                    + "perform: SNS:" + action + " on resource: " + topic.arn()
                    + " because no resource-based policy allows the SNS:" + action + " action");
        }
    }
}
