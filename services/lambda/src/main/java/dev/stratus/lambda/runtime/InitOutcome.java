package dev.stratus.lambda.runtime;

/** How an environment's Init phase ended. */
public sealed interface InitOutcome {

    double durationMs();

    /** The runtime is polling for invocations. */
    record Ready(double durationMs) implements InitOutcome {
    }

    /**
     * Init failed.
     *
     * @param reply what the runtime posted to {@code /runtime/init/error}, or null when the platform saw the failure
     * @param errorType the Lambda error type when {@code reply} is null
     * @param reason the message after {@code RequestId: <id> Error: } when {@code reply} is null
     */
    record Failed(double durationMs, RuntimeReply reply, String errorType, String reason) implements InitOutcome {
    }
}
