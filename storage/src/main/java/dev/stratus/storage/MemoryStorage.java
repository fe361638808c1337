package dev.stratus.storage;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/** The in-memory engine ({@code --in-memory}, tests): skip lists per keyspace; batches apply under a write lock. */
public final class MemoryStorage implements Storage {
    private final Map<String, MemoryKeyspace> keyspaces = new ConcurrentHashMap<>();
    /** Single writes take the read side; batches and snapshots take the write side, so both see all-or-nothing. */
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    @Override
    public Keyspace keyspace(String name) {
        return keyspaces.computeIfAbsent(name, MemoryKeyspace::new);
    }

    @Override
    public Batch batch() {
        return new Batch() {
            private final List<Runnable> ops = new ArrayList<>();

            @Override
            public Batch put(Keyspace keyspace, byte[] key, byte[] value) {
                MemoryKeyspace ks = (MemoryKeyspace) keyspace;
                byte[] k = key.clone();
                byte[] v = value.clone();
                ops.add(() -> ks.map.put(k, v));
                return this;
            }

            @Override
            public Batch delete(Keyspace keyspace, byte[] key) {
                MemoryKeyspace ks = (MemoryKeyspace) keyspace;
                byte[] k = key.clone();
                ops.add(() -> ks.map.remove(k));
                return this;
            }

            @Override
            public void commit() {
                lock.writeLock().lock();
                try {
                    ops.forEach(Runnable::run);
                } finally {
                    lock.writeLock().unlock();
                }
            }
        };
    }

    @Override
    public Snapshot snapshot() {
        Map<String, NavigableMap<byte[], byte[]>> copy = new ConcurrentHashMap<>();
        lock.writeLock().lock();
        try {
            keyspaces.forEach((name, ks) -> copy.put(name, new ConcurrentSkipListMap<>(ks.map)));
        } finally {
            lock.writeLock().unlock();
        }
        return new Snapshot() {
            @Override
            public ReadView keyspace(String name) {
                NavigableMap<byte[], byte[]> m = copy.computeIfAbsent(name, n -> new ConcurrentSkipListMap<>(Keys::compare));
                return new MapView(m);
            }

            @Override
            public void close() {
                copy.clear();
            }
        };
    }

    @Override
    public String engine() {
        return "memory";
    }

    @Override
    public void close() {
        // nothing to release
    }

    private class MemoryKeyspace extends MapView implements Keyspace {
        private final String name;

        MemoryKeyspace(String name) {
            super(new ConcurrentSkipListMap<>(Keys::compare));
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void put(byte[] key, byte[] value) {
            lock.readLock().lock();
            try {
                map.put(key.clone(), value.clone());
            } finally {
                lock.readLock().unlock();
            }
        }

        @Override
        public void delete(byte[] key) {
            lock.readLock().lock();
            try {
                map.remove(key);
            } finally {
                lock.readLock().unlock();
            }
        }
    }

    private static class MapView implements ReadView {
        final NavigableMap<byte[], byte[]> map;

        MapView(NavigableMap<byte[], byte[]> map) {
            this.map = map;
        }

        @Override
        public byte[] get(byte[] key) {
            byte[] v = map.get(key);
            return v == null ? null : v.clone();
        }

        @Override
        public Cursor scan(byte[] from, byte[] to, boolean reverse) {
            NavigableMap<byte[], byte[]> sub = map;
            if (from != null && to != null) {
                if (Keys.compare(from, to) >= 0) {
                    sub = new ConcurrentSkipListMap<>(Keys::compare);
                } else {
                    sub = map.subMap(from, true, to, false);
                }
            } else if (from != null) {
                sub = map.tailMap(from, true);
            } else if (to != null) {
                sub = map.headMap(to, false);
            }
            Iterator<Map.Entry<byte[], byte[]>> it = (reverse ? sub.descendingMap() : sub).entrySet().iterator();
            return new Cursor() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public Entry next() {
                    Map.Entry<byte[], byte[]> e = it.next();
                    return new Entry(e.getKey().clone(), e.getValue().clone());
                }

                @Override
                public void close() {
                    // nothing held
                }
            };
        }
    }
}
