package dev.stratus.logs;

/**
 * A log stream as persisted. Its events live in the event keyspace under {@code id}, a number never reused, so a
 * stream deleted and created again under the same name never sees the old events.
 *
 * @param firstEventTimestamp null until the first event is stored (or after retention removed them all)
 * @param nextSequence the sequence number the next stored event gets; it orders events with equal timestamps
 * @param storedBytes UTF-8 bytes of the messages currently stored
 */
record LogStreamRecord(String groupName, String name, long id, long creationTime, Long firstEventTimestamp,
                       Long lastEventTimestamp, Long lastIngestionTime, long nextSequence, long storedBytes) {

    LogStreamRecord afterPut(long first, long last, long ingestion, long sequence, long addedBytes) {
        return new LogStreamRecord(groupName, name, id, creationTime,
                firstEventTimestamp == null ? first : Math.min(firstEventTimestamp, first),
                lastEventTimestamp == null ? last : Math.max(lastEventTimestamp, last),
                ingestion, sequence, storedBytes + addedBytes);
    }

    LogStreamRecord afterExpiry(Long newFirst, long removedBytes) {
        return new LogStreamRecord(groupName, name, id, creationTime, newFirst, lastEventTimestamp, lastIngestionTime,
                nextSequence, Math.max(0, storedBytes - removedBytes));
    }

    /** The sequence token AWS still reports (and no longer checks): 56 digits naming the stream and position. */
    String sequenceToken() {
        String stream = Long.toUnsignedString(id);
        return "0".repeat(20 - stream.length()) + stream + String.format("%036d", nextSequence);
    }
}
