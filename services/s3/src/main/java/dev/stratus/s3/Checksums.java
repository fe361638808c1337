package dev.stratus.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.AwsException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * The digests S3 checks: Content-MD5 and the flexible checksums ({@code x-amz-checksum-*}) the SDKs send by
 * default, as headers or aws-chunked trailers (the codec makes trailers headers).
 */
final class Checksums {
    /** Checksum members of the model and the algorithm name S3 uses in its messages. */
    static final Map<String, String> ALGORITHMS = Map.of(
            "ChecksumCRC32", "CRC32", "ChecksumCRC32C", "CRC32C", "ChecksumCRC64NVME", "CRC64NVME",
            "ChecksumSHA1", "SHA1", "ChecksumSHA256", "SHA256");
    private static final long CRC64_NVME_REFLECTED = 0x9a6c9329ac4bc9b5L;
    private static final long[] CRC64_TABLE = crc64Table();

    private Checksums() {
    }

    /** The MD5 of {@code bytes} as lower-case hex. */
    static String md5Hex(byte[] bytes) {
        return HexFormat.of().formatHex(digest("MD5", bytes));
    }

    static byte[] digest(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Checks Content-MD5 when sent: InvalidDigest when it is not a base64 MD5, BadDigest when it differs. */
    static void checkContentMd5(String contentMd5, byte[] body) {
        if (contentMd5 == null) {
            return;
        }
        byte[] expected;
        try {
            expected = Base64.getDecoder().decode(contentMd5.trim());
        } catch (IllegalArgumentException e) {
            expected = null;
        }
        if (expected == null || expected.length != 16) {
            throw new AwsException("InvalidDigest", "The Content-MD5 you specified is not valid.", 400)
                    .with("Content-MD5", contentMd5);
        }
        byte[] actual = digest("MD5", body);
        if (!MessageDigest.isEqual(expected, actual)) {
            throw S3Errors.badDigest("The Content-MD5 you specified did not match what we received.")
                    .with("ExpectedDigest", contentMd5)
                    .with("CalculatedDigest", Base64.getEncoder().encodeToString(actual));
        }
    }

    /**
     * Verifies every checksum member present in {@code input} against {@code body}.
     *
     * @return the verified checksums by member name, to store with the object
     */
    static Map<String, String> verify(ObjectNode input, byte[] body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> a : ALGORITHMS.entrySet()) {
            JsonNode given = input.get(a.getKey());
            if (given == null || given.isNull()) {
                continue;
            }
            String value = given.asText().trim();
            String actual = compute(a.getValue(), body);
            if (!isBase64OfLength(value, actual)) {
                throw S3Errors.invalidRequest("Value for x-amz-checksum-" + a.getValue().toLowerCase() + " header is invalid.");
            }
            if (!actual.equals(value)) {
                throw S3Errors.badDigest("The " + a.getValue() + " you specified did not match the calculated checksum.");
            }
            out.put(a.getKey(), actual);
        }
        return out;
    }

    private static boolean isBase64OfLength(String value, String reference) {
        try {
            return Base64.getDecoder().decode(value).length == Base64.getDecoder().decode(reference).length;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The base64 checksum of {@code body} with {@code algorithm} (CRC32, CRC32C, CRC64NVME, SHA1, SHA256). */
    static String compute(String algorithm, byte[] body) {
        byte[] raw = switch (algorithm) {
            case "CRC32" -> {
                CRC32 c = new CRC32();
                c.update(body);
                yield ByteBuffer.allocate(4).putInt((int) c.getValue()).array();
            }
            case "CRC32C" -> {
                CRC32C c = new CRC32C();
                c.update(body);
                yield ByteBuffer.allocate(4).putInt((int) c.getValue()).array();
            }
            case "CRC64NVME" -> ByteBuffer.allocate(8).putLong(crc64Nvme(body)).array();
            case "SHA1" -> digest("SHA-1", body);
            case "SHA256" -> digest("SHA-256", body);
            default -> throw new IllegalArgumentException(algorithm);
        };
        return Base64.getEncoder().encodeToString(raw);
    }

    /** CRC-64/NVME: reflected, initial value and final xor all ones. */
    static long crc64Nvme(byte[] body) {
        long crc = -1L;
        for (byte b : body) {
            crc = CRC64_TABLE[(int) ((crc ^ b) & 0xFF)] ^ (crc >>> 8);
        }
        return ~crc;
    }

    private static long[] crc64Table() {
        long[] table = new long[256];
        for (int i = 0; i < 256; i++) {
            long c = i;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ CRC64_NVME_REFLECTED : c >>> 1;
            }
            table[i] = c;
        }
        return table;
    }
}
