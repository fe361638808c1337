package dev.stratus.logs;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque nextToken for the Describe operations: the sort key of the last item returned. */
final class PageToken {
    private PageToken() {
    }

    static String encode(String sortKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sortKey.getBytes(StandardCharsets.UTF_8));
    }

    /** The sort key inside a token, or the AWS error when the token is not one of ours. */
    static String decode(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw LogsState.invalid("The specified nextToken is invalid.");
        }
    }
}
