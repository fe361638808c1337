package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/** FilterLogEvents through the AWS SDK for Java v2, including the polling that {@code aws logs tail} does. */
class LogsFilterEventsTest {
    static final StratusServer stratus = StratusServer.start();
    static final CloudWatchLogsClient logs = stratus.client(CloudWatchLogsClient.builder());

    @AfterAll
    static void stop() {
        logs.close();
        stratus.close();
    }

    static String group(String... streams) {
        String group = "filter-" + UUID.randomUUID().toString().substring(0, 8);
        logs.createLogGroup(b -> b.logGroupName(group));
        for (String s : streams) {
            logs.createLogStream(b -> b.logGroupName(group).logStreamName(s));
        }
        return group;
    }

    static void put(String group, String stream, long ts, String... messages) {
        logs.putLogEvents(b -> b.logGroupName(group).logStreamName(stream).logEvents(
                java.util.Arrays.stream(messages).map(m -> InputLogEvent.builder().timestamp(ts).message(m).build())
                        .toList()));
    }

    static List<String> messages(FilterLogEventsResponse r) {
        return r.events().stream().map(FilteredLogEvent::message).toList();
    }

    @Test
    void eventsOfAllStreamsAreInterleavedByTime() {
        String group = group("a", "b");
        long t = System.currentTimeMillis() - 60_000;
        put(group, "a", t, "a1");
        put(group, "b", t + 1, "b1");
        put(group, "a", t + 2, "a2");
        put(group, "b", t + 2, "b2");

        FilterLogEventsResponse r = logs.filterLogEvents(b -> b.logGroupName(group).interleaved(true));
        assertThat(messages(r)).containsExactly("a1", "b1", "a2", "b2");
        assertThat(r.events()).extracting(FilteredLogEvent::logStreamName).containsExactly("a", "b", "a", "b");
        assertThat(r.events().get(1).timestamp()).isEqualTo(t + 1);
        assertThat(r.events().get(1).ingestionTime()).isPositive();
        assertThat(r.events()).extracting(FilteredLogEvent::eventId).doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(id).matches("\\d{56}"));
        assertThat(r.searchedLogStreams()).isEmpty();
        assertThat(r.nextToken()).isNull();
    }

    @Test
    void streamSelectionAndTimeRangeInclusiveAtBothEnds() {
        String group = group("app-1", "app-2", "db");
        long t = System.currentTimeMillis() - 60_000;
        put(group, "app-1", t, "x1");
        put(group, "app-2", t + 10, "x2");
        put(group, "db", t + 20, "x3");

        assertThat(messages(logs.filterLogEvents(b -> b.logGroupName(group).logStreamNamePrefix("app-"))))
                .containsExactly("x1", "x2");
        assertThat(messages(logs.filterLogEvents(b -> b.logGroupName(group).logStreamNames("db", "app-1"))))
                .containsExactly("x1", "x3");
        assertThat(messages(logs.filterLogEvents(b -> b.logGroupName(group).startTime(t + 10).endTime(t + 20))))
                .containsExactly("x2", "x3");
        assertThat(messages(logs.filterLogEvents(b -> b.logGroupName(group).startTime(t + 21)))).isEmpty();
        assertThat(messages(logs.filterLogEvents(b -> b.logGroupIdentifier(
                "arn:aws:logs:us-east-1:000000000000:log-group:" + group).endTime(t)))).containsExactly("x1");

        assertThatThrownBy(() -> logs.filterLogEvents(b -> b.logGroupName(group).logStreamNames("db")
                .logStreamNamePrefix("a"))).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> logs.filterLogEvents(b -> b.logGroupName(group + "x")))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> assertThat(
                        e.awsErrorDetails().errorMessage()).isEqualTo("The specified log group does not exist."));
    }

    @Test
    void filterPatternsSelectEvents() {
        String group = group("s");
        long t = System.currentTimeMillis() - 60_000;
        put(group, "s", t, "[ERROR] disk full", "[WARN] memory low", "INFO all good",
                "{\"level\":\"ERROR\",\"latency\":1200}", "{\"level\":\"INFO\",\"latency\":5}",
                "10.0.0.1 GET /index.html 404 512");

        assertThat(messages(logs.filterLogEvents(b -> b.logGroupName(group).filterPattern("ERROR"))))
                .containsExactly("[ERROR] disk full", "{\"level\":\"ERROR\",\"latency\":1200}");
        assertThat(messages(logs.filterLogEvents(b -> b.logGroupName(group).filterPattern("?WARN ?INFO -good"))))
                .containsExactly("[WARN] memory low", "{\"level\":\"INFO\",\"latency\":5}");
        assertThat(messages(logs.filterLogEvents(b -> b.logGroupName(group).filterPattern("{ $.latency > 1000 }"))))
                .containsExactly("{\"level\":\"ERROR\",\"latency\":1200}");
        assertThat(messages(logs.filterLogEvents(b -> b.logGroupName(group)
                .filterPattern("[ip, method, path = *.html, status = 4*, bytes]"))))
                .containsExactly("10.0.0.1 GET /index.html 404 512");
        assertThat(messages(logs.filterLogEvents(b -> b.logGroupName(group).filterPattern("")))).hasSize(6);

        assertThatThrownBy(() -> logs.filterLogEvents(b -> b.logGroupName(group).filterPattern("{ $.a = ")))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Invalid filter pattern");
                });
    }

    @Test
    void pagesWithNextTokenUntilItIsAbsent() {
        String group = group("a", "b", "c");
        long t = System.currentTimeMillis() - 60_000;
        for (String s : List.of("a", "b", "c")) {
            put(group, s, t, IntStream.range(0, 7).mapToObj(i -> s + i + (i % 2 == 0 ? " even" : " odd"))
                    .toArray(String[]::new));
        }
        List<String> all = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String next = token;
            FilterLogEventsResponse r = logs.filterLogEvents(b -> b.logGroupName(group).limit(4).nextToken(next));
            all.addAll(messages(r));
            token = r.nextToken();
            pages++;
        } while (token != null);
        assertThat(all).hasSize(21).doesNotHaveDuplicates();
        assertThat(pages).isEqualTo(6);

        List<String> even = logs.filterLogEventsPaginator(FilterLogEventsRequest.builder().logGroupName(group)
                .filterPattern("even").limit(5).build()).events().stream().map(FilteredLogEvent::message).toList();
        assertThat(even).hasSize(12).allMatch(m -> m.endsWith("even"));

        assertThatThrownBy(() -> logs.filterLogEvents(b -> b.logGroupName(group).nextToken("%%%")))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(
                        e.awsErrorDetails().errorMessage()).isEqualTo("The specified nextToken is invalid."));
    }

    /** What {@code aws logs tail --follow} does: poll with startTime at the newest timestamp seen, drop repeats. */
    @Test
    void followingByStartTimeSeesEachEventOnce() {
        String group = group("s1", "s2");
        long t = System.currentTimeMillis() - 60_000;
        put(group, "s1", t, "one", "two");
        Set<String> seenIds = new HashSet<>();
        List<String> shown = new ArrayList<>();
        long[] startTime = {t - 600_000};
        Runnable poll = () -> {
            String token = null;
            do {
                String next = token;
                FilterLogEventsResponse r = logs.filterLogEvents(b -> b.logGroupName(group).interleaved(true)
                        .startTime(startTime[0]).nextToken(next));
                for (FilteredLogEvent e : r.events()) {
                    if (seenIds.add(e.eventId())) {
                        shown.add(e.message());
                        startTime[0] = Math.max(startTime[0], e.timestamp());
                    }
                }
                token = r.nextToken();
            } while (token != null);
        };
        poll.run();
        assertThat(shown).containsExactly("one", "two");
        put(group, "s2", t, "three at the same millisecond");
        put(group, "s1", t + 5, "four");
        poll.run();
        poll.run();
        assertThat(shown).containsExactly("one", "two", "three at the same millisecond", "four");
    }
}
