package dev.stratus.lambda;

/**
 * One function version's or alias's asynchronous invocation settings (PutFunctionEventInvokeConfig), as persisted.
 *
 * @param qualifier {@code $LATEST}, a version number or an alias name
 * @param maximumRetryAttempts null when not set (the default of 2 applies)
 * @param maximumEventAgeInSeconds null when not set (the default of 6 hours applies)
 * @param onSuccess destination ARN for successful invocations, or null
 * @param onFailure destination ARN for discarded events, or null
 */
public record EventInvokeConfigRecord(String accountId, String region, String functionName, String qualifier,
                                      Integer maximumRetryAttempts, Integer maximumEventAgeInSeconds,
                                      String onSuccess, String onFailure, long lastModifiedMillis) {

    /** AWS's defaults when a function has no configuration. */
    static final int DEFAULT_RETRY_ATTEMPTS = 2;
    static final int DEFAULT_EVENT_AGE_SECONDS = 6 * 60 * 60;

    int retryAttempts() {
        return maximumRetryAttempts == null ? DEFAULT_RETRY_ATTEMPTS : maximumRetryAttempts;
    }

    int eventAgeSeconds() {
        return maximumEventAgeInSeconds == null ? DEFAULT_EVENT_AGE_SECONDS : maximumEventAgeInSeconds;
    }

    /** The settings in effect when nothing was configured. */
    static EventInvokeConfigRecord defaults() {
        return new EventInvokeConfigRecord(null, null, null, null, null, null, null, null, 0);
    }
}
