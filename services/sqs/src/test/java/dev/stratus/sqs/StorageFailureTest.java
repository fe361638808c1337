package dev.stratus.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.platform.testing.MutableClock;
import dev.stratus.protocol.AwsException;
import dev.stratus.storage.Batch;
import dev.stratus.storage.Keyspace;
import dev.stratus.storage.MemoryStorage;
import dev.stratus.storage.Storage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A message change whose storage write fails is answered with an error and leaves no trace in the queue. */
class StorageFailureTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final AtomicBoolean failing = new AtomicBoolean();
    final FailingStorage storage = new FailingStorage(new MemoryStorage(), failing);
    final SqsStore store = new SqsStore(storage);
    final SqsQueue queue = queue("q");

    SqsQueue queue(String name) {
        QueueRecord r = new QueueRecord("1", "us-east-1", name, Map.copyOf(QueueAttributes.defaults(false)),
                Map.of(), 0, 0);
        store.putQueue(r);
        return new SqsQueue(r, store, List.of());
    }

    static OutgoingMessage message(String body) {
        return new OutgoingMessage(body, MessageDigests.md5Hex(body), Map.of(), null, "me", 0, null, null);
    }

    List<SqsMessage> receive(SqsQueue q) throws InterruptedException {
        return q.receive(10, 30, 0, clock, 0, null).delivered();
    }

    /** What a restart would load: the durable state. */
    List<String> storedBodies() {
        return store.messages(queue.key()).stream().map(SqsMessage::body).toList();
    }

    static void assertServiceUnavailable(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AwsException.class, e -> {
            assertThat(e.code()).isEqualTo("ServiceUnavailable");
            assertThat(e.status()).isEqualTo(503);
        });
    }

    @Test
    void aSendThatCouldNotBeStoredFailsAndIsNeverDelivered() throws Exception {
        queue.send(message("kept"), clock.millis());
        failing.set(true);
        assertServiceUnavailable(() -> queue.send(message("lost"), clock.millis()));
        failing.set(false);

        assertThat(queue.counts(clock.millis())).containsExactly(1, 0, 0);
        assertThat(receive(queue)).extracting(SqsMessage::body).containsExactly("kept");
        assertThat(storedBodies()).containsExactly("kept");
    }

    @Test
    void aReceiveThatCouldNotBeStoredFailsAndLeavesTheMessageVisible() throws Exception {
        queue.send(message("m"), clock.millis());
        failing.set(true);
        assertServiceUnavailable(() -> receive(queue));
        failing.set(false);

        List<SqsMessage> again = receive(queue);
        assertThat(again).extracting(SqsMessage::body).containsExactly("m");
        assertThat(again.get(0).receiveCount()).isEqualTo(1);
    }

    @Test
    void aDeleteThatCouldNotBeStoredFailsAndTheMessageStays() throws Exception {
        queue.send(message("m"), clock.millis());
        SqsMessage received = receive(queue).get(0);
        ReceiptHandle handle = new ReceiptHandle(received.messageId(), received.receiptToken(), received.seq());
        failing.set(true);
        assertServiceUnavailable(() -> queue.delete(handle));
        failing.set(false);

        assertThat(queue.counts(clock.millis())).containsExactly(0, 1, 0);
        clock.advance(java.time.Duration.ofSeconds(31));
        assertThat(receive(queue)).extracting(SqsMessage::body).containsExactly("m");
        assertThat(storedBodies()).containsExactly("m");
    }

    @Test
    void otherQueuesRebuildTooAndKeepWorking() throws Exception {
        SqsQueue other = queue("other");
        other.send(message("o"), clock.millis());
        failing.set(true);
        assertServiceUnavailable(() -> queue.send(message("lost"), clock.millis()));
        failing.set(false);

        other.send(message("o2"), clock.millis());
        assertThat(receive(other)).extracting(SqsMessage::body).containsExactly("o", "o2");
        queue.send(message("after"), clock.millis());
        assertThat(receive(queue)).extracting(SqsMessage::body).containsExactly("after");
    }

    /** Memory storage whose batches fail while {@code failing} is set. */
    static final class FailingStorage extends ForwardingStorage {
        private final AtomicBoolean failing;

        FailingStorage(Storage inner, AtomicBoolean failing) {
            super(inner);
            this.failing = failing;
        }

        @Override
        public Batch batch() {
            Batch real = inner.batch();
            return new Batch() {
                @Override
                public Batch put(Keyspace keyspace, byte[] key, byte[] value) {
                    real.put(keyspace, key, value);
                    return this;
                }

                @Override
                public Batch delete(Keyspace keyspace, byte[] key) {
                    real.delete(keyspace, key);
                    return this;
                }

                @Override
                public void commit() {
                    if (failing.get()) {
                        throw new IllegalStateException("injected storage failure");
                    }
                    real.commit();
                }
            };
        }
    }
}
