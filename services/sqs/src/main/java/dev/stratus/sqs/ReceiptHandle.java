package dev.stratus.sqs;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A receipt handle: the message id and the token of one receive, opaque to clients. */
record ReceiptHandle(String messageId, String token) {

    String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((messageId + ":" + token).getBytes(StandardCharsets.UTF_8));
    }

    static ReceiptHandle parse(String handle) {
        if (handle == null || handle.isBlank()) {
            throw SqsErrors.invalidReceiptHandle(handle == null ? "" : handle);
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(handle.strip()), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            if (colon > 0 && colon < text.length() - 1) {
                return new ReceiptHandle(text.substring(0, colon), text.substring(colon + 1));
            }
        } catch (IllegalArgumentException e) {
            // not base64: fall through to AWS's error
        }
        throw SqsErrors.invalidReceiptHandle(handle);
    }
}
