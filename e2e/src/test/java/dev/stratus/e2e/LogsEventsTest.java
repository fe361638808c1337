package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/** PutLogEvents and GetLogEvents through the AWS SDK for Java v2. */
class LogsEventsTest {
    static final StratusServer stratus = StratusServer.start();
    static final CloudWatchLogsClient logs = stratus.client(CloudWatchLogsClient.builder());
    static final long HOUR = 3_600_000L;
    static final long DAY = 24 * HOUR;

    @AfterAll
    static void stop() {
        logs.close();
        stratus.close();
    }

    /** A fresh group with one stream "s". */
    static String groupWithStream() {
        String group = "events-" + UUID.randomUUID().toString().substring(0, 8);
        logs.createLogGroup(b -> b.logGroupName(group));
        logs.createLogStream(b -> b.logGroupName(group).logStreamName("s"));
        return group;
    }

    static InputLogEvent event(long ts, String message) {
        return InputLogEvent.builder().timestamp(ts).message(message).build();
    }

    static PutLogEventsResponse put(String group, InputLogEvent... events) {
        return logs.putLogEvents(b -> b.logGroupName(group).logStreamName("s").logEvents(events));
    }

    static List<String> messages(List<OutputLogEvent> events) {
        return events.stream().map(OutputLogEvent::message).toList();
    }

    @Test
    void putThenGetReturnsEventsInTimeOrder() {
        String group = groupWithStream();
        long now = System.currentTimeMillis();
        PutLogEventsResponse r = put(group, event(now - 2000, "first"), event(now - 1000, "second"),
                event(now - 1000, "third, same ms"), event(now, "fourth ✓"));
        assertThat(r.nextSequenceToken()).matches("\\d{56}");
        assertThat(r.rejectedLogEventsInfo()).isNull();
        PutLogEventsResponse r2 = logs.putLogEvents(b -> b.logGroupName(group).logStreamName("s")
                .sequenceToken("anything, AWS ignores it now").logEvents(event(now, "fifth")));
        assertThat(r2.nextSequenceToken()).isNotEqualTo(r.nextSequenceToken());

        GetLogEventsResponse got = logs.getLogEvents(b -> b.logGroupName(group).logStreamName("s"));
        assertThat(messages(got.events())).containsExactly("first", "second", "third, same ms", "fourth ✓", "fifth");
        assertThat(got.events().get(0).timestamp()).isEqualTo(now - 2000);
        assertThat(got.events().get(0).ingestionTime()).isBetween(now - 5000, System.currentTimeMillis());
        assertThat(got.nextForwardToken()).startsWith("f/");
        assertThat(got.nextBackwardToken()).startsWith("b/");

        LogStream s = logs.describeLogStreams(b -> b.logGroupName(group)).logStreams().get(0);
        assertThat(s.firstEventTimestamp()).isEqualTo(now - 2000);
        assertThat(s.lastEventTimestamp()).isEqualTo(now);
        assertThat(s.uploadSequenceToken()).isEqualTo(r2.nextSequenceToken());
        long bytes = "first".length() + "second".length() + "third, same ms".length()
                + "fourth ✓".getBytes(java.nio.charset.StandardCharsets.UTF_8).length + "fifth".length();
        assertThat(logs.describeLogGroups(b -> b.logGroupNamePrefix(group)).logGroups().get(0).storedBytes())
                .isEqualTo(bytes);
    }

    @Test
    void eventsMustBeChronological() {
        String group = groupWithStream();
        long now = System.currentTimeMillis();
        assertThatThrownBy(() -> put(group, event(now, "b"), event(now - 1, "a")))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("Log events in a single PutLogEvents request must be in chronological order.");
                });
        assertThat(logs.getLogEvents(b -> b.logGroupName(group).logStreamName("s")).events()).isEmpty();
    }

    @Test
    void aBatchMayNotSpanMoreThanADay() {
        String group = groupWithStream();
        long now = System.currentTimeMillis();
        assertThatThrownBy(() -> put(group, event(now - DAY - 1, "a"), event(now, "b")))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(
                        e.awsErrorDetails().errorMessage()).isEqualTo(
                        "The batch of log events in a single PutLogEvents request cannot span more than 24 hours."));
        put(group, event(now - DAY, "a"), event(now, "b"));
    }

    @Test
    void batchSizeCountsTwentySixBytesPerEvent() {
        String group = groupWithStream();
        long now = System.currentTimeMillis();
        String half = "x".repeat(524_288);
        assertThatThrownBy(() -> put(group, event(now, half), event(now, half)))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(
                        e.awsErrorDetails().errorMessage()).isEqualTo(
                        "Upload too large: 1048628 bytes exceeds limit of 1048576"));
        put(group, event(now, "y".repeat(1_048_576 - 26)));
        assertThat(logs.getLogEvents(b -> b.logGroupName(group).logStreamName("s")).events().get(0).message())
                .hasSize(1_048_550);
    }

    @Test
    void atMostTenThousandEvents() {
        String group = groupWithStream();
        long now = System.currentTimeMillis();
        InputLogEvent[] many = IntStream.range(0, 10_001).mapToObj(i -> event(now, "m")).toArray(InputLogEvent[]::new);
        assertThatThrownBy(() -> put(group, many)).isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("Member must have length less than or equal to 10000");
        put(group, java.util.Arrays.copyOf(many, 10_000));
        assertThat(logs.getLogEvents(b -> b.logGroupName(group).logStreamName("s").startFromHead(true)).events())
                .hasSize(10_000);
    }

    @Test
    void tooOldTooNewAndExpiredEventsAreRejectedNotFailed() {
        String group = groupWithStream();
        long now = System.currentTimeMillis();
        PutLogEventsResponse old = put(group, event(now - 14 * DAY - HOUR, "ancient"), event(now - 14 * DAY + HOUR,
                "old but fine"));
        assertThat(old.rejectedLogEventsInfo().tooOldLogEventEndIndex()).isEqualTo(1);
        assertThat(old.rejectedLogEventsInfo().tooNewLogEventStartIndex()).isNull();

        PutLogEventsResponse future = put(group, event(now + HOUR, "soon"), event(now + 3 * HOUR, "too far"));
        assertThat(future.rejectedLogEventsInfo().tooNewLogEventStartIndex()).isEqualTo(1);
        assertThat(future.rejectedLogEventsInfo().tooOldLogEventEndIndex()).isNull();

        logs.putRetentionPolicy(b -> b.logGroupName(group).retentionInDays(1));
        PutLogEventsResponse expired = put(group, event(now - 25 * HOUR, "expired"), event(now - 23 * HOUR, "kept"));
        assertThat(expired.rejectedLogEventsInfo().expiredLogEventEndIndex()).isEqualTo(1);

        logs.deleteRetentionPolicy(b -> b.logGroupName(group));
        assertThat(messages(logs.getLogEvents(b -> b.logGroupName(group).logStreamName("s").startFromHead(true))
                .events())).containsExactly("old but fine", "kept", "soon");
    }

    @Test
    void expiredEventsAreHiddenAsSoonAsRetentionShrinks() {
        String group = groupWithStream();
        long now = System.currentTimeMillis();
        put(group, event(now - 2 * DAY, "two days old"), event(now - 2 * DAY + 1, "also old"));
        put(group, event(now, "fresh"));
        logs.putRetentionPolicy(b -> b.logGroupName(group).retentionInDays(1));
        assertThat(messages(logs.getLogEvents(b -> b.logGroupName(group).logStreamName("s")).events()))
                .containsExactly("fresh");
        assertThat(logs.filterLogEvents(b -> b.logGroupName(group)).events()).hasSize(1);
    }

    @Test
    void missingGroupOrStream() {
        String group = groupWithStream();
        long now = System.currentTimeMillis();
        assertThatThrownBy(() -> logs.putLogEvents(b -> b.logGroupName(group + "x").logStreamName("s")
                .logEvents(event(now, "m"))))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> assertThat(
                        e.awsErrorDetails().errorMessage()).isEqualTo("The specified log group does not exist."));
        assertThatThrownBy(() -> logs.putLogEvents(b -> b.logGroupName(group).logStreamName("t")
                .logEvents(event(now, "m"))))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> assertThat(
                        e.awsErrorDetails().errorMessage()).isEqualTo("The specified log stream does not exist."));
        assertThatThrownBy(() -> logs.getLogEvents(b -> b.logGroupName(group).logStreamName("t")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> logs.getLogEvents(b -> b.logGroupName(group + "x").logStreamName("s")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void getLogEventsReturnsTheNewestPageFirstAndPagesBackward() {
        String group = groupWithStream();
        long base = System.currentTimeMillis() - HOUR;
        put(group, IntStream.range(0, 10).mapToObj(i -> event(base + i, "e" + i)).toArray(InputLogEvent[]::new));

        GetLogEventsResponse newest = logs.getLogEvents(b -> b.logGroupName(group).logStreamName("s").limit(3));
        assertThat(messages(newest.events())).containsExactly("e7", "e8", "e9");
        GetLogEventsResponse older = logs.getLogEvents(b -> b.logGroupName(group).logStreamName("s").limit(3)
                .nextToken(newest.nextBackwardToken()));
        assertThat(messages(older.events())).containsExactly("e4", "e5", "e6");
        GetLogEventsResponse back = logs.getLogEvents(b -> b.logGroupName(group).logStreamName("s").limit(3)
                .nextToken(older.nextForwardToken()));
        assertThat(messages(back.events())).containsExactly("e7", "e8", "e9");

        // At the end the same token comes back, in either direction.
        GetLogEventsResponse end = logs.getLogEvents(b -> b.logGroupName(group).logStreamName("s")
                .nextToken(newest.nextForwardToken()));
        assertThat(end.events()).isEmpty();
        assertThat(end.nextForwardToken()).isEqualTo(newest.nextForwardToken());
        GetLogEventsResponse oldest = logs.getLogEvents(b -> b.logGroupName(group).logStreamName("s").limit(4)
                .nextToken(older.nextBackwardToken()));
        assertThat(messages(oldest.events())).containsExactly("e0", "e1", "e2", "e3");
        GetLogEventsResponse start = logs.getLogEvents(b -> b.logGroupName(group).logStreamName("s")
                .nextToken(oldest.nextBackwardToken()));
        assertThat(start.events()).isEmpty();
        assertThat(start.nextBackwardToken()).isEqualTo(oldest.nextBackwardToken());

        // New events show up behind a forward token that had reached the end.
        put(group, event(base + 100, "late"));
        assertThat(messages(logs.getLogEvents(b -> b.logGroupName(group).logStreamName("s")
                .nextToken(end.nextForwardToken())).events())).containsExactly("late");
    }

    @Test
    void thePaginatorWalksForwardFromTheHeadAndStops() {
        String group = groupWithStream();
        long base = System.currentTimeMillis() - HOUR;
        put(group, IntStream.range(0, 25).mapToObj(i -> event(base + i, "e" + i)).toArray(InputLogEvent[]::new));
        List<String> all = new ArrayList<>();
        int pages = 0;
        for (GetLogEventsResponse page : logs.getLogEventsPaginator(b -> b.logGroupName(group).logStreamName("s")
                .startFromHead(true).limit(10))) {
            all.addAll(messages(page.events()));
            pages++;
        }
        assertThat(all).containsExactlyElementsOf(IntStream.range(0, 25).mapToObj(i -> "e" + i).toList());
        assertThat(pages).isEqualTo(4); // 10 + 10 + 5 + the empty page that repeats the token
    }

    @Test
    void startTimeIsInclusiveEndTimeExclusive() {
        String group = groupWithStream();
        long base = System.currentTimeMillis() - HOUR;
        put(group, IntStream.range(0, 10).mapToObj(i -> event(base + i * 10, "e" + i)).toArray(InputLogEvent[]::new));
        assertThat(messages(logs.getLogEvents(b -> b.logGroupName(group).logStreamName("s").startFromHead(true)
                .startTime(base + 20).endTime(base + 50)).events())).containsExactly("e2", "e3", "e4");
        GetLogEventsResponse none = logs.getLogEvents(b -> b.logGroupName(group).logStreamName("s")
                .startTime(base + 1000));
        assertThat(none.events()).isEmpty();
        assertThat(none.nextForwardToken()).startsWith("f/");
        assertThat(none.nextBackwardToken()).startsWith("b/");
    }

    @Test
    void getLogEventsByArnAndTokenErrors() {
        String group = groupWithStream();
        put(group, event(System.currentTimeMillis(), "by arn"));
        String arn = "arn:aws:logs:us-east-1:000000000000:log-group:" + group;
        assertThat(messages(logs.getLogEvents(b -> b.logGroupIdentifier(arn).logStreamName("s")).events()))
                .containsExactly("by arn");
        assertThatThrownBy(() -> logs.getLogEvents(b -> b.logGroupName(group).logStreamName("s").nextToken("x/1")))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(
                        e.awsErrorDetails().errorMessage()).isEqualTo("The specified nextToken is invalid."));
        assertThatThrownBy(() -> logs.getLogEvents(b -> b.logGroupName(group).logGroupIdentifier(arn)
                .logStreamName("s"))).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> logs.getLogEvents(b -> b.logStreamName("s"))).isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void responsesStopAtOneMegabyte() {
        String group = groupWithStream();
        long now = System.currentTimeMillis();
        String big = "z".repeat(400_000);
        put(group, event(now - 3, big), event(now - 2, big));
        put(group, event(now - 1, big));
        GetLogEventsResponse head = logs.getLogEvents(b -> b.logGroupName(group).logStreamName("s").startFromHead(true));
        assertThat(head.events()).hasSize(2);
        assertThat(logs.getLogEvents(b -> b.logGroupName(group).logStreamName("s").nextToken(head.nextForwardToken()))
                .events()).hasSize(1);
    }

    @Test
    void concurrentWritersOnOneStreamLoseNothing() throws Exception {
        String group = groupWithStream();
        long now = System.currentTimeMillis();
        int writers = 8;
        int batches = 25;
        int perBatch = 20;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    for (int b = 0; b < batches; b++) {
                        int batch = b;
                        put(group, IntStream.range(0, perBatch)
                                .mapToObj(i -> event(now, writer + "-" + batch + "-" + i)).toArray(InputLogEvent[]::new));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        Set<String> seen = new HashSet<>();
        for (GetLogEventsResponse page : logs.getLogEventsPaginator(b -> b.logGroupName(group).logStreamName("s")
                .startFromHead(true))) {
            page.events().forEach(e -> seen.add(e.message()));
        }
        assertThat(seen).hasSize(writers * batches * perBatch);
        long bytes = seen.stream().mapToLong(String::length).sum();
        assertThat(logs.describeLogGroups(b -> b.logGroupNamePrefix(group)).logGroups().get(0).storedBytes())
                .isEqualTo(bytes);
    }

    @Test
    void otherServicesWriteThroughTheRegistryInProcess() {
        String group = groupWithStream();
        ObjectNode input = new ObjectMapper().createObjectNode();
        input.put("logGroupName", group).put("logStreamName", "s");
        input.putArray("logEvents").addObject().put("timestamp", System.currentTimeMillis()).put("message", "START");
        JsonNode out = stratus.app().registry().call("logs", "PutLogEvents",
                RequestContext.internal("000000000000", "us-east-1"), input);
        assertThat(out.get("nextSequenceToken").asText()).hasSize(56);
        assertThat(messages(logs.getLogEvents(b -> b.logGroupName(group).logStreamName("s")).events()))
                .containsExactly("START");
    }
}
