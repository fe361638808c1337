package dev.stratus.logs;

import dev.stratus.platform.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.OperationRegistry;
import dev.stratus.platform.Platform;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.StratusConfig;
import dev.stratus.platform.auth.CredentialResolver;
import dev.stratus.storage.Cursor;
import dev.stratus.storage.MemoryStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retention with a clock the test controls: reads hide expired events at once, the sweep reclaims them. */
class RetentionSweeperTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
    private static final RequestContext CTX = RequestContext.internal("000000000000", "us-east-1");

    private final MutableClock clock = new MutableClock(START);
    private final MemoryStorage storage = new MemoryStorage();
    private OperationRegistry registry;
    private LogsService logs;

    @BeforeEach
    void start() {
        registry = new OperationRegistry();
        Platform platform = new Platform(StratusConfig.forTests(), storage, clock, registry,
                new CredentialResolver(Map.of()));
        logs = new LogsService(platform);
        registry.register(logs);
        call("CreateLogGroup", "{\"logGroupName\":\"g\"}");
        call("CreateLogStream", "{\"logGroupName\":\"g\",\"logStreamName\":\"s\"}");
        call("CreateLogStream", "{\"logGroupName\":\"g\",\"logStreamName\":\"t\"}");
    }

    @AfterEach
    void stop() {
        logs.close();
    }

    private JsonNode call(String op, String json) {
        try {
            return registry.call("logs", op, CTX, (ObjectNode) JSON.readTree(json));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void put(String stream, long ts, String message) {
        call("PutLogEvents", "{\"logGroupName\":\"g\",\"logStreamName\":\"" + stream + "\",\"logEvents\":[{\"timestamp\":"
                + ts + ",\"message\":\"" + message + "\"}]}");
    }

    private List<String> messages(String stream) {
        ArrayNode events = (ArrayNode) call("GetLogEvents",
                "{\"logGroupName\":\"g\",\"logStreamName\":\"" + stream + "\",\"startFromHead\":true}").get("events");
        List<String> out = new ArrayList<>();
        events.forEach(e -> out.add(e.get("message").asText()));
        return out;
    }

    private long storedEvents() {
        long n = 0;
        try (Cursor c = storage.keyspace(EventStore.KEYSPACE).scan(null, null, false)) {
            while (c.hasNext()) {
                c.next();
                n++;
            }
        }
        return n;
    }

    private JsonNode group() {
        return call("DescribeLogGroups", "{\"logGroupNamePrefix\":\"g\"}").get("logGroups").get(0);
    }

    @Test
    void eventsOlderThanRetentionAreHiddenThenSwept() {
        long t0 = START.toEpochMilli();
        put("s", t0, "day0");
        clock.advance(Duration.ofDays(1));
        put("s", t0 + Duration.ofDays(1).toMillis(), "day1");
        put("t", t0 + Duration.ofDays(1).toMillis(), "t-day1");
        clock.advance(Duration.ofDays(2).plusHours(1));
        put("s", clock.millis(), "day3");
        assertThat(group().get("storedBytes").asLong()).isEqualTo(4 + 4 + 6 + 4);

        // Retention of 3 days at day 3 (plus an hour): day0 is expired, day1 not yet.
        call("PutRetentionPolicy", "{\"logGroupName\":\"g\",\"retentionInDays\":3}");
        assertThat(messages("s")).containsExactly("day1", "day3");
        assertThat(storedEvents()).isEqualTo(4);

        RetentionSweeper.Result first = logs.sweepRetention();
        assertThat(first).isEqualTo(new RetentionSweeper.Result(1, 1, 4));
        assertThat(storedEvents()).isEqualTo(3);
        assertThat(group().get("storedBytes").asLong()).isEqualTo(4 + 6 + 4);
        JsonNode s = call("DescribeLogStreams", "{\"logGroupName\":\"g\",\"logStreamNamePrefix\":\"s\"}")
                .get("logStreams").get(0);
        assertThat(s.get("firstEventTimestamp").asLong()).isEqualTo(t0 + Duration.ofDays(1).toMillis());

        // Two more days: day1 expires in both streams; a second sweep finds nothing left to do.
        clock.advance(Duration.ofDays(2));
        assertThat(messages("t")).isEmpty();
        assertThat(logs.sweepRetention()).isEqualTo(new RetentionSweeper.Result(2, 2, 10));
        assertThat(logs.sweepRetention()).isEqualTo(new RetentionSweeper.Result(0, 0, 0));
        assertThat(messages("s")).containsExactly("day3");
        assertThat(storedEvents()).isEqualTo(1);
        JsonNode t = call("DescribeLogStreams", "{\"logGroupName\":\"g\",\"logStreamNamePrefix\":\"t\"}")
                .get("logStreams").get(0);
        assertThat(t.has("firstEventTimestamp")).isFalse();
        assertThat(t.get("lastEventTimestamp").asLong()).isEqualTo(t0 + Duration.ofDays(1).toMillis());
    }

    @Test
    void groupsWithoutRetentionKeepEverything() {
        long t0 = START.toEpochMilli();
        put("s", t0, "kept");
        clock.advance(Duration.ofDays(4000));
        assertThat(logs.sweepRetention()).isEqualTo(new RetentionSweeper.Result(0, 0, 0));
        assertThat(messages("s")).containsExactly("kept");
    }

    @Test
    void aLargeBacklogIsSweptInChunks() {
        long t0 = START.toEpochMilli();
        StringBuilder events = new StringBuilder();
        int n = EventStore.DELETE_CHUNK * 2 + 5;
        for (int i = 0; i < n; i++) {
            events.append(i == 0 ? "" : ",").append("{\"timestamp\":").append(t0 + i).append(",\"message\":\"m\"}");
        }
        call("PutLogEvents", "{\"logGroupName\":\"g\",\"logStreamName\":\"s\",\"logEvents\":[" + events + "]}");
        clock.advance(Duration.ofDays(2));
        put("s", clock.millis(), "late");
        call("PutRetentionPolicy", "{\"logGroupName\":\"g\",\"retentionInDays\":1}");
        assertThat(logs.sweepRetention()).isEqualTo(new RetentionSweeper.Result(1, n, n));
        assertThat(messages("s")).containsExactly("late");
    }

    @Test
    void theBackgroundSweeperStartsAndStops() {
        logs.start();
        logs.start();
        logs.close();
        logs.close();
    }
}
