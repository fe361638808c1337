package dev.stratus.dynamodb.stream;

import dev.stratus.dynamodb.DynamoErrors;
import dev.stratus.dynamodb.table.Table;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * Shard iterators as opaque tokens carrying (stream ARN, last sequence read, issue time); they expire after 15
 * minutes, as DynamoDB Streams iterators do.
 */
public final class ShardIterators {
    /** How long an iterator stays valid (DynamoDB Streams API reference). */
    public static final Duration LIFETIME = Duration.ofMinutes(15);
    private final Clock clock;

    /** Where an iterator points: records after {@code after} in the stream. */
    public record Position(String streamArn, long after) {
    }

    public ShardIterators(Clock clock) {
        this.clock = clock;
    }

    /** The single shard of a table's stream. */
    public static String shardId(Table table) {
        return "shardId-00000000000000000001-" + table.id().substring(0, 8);
    }

    public String issue(String streamArn, long after) {
        String token = clock.millis() + "|" + after + "|" + streamArn;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token.getBytes(StandardCharsets.UTF_8));
    }

    public Position read(String iterator) {
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(iterator), StandardCharsets.UTF_8).split("\\|", 3);
        } catch (IllegalArgumentException e) {
            parts = new String[0];
        }
        if (parts.length != 3) {
            throw DynamoErrors.validation("Invalid ShardIterator");
        }
        long issued;
        long after;
        try {
            issued = Long.parseLong(parts[0]);
            after = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            throw DynamoErrors.validation("Invalid ShardIterator");
        }
        if (clock.millis() - issued > LIFETIME.toMillis()) {
            throw DynamoErrors.of("ExpiredIteratorException", "Iterator expired. The iterator was created at time "
                    + java.time.Instant.ofEpochMilli(issued) + " while right now it is " + clock.instant()
                    + " which is further in the future than the tolerated delay of 900000 milliseconds.");
        }
        return new Position(parts[2], after);
    }
}
