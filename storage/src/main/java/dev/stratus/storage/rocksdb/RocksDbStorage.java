package dev.stratus.storage.rocksdb;

import dev.stratus.storage.Batch;
import dev.stratus.storage.Keyspace;
import dev.stratus.storage.Snapshot;
import dev.stratus.storage.Storage;
import dev.stratus.storage.StorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * The embedded durable engine: one RocksDB database under a directory, one column family per keyspace.
 *
 * <p>Every write goes through the write-ahead log. With {@code syncWrites} off, a write is handed to the OS before it
 * returns (it survives {@code kill -9}, not power loss); with it on, the log is fsynced first. Cursors and snapshots
 * a caller forgets to close are released by {@link #close()}.
 */
public final class RocksDbStorage implements Storage {
    private final Path directory;
    private final RocksTuning tuning;
    private final RocksDB db;
    private final WriteOptions writeOptions;
    private final ReadOptions readOptions = new ReadOptions();
    private final CommitRunner commits;
    private final Guard guard;
    private final Map<String, RocksKeyspace> keyspaces = new ConcurrentHashMap<>();
    private final ReentrantLock keyspaceCreation = new ReentrantLock();
    private final Set<NativeResource> openResources = ConcurrentHashMap.newKeySet();

    private RocksDbStorage(Path directory, RocksTuning tuning, RocksDB db, List<ColumnFamilyHandle> handles,
            boolean syncWrites) {
        this.directory = directory;
        this.tuning = tuning;
        this.db = db;
        this.writeOptions = new WriteOptions().setSync(syncWrites);
        this.commits = new CommitRunner(syncWrites);
        this.guard = new Guard("storage " + directory);
        for (ColumnFamilyHandle handle : handles) {
            String name = new String(nameOf(handle), StandardCharsets.UTF_8);
            keyspaces.put(name, new RocksKeyspace(this, name, handle));
        }
    }

    /**
     * Opens (creating if needed) the database under {@code directory} with every keyspace it already holds.
     *
     * @throws IllegalStateException when another process (or this one) has the directory open
     */
    public static RocksDbStorage open(Path directory, boolean syncWrites) {
        NativeLibrary.load();
        Path dir = directory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data dir " + dir, e);
        }
        List<byte[]> existing = existingColumnFamilies(dir);
        RocksTuning tuning = new RocksTuning();
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        for (byte[] name : existing) {
            descriptors.add(new ColumnFamilyDescriptor(name, tuning.columnFamilyOptions));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try {
            RocksDB db = RocksDB.open(tuning.dbOptions, dir.toString(), descriptors, handles);
            return new RocksDbStorage(dir, tuning, db, handles, syncWrites);
        } catch (RocksDBException e) {
            tuning.close();
            if (isLockConflict(e)) {
                // No cause: the launcher prints causes, and RocksDB's "While lock file: …" adds nothing here.
                throw new IllegalStateException("data dir " + dir + " is in use by another Stratus process");
            }
            throw new StorageException("cannot open RocksDB at " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The column families on disk, always starting with RocksDB's "default" (which serves keyspace "default"). */
    private static List<byte[]> existingColumnFamilies(Path dir) {
        List<byte[]> names = new ArrayList<>();
        names.add(RocksDB.DEFAULT_COLUMN_FAMILY);
        if (!Files.exists(dir.resolve("CURRENT"))) {
            return names;
        }
        try (Options options = new Options()) {
            for (byte[] name : RocksDB.listColumnFamilies(options, dir.toString())) {
                if (!Arrays.equals(name, RocksDB.DEFAULT_COLUMN_FAMILY)) {
                    names.add(name);
                }
            }
            return names;
        } catch (RocksDBException e) {
            throw new StorageException("cannot list the keyspaces in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * How RocksDB reports a LOCK file held by another process ("While lock file: …/LOCK: Resource temporarily
     * unavailable") or by this one ("lock hold by current process"); failing to open the file is another message.
     */
    private static boolean isLockConflict(RocksDBException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("While lock file") || message.contains("lock hold by current process");
    }

    @Override
    public Keyspace keyspace(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a keyspace needs a non-empty name");
        }
        // The column family itself is created by the keyspace's first write (RocksKeyspace.writableHandle).
        return keyspaces.computeIfAbsent(name, n -> new RocksKeyspace(this, n, null));
    }

    /** Creates the column family of a keyspace on its first write; one at a time, never twice for one keyspace. */
    ColumnFamilyHandle createColumnFamily(RocksKeyspace keyspace) {
        return guard.call(() -> {
            // Column family creation writes the MANIFEST.
            keyspaceCreation.lock();
            try {
                ColumnFamilyHandle again = keyspace.handle();
                if (again != null) {
                    return again;
                }
                ColumnFamilyHandle created = db.createColumnFamily(new ColumnFamilyDescriptor(
                        keyspace.name().getBytes(StandardCharsets.UTF_8), tuning.columnFamilyOptions));
                keyspace.created(created);
                return created;
            } finally {
                keyspaceCreation.unlock();
            }
        });
    }

    @Override
    public Batch batch() {
        return new RocksBatch(this);
    }

    @Override
    public Snapshot snapshot() {
        return guard.call(() -> track(new RocksSnapshot(this, db.getSnapshot())));
    }

    @Override
    public String engine() {
        return "rocksdb";
    }

    /** Where the database lives. */
    public Path directory() {
        return directory;
    }

    /** Waits for calls in flight, releases leaked cursors and snapshots, syncs the log and closes the database. */
    @Override
    public void close() {
        guard.close(() -> {
            openResources.forEach(NativeResource::release);
            openResources.clear();
            commits.close();
            try {
                // A clean shutdown leaves nothing in the OS cache: it survives power loss too.
                db.flushWal(true);
            } catch (RocksDBException e) {
                System.getLogger(RocksDbStorage.class.getName()).log(System.Logger.Level.WARNING,
                        "could not sync the write-ahead log of " + directory + " at close", e);
            }
            keyspaces.values().forEach(k -> {
                if (k.handle() != null) {
                    k.handle().close();
                }
            });
            db.close();
            readOptions.close();
            writeOptions.close();
            tuning.close();
        });
    }

    /** The block cache's usage, memtables included (they are charged to it). */
    long blockCacheUsage() {
        return tuning.cacheUsage();
    }

    RocksDB db() {
        return db;
    }

    Guard guard() {
        return guard;
    }

    ReadOptions readOptions() {
        return readOptions;
    }

    /** Applies one write (a put, a delete or a batch) with the configured durability; call under the guard. */
    void write(NativeCall<Void> write) throws RocksDBException {
        commits.run(write);
    }

    WriteOptions writeOptions() {
        return writeOptions;
    }

    /** The column family of a keyspace that exists now, or null (snapshots must not create keyspaces). */
    ColumnFamilyHandle existingHandle(String name) {
        RocksKeyspace keyspace = keyspaces.get(name);
        return keyspace == null ? null : keyspace.handle();
    }

    <T extends NativeResource> T track(T resource) {
        openResources.add(resource);
        return resource;
    }

    void untrack(NativeResource resource) {
        openResources.remove(resource);
    }

    private static byte[] nameOf(ColumnFamilyHandle handle) {
        try {
            return handle.getName();
        } catch (RocksDBException e) {
            throw new StorageException("cannot read a column family name: " + e.getMessage(), e);
        }
    }
}
