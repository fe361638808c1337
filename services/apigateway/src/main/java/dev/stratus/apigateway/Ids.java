package dev.stratus.apigateway;

import java.security.SecureRandom;

/** API Gateway identifiers: short random lower-case alphanumerics (10 for APIs and root resources, 6 otherwise). */
final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private Ids() {
    }

    static String random(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
