package dev.stratus.lambda.runtime;

/** One CloudWatch Logs event: epoch milliseconds and the message, newline included as Lambda writes it. */
public record LogEvent(long timestamp, String message) {
}
