package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** Asserts that an SDK call fails exactly as AWS would: exception type, status, error code and message. */
final class AwsErrors {
    private AwsErrors() {
    }

    /** Calls once and checks the failure; a null message is not checked. */
    static void assertAwsError(ThrowingCallable call, Class<? extends AwsServiceException> type, int status,
                               String code, String message) {
        Throwable t = catchThrowable(call);
        assertThat(t).isInstanceOf(type);
        AwsServiceException e = (AwsServiceException) t;
        assertThat(e.statusCode()).as("HTTP status").isEqualTo(status);
        assertThat(e.awsErrorDetails().errorCode()).as("error code").isEqualTo(code);
        if (message != null) {
            assertThat(e.awsErrorDetails().errorMessage()).as("message").isEqualTo(message);
        }
    }
}
