package dev.stratus.sqs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The MD5 digests SQS returns and the SDKs check: of the body (its UTF-8 bytes) and of message (or system)
 * attributes, which AWS hashes as, for each attribute in name order, the length-prefixed name, the
 * length-prefixed data type, a transport byte (1 string, 2 binary) and the length-prefixed value.
 */
final class MessageDigests {
    private static final byte STRING_TRANSPORT = 1;
    private static final byte BINARY_TRANSPORT = 2;

    private MessageDigests() {
    }

    static String md5Hex(String text) {
        return md5Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    static String md5Hex(byte[] bytes) {
        return HexFormat.of().formatHex(md5().digest(bytes));
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The digest of these attributes, or null when there are none (AWS then omits the member). */
    static String attributesMd5(Map<String, MessageAttribute> attributes) {
        if (attributes == null || attributes.isEmpty()) {
            return null;
        }
        // Sends parse attributes into a TreeMap already: no copy to put them in name order then.
        Map<String, MessageAttribute> sorted = attributes instanceof SortedMap<String, MessageAttribute> s
                && s.comparator() == null ? attributes : new TreeMap<>(attributes);
        MessageDigest md5 = md5();
        byte[] length = new byte[4];
        for (Map.Entry<String, MessageAttribute> e : sorted.entrySet()) {
            MessageAttribute a = e.getValue();
            lengthPrefixed(md5, length, e.getKey().getBytes(StandardCharsets.UTF_8));
            lengthPrefixed(md5, length, a.dataType().getBytes(StandardCharsets.UTF_8));
            if (a.binary()) {
                md5.update(BINARY_TRANSPORT);
                lengthPrefixed(md5, length, a.binaryValue() == null ? new byte[0] : a.binaryValue());
            } else {
                md5.update(STRING_TRANSPORT);
                lengthPrefixed(md5, length,
                        (a.stringValue() == null ? "" : a.stringValue()).getBytes(StandardCharsets.UTF_8));
            }
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    /** Feeds the digest a 4-byte big-endian length, then the bytes ({@code length} is scratch space). */
    private static void lengthPrefixed(MessageDigest md5, byte[] length, byte[] bytes) {
        int n = bytes.length;
        length[0] = (byte) (n >>> 24);
        length[1] = (byte) (n >>> 16);
        length[2] = (byte) (n >>> 8);
        length[3] = (byte) n;
        md5.update(length);
        md5.update(bytes);
    }

    /** Every send and receive digests: cloning a ready instance skips the provider lookup of getInstance. */
    private static final MessageDigest MD5 = newMd5();

    private static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MessageDigest md5() {
        try {
            return (MessageDigest) MD5.clone();
        } catch (CloneNotSupportedException e) {
            return newMd5();
        }
    }
}
