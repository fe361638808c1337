package dev.stratus.protocol.sigv4;

import java.nio.charset.StandardCharsets;

/**
 * The percent-encoding SigV4 canonical requests use: every byte of the UTF-8 form except the unreserved
 * characters {@code A-Z a-z 0-9 - _ . ~} becomes {@code %XY} with upper-case hex; a space is {@code %20}.
 */
public final class UriEncoding {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private UriEncoding() {
    }

    /** Encodes {@code s}; with {@code keepSlash} the '/' characters stay as they are (paths). */
    public static String encode(String s, boolean keepSlash) {
        StringBuilder out = null;
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean keep = isUnreserved(b) || keepSlash && b == '/';
            if (keep && out == null) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(bytes.length + 16);
                out.append(new String(bytes, 0, i, StandardCharsets.UTF_8));
            }
            if (keep) {
                out.append((char) b);
            } else {
                out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xf]);
            }
        }
        return out == null ? s : out.toString();
    }

    private static boolean isUnreserved(int b) {
        return b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9'
                || b == '-' || b == '_' || b == '.' || b == '~';
    }
}
