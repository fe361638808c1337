package dev.stratus.lambda.runtime;

import java.util.List;

/** Where a function's log events go (CloudWatch Logs in Stratus; a list in tests). */
@FunctionalInterface
public interface LogSink {
    LogSink NONE = (account, region, group, stream, events) -> { };

    void publish(String accountId, String region, String group, String stream, List<LogEvent> events);
}
