package dev.stratus.iam;

import dev.stratus.platform.AwsIds;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * IAM's identifiers: a four-letter prefix naming the kind ({@code AROA} role, {@code AIDA} user, {@code ANPA}
 * managed policy, {@code AKIA} access key, {@code AIPA} instance profile) followed by upper-case letters and
 * digits 2-7, as AWS prints them.
 */
final class IamIds {
    static final String ROLE = "AROA";
    static final String USER = "AIDA";
    static final String POLICY = "ANPA";
    static final String ACCESS_KEY = "AKIA";
    static final String INSTANCE_PROFILE = "AIPA";
    /** Unique ids are 21 characters long; access key ids 20. */
    static final int UNIQUE_ID_SUFFIX = 17;

    private static final String BASE32 = AwsIds.BASE32;

    private IamIds() {
    }

    /** A fresh unique id such as {@code AROAXY2ZQ4W7VB3KD5M6N}. */
    static String uniqueId(String prefix) {
        return prefix + AwsIds.random(BASE32, UNIQUE_ID_SUFFIX);
    }

    static String accessKeyId() {
        return AwsIds.accessKeyId(ACCESS_KEY);
    }

    static String secretAccessKey() {
        return AwsIds.secretAccessKey();
    }

    /** A stable id derived from {@code seed}: AWS-managed policies keep the same id in every account and run. */
    static String stableId(String prefix, String seed) {
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder sb = new StringBuilder(prefix);
        for (int i = 0; i < UNIQUE_ID_SUFFIX; i++) {
            sb.append(BASE32.charAt((hash[i] & 0xFF) % BASE32.length()));
        }
        return sb.toString();
    }
}
