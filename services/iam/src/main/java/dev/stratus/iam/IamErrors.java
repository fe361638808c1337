package dev.stratus.iam;

import dev.stratus.protocol.AwsException;

/** IAM's errors with the wording IAM uses; the HTTP status comes from the model's error shapes. */
final class IamErrors {
    private IamErrors() {
    }

    /** {@code kind} is "role", "user", ... as in "The role with name X cannot be found." */
    static AwsException noSuchEntity(String kind, String name) {
        return new AwsException("NoSuchEntity", "The " + kind + " with name " + name + " cannot be found.");
    }

    static AwsException alreadyExists(String kindCapitalised, String name) {
        return new AwsException("EntityAlreadyExists", kindCapitalised + " with name " + name + " already exists.");
    }

    static AwsException noSuchInlinePolicy(String kind, String policyName) {
        return new AwsException("NoSuchEntity",
                "The " + kind + " policy with name " + policyName + " cannot be found.");
    }

    static AwsException policyNotAttachable(String arn) {
        return new AwsException("NoSuchEntity", "Policy " + arn + " does not exist or is not attachable.");
    }

    static AwsException policyNotFound(String arn) {
        return new AwsException("NoSuchEntity", "Policy " + arn + " was not found.");
    }

    static AwsException deleteConflict(String message) {
        return new AwsException("DeleteConflict", message);
    }

    static AwsException limitExceeded(String message) {
        return new AwsException("LimitExceeded", message);
    }

    static AwsException invalidInput(String message) {
        return new AwsException("InvalidInput", message);
    }

    /** AWS-owned policies cannot be changed by any account. */
    static AwsException notAuthorized(String callerArn, String action, String resource) {
        return new AwsException("AccessDenied", "User: " + callerArn + " is not authorized to perform: iam:" + action
                + " on resource: policy " + resource, 403);
    }
}
