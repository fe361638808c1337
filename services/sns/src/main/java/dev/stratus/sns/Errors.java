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
}
