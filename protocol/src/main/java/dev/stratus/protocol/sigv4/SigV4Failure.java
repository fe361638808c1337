package dev.stratus.protocol.sigv4;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Why a SigV4 signature was refused; the platform turns it into each protocol family's AWS error.
 *
 * @see SigV4Verifier
 */
public final class SigV4Failure extends RuntimeException {
    /** The kinds of refusal, each with its own AWS error per protocol family. */
    public enum Reason {
        /** Authorization or presigned parameters missing or malformed (IncompleteSignature and kin). */
        MALFORMED,
        /** The signature computed here differs from the one sent (or the scope does not fit the request). */
        SIGNATURE_MISMATCH,
        /** The request time is more than the allowed skew away from the server's clock. */
        SKEWED,
        /** A presigned URL past its X-Amz-Expires. */
        EXPIRED,
        /** The body does not hash to the x-amz-content-sha256 the client signed. */
        CONTENT_SHA256_MISMATCH
    }

    private final Reason reason;
    private final Map<String, String> details;

    /**
     * @param details facts for the error body (S3 echoes some: StringToSign, CanonicalRequest, ServerTime...)
     */
    public SigV4Failure(Reason reason, String message, Map<String, String> details) {
        super(message, null, false, false);
        this.reason = reason;
        this.details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public SigV4Failure(Reason reason, String message) {
        this(reason, message, Map.of());
    }

    /** An ordered details map from name, value pairs. */
    static Map<String, String> details(String... namesAndValues) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            out.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return out;
    }

    public Reason reason() {
        return reason;
    }

    public Map<String, String> details() {
        return details;
    }
}
