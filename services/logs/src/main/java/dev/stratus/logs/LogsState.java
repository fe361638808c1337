package dev.stratus.logs;

import dev.stratus.platform.state.DecodedDocuments;
import dev.stratus.platform.state.DocumentStore;
import dev.stratus.protocol.AwsException;
import dev.stratus.storage.Storage;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where CloudWatch Logs keeps its state: log groups and streams as documents keyed by
 * {@code account/region/group[:stream]} (a colon never occurs in a group name), events in {@link EventStore}.
 */
final class LogsState {
    static final String GROUP_NOT_FOUND = "The specified log group does not exist.";
    static final String STREAM_NOT_FOUND = "The specified log stream does not exist.";

    final Storage storage;
    final DocumentStore<LogGroupRecord> groups;
    final DocumentStore<LogStreamRecord> streams;
    /** PutLogEvents reads its group and stream on every call: decoded again only when they changed. */
    final DecodedDocuments<LogGroupRecord> decodedGroups;
    final DecodedDocuments<LogStreamRecord> decodedStreams;
    final EventStore events;
    final ResourceLocks locks = new ResourceLocks();

    LogsState(Storage storage) {
        this.storage = storage;
        this.groups = new DocumentStore<>(storage, "logs.groups", LogGroupRecord.class);
        this.streams = new DocumentStore<>(storage, "logs.streams", LogStreamRecord.class);
        this.events = new EventStore(storage);
        this.decodedGroups = new DecodedDocuments<>(groups);
        this.decodedStreams = new DecodedDocuments<>(streams);
    }

    static String groupKey(Scope s, String group) {
        return s.prefix() + group;
    }

    static String streamPrefix(Scope s, String group) {
        return s.prefix() + group + ":";
    }

    static String streamKey(Scope s, String group, String stream) {
        return streamPrefix(s, group) + stream;
    }

    Optional<LogGroupRecord> group(Scope s, String name) {
        return decodedGroups.get(groupKey(s, name));
    }

    LogGroupRecord requireGroup(Scope s, String name) {
        return group(s, name).orElseThrow(() -> notFound(GROUP_NOT_FOUND));
    }

    LogStreamRecord requireStream(Scope s, String group, String stream) {
        return decodedStreams.get(streamKey(s, group, stream)).orElseThrow(() -> notFound(STREAM_NOT_FOUND));
    }

    /** A group's streams in name order. */
    List<LogStreamRecord> streamsOf(Scope s, String group) {
        return streams.list(streamPrefix(s, group));
    }

    /** A fresh stream id: positive and random, so ids are never reused and keys of streams never interleave. */
    static long newStreamId() {
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
        } while (id == 0);
        return id;
    }

    static AwsException notFound(String message) {
        return new AwsException("ResourceNotFoundException", message, 400);
    }

    static AwsException invalid(String message) {
        return new AwsException("InvalidParameterException", message, 400);
    }
}
