package dev.stratus.dynamodb.partiql;

import dev.stratus.dynamodb.DynamoErrors;
import dev.stratus.protocol.AwsException;

/** PartiQL's validation messages, as DynamoDB words them. */
final class PartiqlErrors {
    static final String INCOMPLETE_KEY = "Where clause does not contain a mandatory equality on all key attributes";

    private PartiqlErrors() {
    }

    /** A statement the parser rejects. */
    static AwsException malformed(String detail) {
        return DynamoErrors.validation("Statement wasn't well formed, can't be processed: " + detail);
    }

    static AwsException validation(String message) {
        return DynamoErrors.validation(message);
    }
}
