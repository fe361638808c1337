package dev.stratus.sqs;

import java.nio.charset.StandardCharsets;

/** UTF-8 byte lengths, which is how SQS measures sizes. */
final class Utf8 {
    private Utf8() {
    }

    static int length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
