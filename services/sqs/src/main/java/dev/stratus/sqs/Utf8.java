package dev.stratus.sqs;

/** UTF-8 byte lengths, which is how SQS measures sizes. */
final class Utf8 {
    private Utf8() {
    }

    /** Counted from the chars, without encoding (every send measures its body and attributes). */
    static int length(String s) {
        int n = s.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes++;
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    bytes += 2; // a pair: 2 chars, 4 bytes
                    i++;
                } else {
                    bytes += 2; // 3 bytes; a lone surrogate encodes as '?' (1 byte) but SQS refuses those anyway
                }
            }
        }
        return bytes;
    }
}
