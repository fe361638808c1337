package dev.stratus.storage;

/** A key and its value. */
public record Entry(byte[] key, byte[] value) {
}
