package dev.stratus.storage;

/** The direction a key component sorts in: a descending component is the bitwise complement of its ascending form. */
public enum SortOrder {
    ASCENDING,
    DESCENDING;

    /** The byte mask XORed onto every encoded byte: 0x00 keeps the ascending form, 0xFF complements it. */
    int mask() {
        return this == ASCENDING ? 0x00 : 0xFF;
    }
}
