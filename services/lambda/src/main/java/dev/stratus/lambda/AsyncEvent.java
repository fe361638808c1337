package dev.stratus.lambda;

/**
 * One accepted asynchronous invocation waiting in the durable event queue ({@code lambda-async-events}).
 *
 * @param requestId the Invoke's request id, which every attempt and the invocation record keep
 * @param qualifier the version or alias the event was sent to, null for the unqualified function
 * @param dueAtMillis when the next attempt may start (the queue's key orders events by it)
 * @param attempts how many times the function has run this event so far
 * @param throttles how many attempts in a row found no concurrency (they back off, and do not count as retries)
 * @param lastFunctionError the last attempt's {@code FunctionError}, null when none ran yet
 */
public record AsyncEvent(String requestId, String accountId, String region, String functionName, String qualifier,
                         byte[] payload, long enqueuedAtMillis, long dueAtMillis, int attempts, int throttles,
                         String lastExecutedVersion, String lastFunctionError, byte[] lastResponse) {

    /** The function ARN with the qualifier the event was sent to ({@code $LATEST} when none), as records show it. */
    String qualifiedArn() {
        return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + functionName + ":"
                + (qualifier == null ? "$LATEST" : qualifier);
    }

    AsyncEvent failedAttempt(AsyncInvocations.Outcome outcome, long nextDue) {
        return new AsyncEvent(requestId, accountId, region, functionName, qualifier, payload, enqueuedAtMillis,
                nextDue, attempts + 1, 0, outcome.executedVersion(), outcome.functionError(), outcome.response());
    }

    AsyncEvent throttled(long nextDue) {
        return new AsyncEvent(requestId, accountId, region, functionName, qualifier, payload, enqueuedAtMillis,
                nextDue, attempts, throttles + 1, lastExecutedVersion, lastFunctionError, lastResponse);
    }
}
