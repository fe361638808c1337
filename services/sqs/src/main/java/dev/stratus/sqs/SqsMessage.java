package dev.stratus.sqs;

import java.util.Map;

/**
 * A message as stored: what was sent, and its delivery state. Times are epoch milliseconds.
 *
 * @param seq the queue's ordering key (also the storage key), increasing in send order
 * @param visibleAt when the message may next be received (after its delay or visibility timeout)
 * @param receiptToken the token of the latest receive's receipt handle, null before the first receive
 * @param sequenceNumber FIFO queues' SequenceNumber, else null
 * @param deadLetterSourceArn the queue a redrive moved it from, else null
 */
record SqsMessage(long seq, String messageId, String body, Map<String, MessageAttribute> attributes,
                  String traceHeader, String senderId, long sentAt, long visibleAt, int receiveCount,
                  long firstReceiveAt, String receiptToken, String groupId, String deduplicationId,
                  String sequenceNumber, String deadLetterSourceArn) {

    boolean inFlight(long now) {
        return receiveCount > 0 && visibleAt > now;
    }

    boolean delayed(long now) {
        return receiveCount == 0 && visibleAt > now;
    }

    SqsMessage received(long now, long newVisibleAt, String token) {
        return new SqsMessage(seq, messageId, body, attributes, traceHeader, senderId, sentAt, newVisibleAt,
                receiveCount + 1, firstReceiveAt == 0 ? now : firstReceiveAt, token, groupId, deduplicationId,
                sequenceNumber, deadLetterSourceArn);
    }

    SqsMessage withVisibleAt(long newVisibleAt) {
        return new SqsMessage(seq, messageId, body, attributes, traceHeader, senderId, sentAt, newVisibleAt,
                receiveCount, firstReceiveAt, receiptToken, groupId, deduplicationId, sequenceNumber,
                deadLetterSourceArn);
    }

    /** This message as a dead-letter queue receives it: same id, body and sent time, never received there. */
    SqsMessage redriven(long newSeq, long now, String sourceArn, String newSequenceNumber) {
        return new SqsMessage(newSeq, messageId, body, attributes, traceHeader, senderId, sentAt, now, 0, 0, null,
                groupId, deduplicationId, newSequenceNumber, sourceArn);
    }
}
