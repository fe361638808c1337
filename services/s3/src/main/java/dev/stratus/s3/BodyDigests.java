package dev.stratus.s3;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * The digests of a body computed as it streams past: always MD5 (the ETag), plus the flexible checksums
 * (CRC32, CRC32C, CRC64NVME, SHA1, SHA256) a request asked for, so a body is read exactly once.
 */
final class BodyDigests {
    private final MessageDigest md5 = messageDigest("MD5");
    private final Map<String, Running> checksums = new LinkedHashMap<>();
    private long size;

    /** @param algorithms S3 algorithm names ({@code CRC32}, ...); unknown names are ignored */
    BodyDigests(Collection<String> algorithms) {
        for (String a : algorithms) {
            Running r = running(a);
            if (r != null) {
                checksums.putIfAbsent(a, r);
            }
        }
    }

    void update(byte[] b, int off, int len) {
        md5.update(b, off, len);
        for (Running r : checksums.values()) {
            r.update(b, off, len);
        }
        size += len;
    }

    long size() {
        return size;
    }

    /** Whether {@code algorithm} is being computed. */
    boolean has(String algorithm) {
        return checksums.containsKey(algorithm);
    }

    /** The raw MD5; call once, after the last update. */
    byte[] md5() {
        return md5.digest();
    }

    /** The base64 checksum for {@code algorithm}; call once per algorithm, after the last update. */
    String checksum(String algorithm) {
        return Base64.getEncoder().encodeToString(checksums.get(algorithm).finish());
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /** One running checksum. */
    private interface Running {
        void update(byte[] b, int off, int len);

        byte[] finish();
    }

    private static Running running(String algorithm) {
        return switch (algorithm) {
            case "CRC32" -> crc(new CRC32());
            case "CRC32C" -> crc(new CRC32C());
            case "CRC64NVME" -> new Crc64Nvme();
            case "SHA1" -> digest(messageDigest("SHA-1"));
            case "SHA256" -> digest(messageDigest("SHA-256"));
            default -> null;
        };
    }

    private static Running crc(Checksum c) {
        return new Running() {
            @Override
            public void update(byte[] b, int off, int len) {
                c.update(b, off, len);
            }

            @Override
            public byte[] finish() {
                return ByteBuffer.allocate(4).putInt((int) c.getValue()).array();
            }
        };
    }

    private static Running digest(MessageDigest d) {
        return new Running() {
            @Override
            public void update(byte[] b, int off, int len) {
                d.update(b, off, len);
            }

            @Override
            public byte[] finish() {
                return d.digest();
            }
        };
    }

    /** CRC-64/NVME, continued across updates. */
    private static final class Crc64Nvme implements Running {
        private long crc = -1L;

        @Override
        public void update(byte[] b, int off, int len) {
            crc = Checksums.crc64NvmeUpdate(crc, b, off, len);
        }

        @Override
        public byte[] finish() {
            return ByteBuffer.allocate(8).putLong(~crc).array();
        }
    }

    static MessageDigest messageDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
