package dev.stratus.sqs;

import dev.stratus.protocol.AwsException;

/** SQS's error codes and AWS's wording for them. */
final class SqsErrors {
    /** Where queue URLs point when a request carried no Host (in-process calls). */
    static final String DEFAULT_ENDPOINT = "http://localhost:4566";

    private SqsErrors() {
    }

    static AwsException queueDoesNotExist() {
        return new AwsException("QueueDoesNotExist", "The specified queue does not exist.");
    }

    static AwsException invalidParameter(String message) {
        return new AwsException("InvalidParameterValue", message, 400);
    }

    static AwsException missingParameter(String name) {
        return new AwsException("MissingParameter", "The request must contain the parameter " + name + ".", 400);
    }

    /** AWS's wording for a number outside its range: {@code Value 11 for parameter X is invalid. Reason: ...}. */
    static AwsException outOfRange(String parameter, Object value, String reason) {
        return invalidParameter("Value " + value + " for parameter " + parameter + " is invalid. Reason: " + reason);
    }

    static AwsException invalidReceiptHandle(String handle) {
        return new AwsException("ReceiptHandleIsInvalid",
                "The input receipt handle \"" + handle + "\" is not a valid receipt handle.", 400);
    }

    /** A change that could not be stored: AWS's common 503, which the SDKs retry. Nothing of it was applied. */
    static AwsException serviceUnavailable() {
        return new AwsException("ServiceUnavailable", "The request has failed due to a temporary failure of the "
                + "server.", 503, false);
    }

    static AwsException invalidAttributeName(String name) {
        return new AwsException("InvalidAttributeName", "Unknown Attribute " + name + ".", 400);
    }

    static AwsException invalidAttributeValue(String name, String reason) {
        return new AwsException("InvalidAttributeValue", "Invalid value for the parameter " + name + "."
                + (reason == null ? "" : " Reason: " + reason), 400);
    }
}
