package dev.stratus.storage;

/** An engine failure (I/O error, corruption, a full disk) surfaced unchecked; the operation did not complete. */
public class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
