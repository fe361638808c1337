package dev.stratus.sqs;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A receipt handle: the message id, the token of one receive and the message's place in its queue (so a delete
 * finds it without an index by id), opaque to clients.
 *
 * @param seq the message's {@link SqsMessage#seq()}, or {@link #UNKNOWN_SEQ} in handles of earlier versions
 */
record ReceiptHandle(String messageId, String token, long seq) {
    /** Handles issued before the seq was part of them: the message is then looked up by id. */
    static final long UNKNOWN_SEQ = -1;

    String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((messageId + ":" + token + ":" + seq).getBytes(StandardCharsets.UTF_8));
    }

    static ReceiptHandle parse(String handle) {
        if (handle == null || handle.isBlank()) {
            throw SqsErrors.invalidReceiptHandle(handle == null ? "" : handle);
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(handle.strip()), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            if (colon > 0 && colon < text.length() - 1) {
                String id = text.substring(0, colon);
                String rest = text.substring(colon + 1);
                int last = rest.lastIndexOf(':');
                if (last > 0) {
                    long seq = seqOf(rest.substring(last + 1));
                    if (seq != UNKNOWN_SEQ) {
                        return new ReceiptHandle(id, rest.substring(0, last), seq);
                    }
                }
                return new ReceiptHandle(id, rest, UNKNOWN_SEQ);
            }
        } catch (IllegalArgumentException e) {
            // not base64: fall through to AWS's error
        }
        throw SqsErrors.invalidReceiptHandle(handle);
    }

    private static long seqOf(String digits) {
        if (digits.isEmpty() || digits.length() > 19) {
            return UNKNOWN_SEQ;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return UNKNOWN_SEQ;
            }
        }
        return Long.parseLong(digits);
    }
}
