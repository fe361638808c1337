package dev.stratus.storage;

/** The storage contract, against the in-memory engine. */
class MemoryStorageTest extends StorageContractTest {
    @Override
    protected Storage newStorage() {
        return new MemoryStorage();
    }
}
