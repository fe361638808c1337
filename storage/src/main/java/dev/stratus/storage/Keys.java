package dev.stratus.storage;

import java.util.Arrays;

/** Helpers for byte keys compared as unsigned bytes. */
public final class Keys {
    private Keys() {
    }

    /** Compares two keys as unsigned bytes, shorter first on a common prefix. */
    public static int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    /** The smallest key greater than {@code key} (it with a 0x00 appended): resumes a scan just after a page's last key. */
    public static byte[] successor(byte[] key) {
        return Arrays.copyOf(key, key.length + 1);
    }

    /** The smallest key greater than every key starting with {@code prefix}, or null when there is none. */
    public static byte[] prefixEnd(byte[] prefix) {
        byte[] end = Arrays.copyOf(prefix, prefix.length);
        for (int i = end.length - 1; i >= 0; i--) {
            if (end[i] != (byte) 0xFF) {
                end[i]++;
                return Arrays.copyOf(end, i + 1);
            }
        }
        return null;
    }
}
