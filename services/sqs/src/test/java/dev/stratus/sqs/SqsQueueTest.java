package dev.stratus.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.platform.testing.MutableClock;
import dev.stratus.storage.MemoryStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SqsQueueTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final MemoryStorage storage = new MemoryStorage();
    final SqsStore store = new SqsStore(storage);

    SqsQueue queue(String name) {
        Map<String, String> attrs = QueueAttributes.defaults(name.endsWith(".fifo"));
        attrs.put("ContentBasedDeduplication", "true");
        QueueRecord r = new QueueRecord("1", "us-east-1", name, Map.copyOf(attrs), Map.of(), 0, 0);
        store.putQueue(r);
        return new SqsQueue(r, store, List.of());
    }

    static OutgoingMessage message(String body, String group) {
        return new OutgoingMessage(body, MessageDigests.md5Hex(body), Map.of(), null, "me", 0, group,
                group == null ? null : body);
    }

    List<SqsMessage> receive(SqsQueue q, int max) throws InterruptedException {
        return q.receive(max, 30, 0, clock, 0, null).delivered();
    }

    @Test
    void parallelReceiversNeverShareAMessage() throws Exception {
        SqsQueue q = queue("p");
        for (int i = 0; i < 200; i++) {
            q.send(message("m" + i, null), clock.millis());
        }
        Set<String> seen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        List<Future<Integer>> workers = new java.util.ArrayList<>();
        for (int w = 0; w < 8; w++) {
            workers.add(pool.submit(() -> {
                int dupes = 0;
                while (true) {
                    List<SqsMessage> got = receive(q, 7);
                    if (got.isEmpty()) {
                        return dupes;
                    }
                    for (SqsMessage m : got) {
                        dupes += seen.add(m.messageId()) ? 0 : 1;
                    }
                }
            }));
        }
        for (Future<Integer> f : workers) {
            assertThat(f.get(30, TimeUnit.SECONDS)).isZero();
        }
        assertThat(seen).hasSize(200);
        pool.shutdown();
    }

    @Test
    void aWaitingReceiveWakesOnSend() throws Exception {
        SqsQueue q = queue("w");
        CountDownLatch started = new CountDownLatch(1);
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        Future<List<SqsMessage>> poll = pool.submit(() -> {
            started.countDown();
            return q.receive(1, 30, TimeUnit.SECONDS.toNanos(20), clock, 0, null).delivered();
        });
        started.await();
        long t0 = System.nanoTime();
        q.send(message("hi", null), clock.millis());
        assertThat(poll.get(10, TimeUnit.SECONDS)).extracting(SqsMessage::body).containsExactly("hi");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        pool.shutdown();
    }

    @Test
    void fifoGroupsAreHeldBackWhileAMessageIsInFlight() throws Exception {
        SqsQueue q = queue("f.fifo");
        q.send(message("a1", "a"), clock.millis());
        q.send(message("a2", "a"), clock.millis());
        q.send(message("b1", "b"), clock.millis());
        assertThat(receive(q, 1)).extracting(SqsMessage::body).containsExactly("a1");
        assertThat(receive(q, 10)).extracting(SqsMessage::body).containsExactly("b1");
        clock.advance(Duration.ofSeconds(31));
        assertThat(receive(q, 10)).extracting(SqsMessage::body).containsExactly("a1", "a2", "b1");
    }

    @Test
    void fifoDeduplicationLastsFiveMinutesAndSurvivesARestart() {
        SqsQueue q = queue("d.fifo");
        SqsQueue.Sent first = q.send(message("x", "g"), clock.millis());
        clock.advance(Duration.ofMinutes(4));
        SqsQueue reloaded = new SqsQueue(q.record(), store, store.messages(q.key()));
        assertThat(reloaded.send(message("x", "g"), clock.millis())).isEqualTo(first);
        clock.advance(Duration.ofMinutes(1));
        assertThat(reloaded.send(message("x", "g"), clock.millis()).messageId()).isNotEqualTo(first.messageId());
        assertThat(store.messages(q.key())).hasSize(2);
    }

    @Test
    void stateIsRebuiltFromStorage() throws Exception {
        SqsQueue q = queue("r");
        q.send(message("one", null), clock.millis());
        q.send(message("two", null), clock.millis());
        SqsMessage got = receive(q, 1).get(0);
        SqsQueue reloaded = new SqsQueue(q.record(), store, store.messages(q.key()));
        assertThat(reloaded.counts(clock.millis())).containsExactly(1, 1, 0);
        reloaded.delete(new ReceiptHandle(got.messageId(), got.receiptToken(), got.seq()));
        assertThat(store.messages(q.key())).extracting(SqsMessage::body).containsExactly("two");
    }

    @Test
    void aReceiveAndAVisibilityChangeStoreTheDeliveryStateAloneAndADeleteRemovesIt() throws Exception {
        SqsQueue q = queue("s");
        q.send(message("body", null), clock.millis());
        byte[] sentRecord = stored("sqs.messages").get(0);
        SqsMessage got = receive(q, 1).get(0);
        ReceiptHandle handle = new ReceiptHandle(got.messageId(), got.receiptToken(), got.seq());
        q.changeVisibility(handle, 100, clock.millis());
        assertThat(stored("sqs.messages")).singleElement().isEqualTo(sentRecord);
        assertThat(stored("sqs.deliveries")).singleElement().satisfies(d -> assertThat(d.length).isLessThan(64));
        SqsMessage reloaded = store.messages(q.key()).get(0);
        assertThat(reloaded.receiveCount()).isEqualTo(1);
        assertThat(reloaded.receiptToken()).isEqualTo(got.receiptToken());
        assertThat(reloaded.firstReceiveAt()).isEqualTo(clock.millis());
        assertThat(reloaded.visibleAt()).isEqualTo(clock.millis() + 100_000);
        assertThat(reloaded.bodyMd5()).isEqualTo(MessageDigests.md5Hex("body"));
        q.delete(handle);
        assertThat(stored("sqs.messages")).isEmpty();
        assertThat(stored("sqs.deliveries")).isEmpty();
    }

    List<byte[]> stored(String keyspace) {
        List<byte[]> values = new java.util.ArrayList<>();
        try (var c = storage.keyspace(keyspace).scanPrefix(new byte[0])) {
            c.forEachRemaining(e -> values.add(e.value()));
        }
        return values;
    }

    @Test
    void retentionExpiresOldMessages() {
        SqsQueue q = queue("e");
        q.send(message("old", null), clock.millis());
        clock.advance(Duration.ofDays(4).plusSeconds(1));
        assertThat(q.expire(clock.millis())).isEqualTo(1);
        assertThat(store.messages(q.key())).isEmpty();
    }

    @Test
    void aBatchIsDeduplicatedEntryByEntryOnAFifoQueue() throws Exception {
        SqsQueue q = queue("b.fifo");
        List<SqsQueue.Sent> sent = q.send(List.of(message("x", "g"), message("y", "g"), message("x", "g")),
                clock.millis());
        assertThat(sent.get(2)).isEqualTo(sent.get(0));
        assertThat(sent.get(1).messageId()).isNotEqualTo(sent.get(0).messageId());
        assertThat(Long.parseLong(sent.get(1).sequenceNumber())).isGreaterThan(Long.parseLong(sent.get(0)
                .sequenceNumber()));
        assertThat(store.messages(q.key())).extracting(SqsMessage::body).containsExactly("x", "y");
    }

    @Test
    void handlesFindTheirMessageBySeqOrByIdWhenIssuedWithoutOne() throws Exception {
        SqsQueue q = queue("h");
        q.send(message("one", null), clock.millis());
        q.send(message("two", null), clock.millis());
        List<SqsMessage> got = receive(q, 2);
        SqsMessage one = got.get(0);
        SqsMessage two = got.get(1);
        // Another message's seq with this id: not this message, nothing deleted.
        q.delete(new ReceiptHandle(one.messageId(), one.receiptToken(), two.seq()));
        assertThat(store.messages(q.key())).hasSize(2);
        q.delete(new ReceiptHandle(one.messageId(), one.receiptToken(), ReceiptHandle.UNKNOWN_SEQ));
        q.delete(new ReceiptHandle(two.messageId(), two.receiptToken(), two.seq()));
        assertThat(store.messages(q.key())).isEmpty();
        assertThat(q.counts(clock.millis())).containsExactly(0, 0, 0);
    }
}
