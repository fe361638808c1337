package dev.stratus.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The behaviour every {@link Storage} engine promises; one subclass per engine. */
abstract class StorageContractTest {
    protected Storage storage;

    /** A fresh, empty storage. */
    protected abstract Storage newStorage();

    @BeforeEach
    void openStorage() {
        storage = newStorage();
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    @Test
    void putGetOverwriteDelete() {
        Keyspace ks = storage.keyspace("things");
        assertThat(ks.name()).isEqualTo("things");
        assertThat(ks.get(b("a"))).isNull();
        ks.put(b("a"), b("1"));
        assertThat(ks.get(b("a"))).isEqualTo(b("1"));
        ks.put(b("a"), b("2"));
        assertThat(ks.get(b("a"))).isEqualTo(b("2"));
        ks.delete(b("a"));
        assertThat(ks.get(b("a"))).isNull();
        ks.delete(b("never-there"));
        assertThat(ks.get(b("never-there"))).isNull();
    }

    @Test
    void getAllReadsManyKeysInOrderWithNullsForAbsentOnes() {
        Keyspace ks = storage.keyspace("things");
        storage.keyspace("others").put(b("b"), b("elsewhere"));
        ks.put(b("a"), b("1"));
        ks.put(b("c"), b("3"));
        assertThat(ks.getAll(java.util.List.of(b("c"), b("b"), b("a"), b("c"))))
                .containsExactly(b("3"), null, b("1"), b("3"));
        assertThat(ks.getAll(java.util.List.of())).isEmpty();
        try (Snapshot snap = storage.snapshot()) {
            ks.put(b("a"), b("changed"));
            assertThat(snap.keyspace("things").getAll(java.util.List.of(b("a")))).containsExactly(b("1"));
        }
    }

    @Test
    void emptyKeysAndValuesAreValid() {
        Keyspace ks = storage.keyspace("things");
        ks.put(new byte[0], new byte[0]);
        assertThat(ks.get(new byte[0])).isEmpty();
        assertThat(keys(ks.scan(null, null, false))).containsExactly("");
    }

    @Test
    void keyspacesAreSeparateAndFoundAgainByName() {
        storage.keyspace("one").put(b("k"), b("1"));
        storage.keyspace("two").put(b("k"), b("2"));
        assertThat(storage.keyspace("one").get(b("k"))).isEqualTo(b("1"));
        assertThat(storage.keyspace("two").get(b("k"))).isEqualTo(b("2"));
        assertThat(keys(storage.keyspace("three").scan(null, null, false))).isEmpty();
    }

    @Test
    void callersOwnTheirArrays() {
        Keyspace ks = storage.keyspace("things");
        byte[] key = b("k");
        byte[] value = b("v");
        ks.put(key, value);
        key[0] = 'x';
        value[0] = 'x';
        byte[] read = storage.keyspace("things").get(b("k"));
        assertThat(read).isEqualTo(b("v"));
        read[0] = 'y';
        assertThat(ks.get(b("k"))).isEqualTo(b("v"));
    }

    @Test
    void scansHonourBoundsInBothDirections() {
        Keyspace ks = storage.keyspace("letters");
        for (String k : List.of("d", "a", "c", "e", "b")) {
            ks.put(b(k), b(k.toUpperCase()));
        }
        assertThat(keys(ks.scan(null, null, false))).containsExactly("a", "b", "c", "d", "e");
        assertThat(keys(ks.scan(null, null, true))).containsExactly("e", "d", "c", "b", "a");
        assertThat(keys(ks.scan(b("b"), b("d"), false))).containsExactly("b", "c");
        assertThat(keys(ks.scan(b("b"), b("d"), true))).containsExactly("c", "b");
        assertThat(keys(ks.scan(b("bb"), b("dd"), false))).containsExactly("c", "d");
        assertThat(keys(ks.scan(b("bb"), b("dd"), true))).containsExactly("d", "c");
        assertThat(keys(ks.scan(b("c"), null, false))).containsExactly("c", "d", "e");
        assertThat(keys(ks.scan(b("c"), null, true))).containsExactly("e", "d", "c");
        assertThat(keys(ks.scan(null, b("c"), false))).containsExactly("a", "b");
        assertThat(keys(ks.scan(null, b("c"), true))).containsExactly("b", "a");
        assertThat(keys(ks.scan(b("c"), b("c"), false))).isEmpty();
        assertThat(keys(ks.scan(b("d"), b("b"), true))).isEmpty();
        assertThat(keys(ks.scan(b("f"), null, false))).isEmpty();
        assertThat(keys(ks.scan(null, b("a"), true))).isEmpty();
    }

    @Test
    void scansSkipDeletedKeysAndCarryValues() {
        Keyspace ks = storage.keyspace("letters");
        for (String k : List.of("a", "b", "c", "d")) {
            ks.put(b(k), b(k.toUpperCase()));
        }
        ks.delete(b("b"));
        ks.delete(b("d"));
        try (Cursor cursor = ks.scan(null, null, true)) {
            Entry first = cursor.next();
            assertThat(first.key()).isEqualTo(b("c"));
            assertThat(first.value()).isEqualTo(b("C"));
            assertThat(cursor.next().key()).isEqualTo(b("a"));
            assertThat(cursor.hasNext()).isFalse();
            assertThatThrownBy(cursor::next).isInstanceOf(NoSuchElementException.class);
        }
    }

    @Test
    void keysCompareAsUnsignedBytes() {
        Keyspace ks = storage.keyspace("raw");
        byte[][] ordered = {{}, {0x00}, {0x00, 0x00}, {0x01}, {0x7F}, {(byte) 0x80}, {(byte) 0xFE, (byte) 0xFF},
            {(byte) 0xFF}, {(byte) 0xFF, 0x00}, {(byte) 0xFF, (byte) 0xFF}};
        for (int i = ordered.length - 1; i >= 0; i--) {
            ks.put(ordered[i], new byte[] {(byte) i});
        }
        List<byte[]> seen = rawKeys(ks.scan(null, null, false));
        assertThat(seen).containsExactly(ordered);
    }

    @Test
    void prefixScansIncludingAllOnesPrefixes() {
        Keyspace ks = storage.keyspace("raw");
        byte[][] keys = {{0x01}, {0x01, (byte) 0xFF}, {0x01, (byte) 0xFF, 0x00}, {0x01, (byte) 0xFF, (byte) 0xFF},
            {0x02}, {(byte) 0xFE, (byte) 0xFF}, {(byte) 0xFF}, {(byte) 0xFF, 0x00}, {(byte) 0xFF, (byte) 0xFF},
            {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF}};
        for (byte[] key : keys) {
            ks.put(key, new byte[] {1});
        }
        assertThat(rawKeys(ks.scanPrefix(new byte[] {0x01, (byte) 0xFF}))).containsExactly(keys[1], keys[2], keys[3]);
        // 0xFF… has no successor key: the scan must run to the end of the keyspace.
        assertThat(rawKeys(ks.scanPrefix(new byte[] {(byte) 0xFF}))).containsExactly(keys[6], keys[7], keys[8],
                keys[9]);
        assertThat(rawKeys(ks.scanPrefix(new byte[] {(byte) 0xFF, (byte) 0xFF}))).containsExactly(keys[8], keys[9]);
        assertThat(rawKeys(ks.scanPrefix(new byte[] {(byte) 0xFE}))).containsExactly(keys[5]);
        assertThat(rawKeys(ks.scanPrefix(new byte[0]))).hasSize(keys.length);
        assertThat(rawKeys(ks.scanPrefix(new byte[] {0x03}))).isEmpty();
    }

    @Test
    void prefixScansOverEncodedKeysFindOneComponent() {
        Keyspace ks = storage.keyspace("items");
        ks.put(new KeyEncoder().string("tbl").string("a").int64(2).toBytes(), b("a2"));
        ks.put(new KeyEncoder().string("tbl").string("a").int64(-5).toBytes(), b("a-5"));
        ks.put(new KeyEncoder().string("tbl").string("a\0").int64(1).toBytes(), b("a0"));
        ks.put(new KeyEncoder().string("tbl").string("ab").int64(1).toBytes(), b("ab"));
        ks.put(new KeyEncoder().string("tbl").string("").int64(1).toBytes(), b("empty"));
        List<String> values = new ArrayList<>();
        try (Cursor c = ks.scanPrefix(new KeyEncoder().string("tbl").string("a").toBytes())) {
            c.forEachRemaining(e -> values.add(s(e.value())));
        }
        assertThat(values).containsExactly("a-5", "a2");
    }

    @Test
    void pagesResumeAfterTheLastKeyInEitherDirection() {
        Keyspace ks = storage.keyspace("pages");
        for (String k : List.of("a", "a\0", "a\0\0", "b")) {
            ks.put(b(k), b("v"));
        }
        byte[] last = b("a\0");
        assertThat(keys(ks.scan(Keys.successor(last), null, false))).containsExactly("a\0\0", "b");
        assertThat(keys(ks.scan(null, last, true))).containsExactly("a");
    }

    @Test
    void batchesApplyAcrossKeyspacesOnlyOnCommit() {
        Keyspace orders = storage.keyspace("orders");
        Keyspace index = storage.keyspace("orders-by-customer");
        orders.put(b("old"), b("x"));
        Batch batch = storage.batch()
                .put(orders, b("o1"), b("order"))
                .put(index, b("c1/o1"), b(""))
                .delete(orders, b("old"));
        assertThat(orders.get(b("o1"))).isNull();
        assertThat(index.get(b("c1/o1"))).isNull();
        assertThat(orders.get(b("old"))).isNotNull();
        batch.commit();
        assertThat(orders.get(b("o1"))).isEqualTo(b("order"));
        assertThat(index.get(b("c1/o1"))).isEmpty();
        assertThat(orders.get(b("old"))).isNull();
    }

    @Test
    void laterWritesInABatchWin() {
        Keyspace ks = storage.keyspace("k");
        storage.batch().put(ks, b("a"), b("1")).delete(ks, b("a")).put(ks, b("b"), b("1")).put(ks, b("b"), b("2"))
                .commit();
        assertThat(ks.get(b("a"))).isNull();
        assertThat(ks.get(b("b"))).isEqualTo(b("2"));
    }

    @Test
    @Timeout(60)
    void readersNeverSeeHalfABatch() throws Exception {
        Keyspace left = storage.keyspace("left");
        Keyspace right = storage.keyspace("right");
        AtomicBoolean readerDone = new AtomicBoolean();
        CyclicBarrier start = new CyclicBarrier(2);
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Future<Integer> writer = pool.submit(() -> {
                start.await();
                int i = 0;
                while (!readerDone.get()) {
                    i++;
                    storage.batch().put(left, b("n"), b(Integer.toString(i))).put(right, b("n"), b(Integer.toString(i)))
                            .commit();
                }
                return i;
            });
            Future<Integer> reader = pool.submit(() -> {
                start.await();
                int changes = 0;
                byte[] last = null;
                try {
                    // Watch until the writer has visibly moved on many times: else the test proves nothing.
                    while (changes < 50) {
                        try (Snapshot snapshot = storage.snapshot()) {
                            byte[] l = snapshot.keyspace("left").get(b("n"));
                            byte[] r = snapshot.keyspace("right").get(b("n"));
                            assertThat(r).isEqualTo(l);
                            changes += Arrays.equals(l, last) ? 0 : 1;
                            last = l;
                        }
                    }
                } finally {
                    readerDone.set(true);
                }
                return changes;
            });
            assertThat(reader.get()).isEqualTo(50);
            int lastWritten = writer.get();
            assertThat(left.get(b("n"))).isEqualTo(b(Integer.toString(lastWritten)));
        }
    }

    @Test
    void snapshotsDoNotSeeLaterWrites() {
        Keyspace ks = storage.keyspace("ks");
        ks.put(b("a"), b("1"));
        ks.put(b("b"), b("1"));
        try (Snapshot snapshot = storage.snapshot()) {
            ks.put(b("a"), b("2"));
            ks.delete(b("b"));
            ks.put(b("c"), b("2"));
            storage.keyspace("born-later").put(b("x"), b("y"));
            ReadView then = snapshot.keyspace("ks");
            assertThat(then.get(b("a"))).isEqualTo(b("1"));
            assertThat(then.get(b("b"))).isEqualTo(b("1"));
            assertThat(then.get(b("c"))).isNull();
            assertThat(keys(then.scan(null, null, false))).containsExactly("a", "b");
            assertThat(keys(then.scan(b("b"), null, true))).containsExactly("b");
            assertThat(keys(then.scanPrefix(b("a")))).containsExactly("a");
            assertThat(snapshot.keyspace("born-later").get(b("x"))).isNull();
            assertThat(keys(snapshot.keyspace("never").scan(null, null, false))).isEmpty();
        }
        assertThat(keys(ks.scan(null, null, false))).containsExactly("a", "c");
    }

    @Test
    void aCursorKeepsReadingWhileOthersWrite() {
        Keyspace ks = storage.keyspace("ks");
        for (int i = 0; i < 10; i++) {
            ks.put(b("k" + i), b("v"));
        }
        int seen = 0;
        try (Cursor cursor = ks.scan(null, null, false)) {
            while (cursor.hasNext()) {
                cursor.next();
                if (seen < 10) {
                    ks.put(b("k" + seen + "x"), b("new"));
                }
                seen++;
            }
        }
        // Whether a cursor sees writes made after it opened is engine-specific; it must just not fail or loop.
        assertThat(seen).isBetween(10, 20);
    }

    @Test
    @Timeout(60)
    void concurrentWritersAndKeyspaceCreation() throws Exception {
        int writers = 8;
        int perWriter = 300;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        // Every writer races to create the same few keyspaces.
                        Keyspace ks = storage.keyspace("shared-" + (i % 3));
                        ks.put(new KeyEncoder().int32(writer).int32(i).toBytes(), b(writer + ":" + i));
                        if (i % 10 == 0) {
                            storage.batch().put(storage.keyspace("batched"), new KeyEncoder().int32(writer).int32(i)
                                    .toBytes(), b("b")).commit();
                        }
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        int total = 0;
        for (int k = 0; k < 3; k++) {
            total += keys(storage.keyspace("shared-" + k).scan(null, null, false)).size();
        }
        assertThat(total).isEqualTo(writers * perWriter);
        assertThat(keys(storage.keyspace("batched").scan(null, null, false))).hasSize(writers * perWriter / 10);
        byte[] sample = new KeyEncoder().int32(5).int32(7).toBytes();
        assertThat(storage.keyspace("shared-1").get(sample)).isEqualTo(b("5:7"));
    }

    protected static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    protected static String s(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    protected static List<String> keys(Cursor cursor) {
        List<String> out = new ArrayList<>();
        for (byte[] key : rawKeys(cursor)) {
            out.add(s(key));
        }
        return out;
    }

    protected static List<byte[]> rawKeys(Cursor cursor) {
        List<byte[]> out = new ArrayList<>();
        try (cursor) {
            cursor.forEachRemaining(e -> out.add(e.key()));
        }
        return out;
    }
}
