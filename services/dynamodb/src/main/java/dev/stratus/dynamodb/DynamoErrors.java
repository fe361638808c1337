package dev.stratus.dynamodb;

import dev.stratus.protocol.AwsException;

/**
 * DynamoDB's errors with the namespaced {@code __type} the real service sends
 * ({@code com.amazonaws.dynamodb.v20120810#Code}); SDKs read the part after '#'.
 */
public final class DynamoErrors {
    private static final String NAMESPACE = "com.amazonaws.dynamodb.v20120810#";
    private static final String VALIDATE = "com.amazon.coral.validate#ValidationException";

    private DynamoErrors() {
    }

    public static AwsException validation(String message) {
        return new AwsException(VALIDATE, message, 400);
    }

    public static AwsException of(String code, String message) {
        return new AwsException(NAMESPACE + code, message, 400);
    }

    public static AwsException resourceNotFound(String message) {
        return of("ResourceNotFoundException", message);
    }

    public static AwsException resourceInUse(String message) {
        return of("ResourceInUseException", message);
    }

    public static AwsException conditionalCheckFailed() {
        return of("ConditionalCheckFailedException", "The conditional request failed");
    }
}
