package dev.stratus.sqs;

import java.util.Map;

/**
 * A message as held in memory: what was sent (never changes), and its delivery state (receive count, visibility,
 * latest receipt), which is stored apart so a receive or visibility change writes a few bytes, not the body (see
 * {@link MessageRecords}). Times are epoch milliseconds.
 *
 * @param seq the queue's ordering key (also the storage key), increasing in send order
 * @param bodyMd5 the hex MD5 of the body, computed once at send (every receive answers it)
 * @param visibleAt when the message may next be received (after its delay or visibility timeout)
 * @param receiptToken the token of the latest receive's receipt handle, null before the first receive
 * @param sequenceNumber FIFO queues' SequenceNumber, else null
 * @param deadLetterSourceArn the queue a redrive moved it from, else null
 */
record SqsMessage(long seq, String messageId, String body, String bodyMd5, Map<String, MessageAttribute> attributes,
                  String traceHeader, String senderId, long sentAt, long visibleAt, int receiveCount,
                  long firstReceiveAt, String receiptToken, String groupId, String deduplicationId,
                  String sequenceNumber, String deadLetterSourceArn) {

    boolean inFlight(long now) {
        return receiveCount > 0 && visibleAt > now;
    }

    boolean delayed(long now) {
        return receiveCount == 0 && visibleAt > now;
    }

    /** Whether it has delivery state stored apart from its record (it was received here). */
    boolean hasDeliveryRecord() {
        return receiptToken != null;
    }

    SqsMessage received(long now, long newVisibleAt, String token) {
        return withDelivery(newVisibleAt, receiveCount + 1, firstReceiveAt == 0 ? now : firstReceiveAt, token);
    }

    SqsMessage withVisibleAt(long newVisibleAt) {
        return withDelivery(newVisibleAt, receiveCount, firstReceiveAt, receiptToken);
    }

    /** This message with another delivery state (the body and the rest stay as sent). */
    SqsMessage withDelivery(long newVisibleAt, int newReceiveCount, long newFirstReceiveAt, String token) {
        return new SqsMessage(seq, messageId, body, bodyMd5, attributes, traceHeader, senderId, sentAt, newVisibleAt,
                newReceiveCount, newFirstReceiveAt, token, groupId, deduplicationId, sequenceNumber,
                deadLetterSourceArn);
    }

    /** This message as a dead-letter queue receives it: same id, body and sent time, never received there. */
    SqsMessage redriven(long newSeq, long now, String sourceArn, String newSequenceNumber) {
        return new SqsMessage(newSeq, messageId, body, bodyMd5, attributes, traceHeader, senderId, sentAt, now, 0, 0,
                null, groupId, deduplicationId, newSequenceNumber, sourceArn);
    }
}
