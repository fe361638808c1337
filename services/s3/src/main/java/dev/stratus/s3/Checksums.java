package dev.stratus.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.AwsException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

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
    /** Slicing-by-8 tables: {@code [k][b]} is byte {@code b}'s CRC followed by {@code k} zero bytes. */
    private static final long[][] CRC64_TABLES = crc64Tables();
    private static final VarHandle LITTLE_ENDIAN_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

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
        if (contentMd5 != null) {
            checkMd5(contentMd5, digest("MD5", body));
        }
    }

    /** Refuses a Content-MD5 that is not a base64 MD5 (InvalidDigest), before any body is read. */
    static byte[] parseContentMd5(String contentMd5) {
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
        return expected;
    }

    /** Compares a sent Content-MD5 with the body's MD5: BadDigest when they differ. */
    static void checkMd5(String contentMd5, byte[] actual) {
        byte[] expected = parseContentMd5(contentMd5);
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
        return verify(given(input), algorithm -> compute(algorithm, body));
    }

    /** The checksum members an input carries, by member name. */
    static Map<String, String> given(ObjectNode input) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String member : ALGORITHMS.keySet()) {
            JsonNode v = input.get(member);
            if (v != null && !v.isNull()) {
                out.put(member, v.asText().trim());
            }
        }
        return out;
    }

    /**
     * Verifies checksums sent by member name against the body's, computed per algorithm by {@code actual}.
     *
     * @return the verified checksums by member name, to store with the object
     */
    static Map<String, String> verify(Map<String, String> given, Function<String, String> actual) {
        Map<String, String> out = new LinkedHashMap<>();
        given.forEach((member, value) -> {
            String algorithm = ALGORITHMS.get(member);
            String computed = actual.apply(algorithm);
            if (!isBase64OfLength(value, computed)) {
                throw S3Errors.invalidRequest("Value for x-amz-checksum-" + algorithm.toLowerCase()
                        + " header is invalid.");
            }
            if (!computed.equals(value)) {
                throw S3Errors.badDigest("The " + algorithm + " you specified did not match the calculated checksum.");
            }
            out.put(member, computed);
        });
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
        BodyDigests digests = new BodyDigests(java.util.List.of(algorithm));
        if (!digests.has(algorithm)) {
            throw new IllegalArgumentException(algorithm);
        }
        digests.update(body, 0, body.length);
        return digests.checksum(algorithm);
    }

    /** CRC-64/NVME: reflected, initial value and final xor all ones. */
    static long crc64Nvme(byte[] body) {
        return ~crc64NvmeUpdate(-1L, body, 0, body.length);
    }

    /** Continues a CRC-64/NVME register (before its final xor) over {@code len} bytes. */
    static long crc64NvmeUpdate(long crc, byte[] b, int off, int len) {
        long[][] t = CRC64_TABLES;
        int i = off;
        int end = off + len;
        // Eight bytes per step (about 4x a byte at a time): the JDK has no CRC-64 of its own.
        for (; i + 8 <= end; i += 8) {
            long c = crc ^ (long) LITTLE_ENDIAN_LONG.get(b, i);
            crc = t[7][(int) c & 0xFF] ^ t[6][(int) (c >>> 8) & 0xFF] ^ t[5][(int) (c >>> 16) & 0xFF]
                    ^ t[4][(int) (c >>> 24) & 0xFF] ^ t[3][(int) (c >>> 32) & 0xFF] ^ t[2][(int) (c >>> 40) & 0xFF]
                    ^ t[1][(int) (c >>> 48) & 0xFF] ^ t[0][(int) (c >>> 56)];
        }
        for (; i < end; i++) {
            crc = t[0][(int) ((crc ^ b[i]) & 0xFF)] ^ (crc >>> 8);
        }
        return crc;
    }

    private static long[][] crc64Tables() {
        long[][] tables = new long[8][256];
        for (int i = 0; i < 256; i++) {
            long c = i;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ CRC64_NVME_REFLECTED : c >>> 1;
            }
            tables[0][i] = c;
        }
        for (int k = 1; k < 8; k++) {
            for (int i = 0; i < 256; i++) {
                long prev = tables[k - 1][i];
                tables[k][i] = (prev >>> 8) ^ tables[0][(int) (prev & 0xFF)];
            }
        }
        return tables;
    }
}
