package dev.stratus.sns.signing;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/** The few DER encodings a self-signed X.509 certificate needs (the JDK has no public certificate builder). */
final class Der {
    static final byte[] SHA1_WITH_RSA = {0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01,
        0x01, 0x05};
    static final byte[] COMMON_NAME = {0x06, 0x03, 0x55, 0x04, 0x03};

    private Der() {
    }

    static byte[] tlv(int tag, byte[]... parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            body.writeBytes(p);
        }
        int len = body.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (len < 0x80) {
            out.write(len);
        } else {
            byte[] l = BigInteger.valueOf(len).toByteArray();
            int skip = l[0] == 0 ? 1 : 0;
            out.write(0x80 | (l.length - skip));
            out.write(l, skip, l.length - skip);
        }
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    static byte[] sequence(byte[]... parts) {
        return tlv(0x30, parts);
    }

    static byte[] set(byte[]... parts) {
        return tlv(0x31, parts);
    }

    static byte[] integer(BigInteger v) {
        return tlv(0x02, v.toByteArray());
    }

    static byte[] nul() {
        return new byte[] {0x05, 0x00};
    }

    static byte[] utf8(String s) {
        return tlv(0x0C, s.getBytes(StandardCharsets.UTF_8));
    }

    /** UTCTime {@code YYMMDDHHMMSSZ}; valid for years up to 2049. */
    static byte[] utcTime(String yymmddhhmmssZ) {
        return tlv(0x17, yymmddhhmmssZ.getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] bitString(byte[] bits) {
        byte[] withPad = new byte[bits.length + 1];
        System.arraycopy(bits, 0, withPad, 1, bits.length);
        return tlv(0x03, withPad);
    }

    static byte[] explicit(int n, byte[] inner) {
        return tlv(0xA0 | n, inner);
    }
}
