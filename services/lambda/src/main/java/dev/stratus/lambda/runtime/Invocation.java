package dev.stratus.lambda.runtime;

/**
 * One event handed to a runtime through {@code /runtime/invocation/next}, with the values of its
 * {@code Lambda-Runtime-*} headers.
 *
 * @param deadlineMs the Unix epoch millisecond after which the invocation times out
 * @param clientContext the caller's client context (JSON), or null
 * @param cognitoIdentity the caller's Cognito identity (JSON), or null
 */
public record Invocation(String requestId, byte[] payload, long deadlineMs, String invokedFunctionArn,
                         String traceId, String clientContext, String cognitoIdentity) {
}
