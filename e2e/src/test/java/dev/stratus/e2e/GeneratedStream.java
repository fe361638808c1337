package dev.stratus.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A deterministic pseudo-random byte stream of a given size, generated as it is read, so a test can upload and
 * check hundreds of megabytes without holding them in memory.
 */
final class GeneratedStream extends InputStream {
    private final long size;
    private long position;
    private long state;

    GeneratedStream(long size, long seed) {
        this.size = size;
        this.state = seed * 0x9E3779B97F4A7C15L + 1;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (position >= size) {
            return -1;
        }
        int n = (int) Math.min(len, size - position);
        for (int i = 0; i < n; i++) {
            // One xorshift step per 8 bytes; byte i of the stream is byte (i % 8) of step i / 8.
            if ((position & 7) == 0) {
                state ^= state << 13;
                state ^= state >>> 7;
                state ^= state << 17;
            }
            b[off + i] = (byte) (state >>> ((position & 7) * 8));
            position++;
        }
        return n;
    }

    /** The hex SHA-256 of everything {@code in} holds (read to its end, then closed). */
    static String sha256(InputStream in) throws IOException {
        try (in) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) >= 0; ) {
                d.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
