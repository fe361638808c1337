package dev.stratus.platform;

import java.security.SecureRandom;

/** Random identifiers in AWS's formats: access key ids ({@code AKIA}/{@code ASIA} + 16), secrets, unique ids. */
public final class AwsIds {
    /** The alphabet AWS uses after an id prefix: upper-case letters and the digits 2-7. */
    public static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    static final String SECRET_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    /** Access key ids are 20 characters: a 4-letter prefix and 16 more. */
    public static final int ACCESS_KEY_SUFFIX = 16;
    public static final int SECRET_LENGTH = 40;
    private static final SecureRandom RANDOM = new SecureRandom();

    private AwsIds() {
    }

    /** An access key id such as {@code AKIAXY2ZQ4W7VB3KD5M6} for the given prefix. */
    public static String accessKeyId(String prefix) {
        return prefix + random(BASE32, ACCESS_KEY_SUFFIX);
    }

    /** A 40-character secret access key. */
    public static String secretAccessKey() {
        return random(SECRET_CHARS, SECRET_LENGTH);
    }

    /** {@code length} characters drawn from {@code alphabet} by a secure random source. */
    public static String random(String alphabet, int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = alphabet.charAt(RANDOM.nextInt(alphabet.length()));
        }
        return new String(out);
    }
}
