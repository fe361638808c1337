package dev.stratus.protocol.sigv4;

import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.sigv4.SigV4Failure.Reason;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Verifies a Signature Version 4 request (Authorization header or presigned query string) against a known
 * secret: request time, credential scope date, canonical request, string to sign and signature.
 *
 * <p>Looking up the secret and turning a {@link SigV4Failure} into a protocol's error is the caller's job.
 */
public final class SigV4Verifier {
    /** How far a signed request's time may be from the server's clock, either way (AWS: 15 minutes). */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(15);
    /** The longest a presigned URL may live: seven days, the lifetime of a signing key. */
    public static final long MAX_PRESIGNED_EXPIRES_SECONDS = 604_800;
    /** The payload hash of a request whose body is not signed. */
    public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    /** A presigned URL without X-Amz-Expires (allowed outside S3) lives as long as a signed header does. */
    static final long DEFAULT_PRESIGNED_EXPIRES_SECONDS = MAX_CLOCK_SKEW.toSeconds();

    static final DateTimeFormatter BASIC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private SigV4Verifier() {
    }

    /**
     * Verifies {@code request}, whose SigV4 facts are {@code scope}, signed with {@code secretAccessKey}.
     *
     * @param s3 S3 signs paths once-encoded and presigned S3 URLs default to an unsigned payload
     * @return the signing material an aws-chunked body's chunk signatures continue from
     * @throws SigV4Failure when the request is malformed, out of time, or its signature does not match
     */
    public static VerifiedSignature verify(HttpRequest request, SigV4Scope scope, String secretAccessKey,
                                           boolean s3, Instant now) {
        Map<String, List<String>> query = scope.presigned() ? request.queryParams() : Map.of();
        if (scope.signature() == null || scope.signature().isEmpty()) {
            throw new SigV4Failure(Reason.MALFORMED, scope.presigned()
                    ? "Query-string authentication requires the X-Amz-Signature parameter."
                    : "Authorization header requires 'Signature' parameter.");
        }
        if (scope.signedHeaders().isEmpty()) {
            throw new SigV4Failure(Reason.MALFORMED, scope.presigned()
                    ? "Query-string authentication requires the X-Amz-SignedHeaders parameter."
                    : "Authorization header requires 'SignedHeaders' parameter.");
        }
        if (scope.signedHeaders().stream().noneMatch(h -> h.equalsIgnoreCase("host"))) {
            throw new SigV4Failure(Reason.MALFORMED, "'Host' or ':authority' must be a 'SignedHeader' in the AWS "
                    + "Authorization.");
        }
        String amzDate = scope.presigned() ? first(query, "X-Amz-Date") : headerDate(request);
        Instant signedAt = parseDate(amzDate, scope.presigned());
        if (!amzDate.startsWith(scope.date())) {
            throw new SigV4Failure(Reason.MALFORMED, "Date in Credential scope does not match YYYYMMDD from "
                    + "ISO-8601 version of date from HTTP: '" + scope.date() + "' != '" + amzDate.substring(0, 8)
                    + "', from '" + amzDate + "'.");
        }
        if (scope.presigned()) {
            checkPresignedTime(query, amzDate, signedAt, s3, now);
        } else {
            checkSkew(amzDate, signedAt, now);
        }
        String payloadHash = payloadHash(request, query, s3, scope.presigned());
        CanonicalRequest canonical = CanonicalRequest.of(request, scope.signedHeaders(), payloadHash, s3,
                scope.presigned());
        String stringToSign = canonical.stringToSign(amzDate, scope.credentialScope());
        byte[] key = SigV4Crypto.signingKey(secretAccessKey, scope.date(), scope.region(), scope.service());
        String expected = SigV4Crypto.sign(key, stringToSign);
        if (!SigV4Crypto.signaturesEqual(expected, scope.signature())) {
            throw new SigV4Failure(Reason.SIGNATURE_MISMATCH, "The request signature we calculated does not match "
                    + "the signature you provided.", SigV4Failure.details("StringToSign", stringToSign,
                    "SignatureProvided", scope.signature(), "CanonicalRequest", canonical.text()));
        }
        return new VerifiedSignature(key, amzDate, scope.credentialScope(), expected);
    }

    /**
     * Checks that a body hashes to the hex {@code x-amz-content-sha256} it was signed with; placeholders such as
     * UNSIGNED-PAYLOAD or STREAMING-* are not hashes and pass.
     */
    public static void checkContentSha256(HttpRequest request) {
        String declared = request.header("X-Amz-Content-Sha256");
        if (declared == null || !isHexSha256(declared.strip())) {
            return;
        }
        if (request.bodyStream() != null) {
            // A streamed body is hashed by the codec as it is read (XAmzContentSHA256Mismatch at its end).
            return;
        }
        String actual = SigV4Crypto.sha256Hex(request.body());
        if (!actual.equalsIgnoreCase(declared.strip())) {
            throw new SigV4Failure(Reason.CONTENT_SHA256_MISMATCH, "The provided 'x-amz-content-sha256' header "
                    + "does not match what was computed.", SigV4Failure.details("ClientComputedContentSHA256",
                    declared.strip(), "S3ComputedContentSHA256", actual));
        }
    }

    /** The payload hash the signer used: the declared one, else UNSIGNED-PAYLOAD (presigned S3), else the body's. */
    static String payloadHash(HttpRequest request, Map<String, List<String>> query, boolean s3, boolean presigned) {
        String declared = request.header("X-Amz-Content-Sha256");
        if (declared != null) {
            return declared.strip();
        }
        if (presigned) {
            String inQuery = first(query, "X-Amz-Content-Sha256");
            if (inQuery != null) {
                return inQuery;
            }
            if (s3) {
                return UNSIGNED_PAYLOAD;
            }
        }
        return SigV4Crypto.sha256Hex(request.body());
    }

    private static String headerDate(HttpRequest request) {
        String amz = request.header("X-Amz-Date");
        if (amz != null) {
            return amz.strip();
        }
        String date = request.header("Date");
        if (date == null) {
            throw new SigV4Failure(Reason.MALFORMED, "Authorization header requires existence of either a "
                    + "'X-Amz-Date' or a 'Date' header.");
        }
        try {
            // An RFC 1123 Date header stands in for X-Amz-Date, in the basic format the signer used.
            return BASIC.format(DateTimeFormatter.RFC_1123_DATE_TIME.parse(date.strip(), Instant::from));
        } catch (DateTimeParseException e) {
            return date.strip();
        }
    }

    private static Instant parseDate(String amzDate, boolean presigned) {
        if (amzDate == null) {
            throw new SigV4Failure(Reason.MALFORMED, presigned
                    ? "Query-string authentication requires the X-Amz-Date parameter."
                    : "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }
        try {
            return BASIC.parse(amzDate, Instant::from);
        } catch (DateTimeParseException e) {
            throw new SigV4Failure(Reason.MALFORMED, "Date must be in ISO-8601 'basic format'. Got '" + amzDate
                    + "'. See http://en.wikipedia.org/wiki/ISO_8601");
        }
    }

    private static void checkSkew(String amzDate, Instant signedAt, Instant now) {
        Instant server = now.truncatedTo(ChronoUnit.SECONDS);
        Map<String, String> details = SigV4Failure.details("RequestTime", amzDate, "ServerTime", server.toString(),
                "MaxAllowedSkewMilliseconds", Long.toString(MAX_CLOCK_SKEW.toMillis()));
        long minutes = MAX_CLOCK_SKEW.toMinutes();
        if (signedAt.isBefore(server.minus(MAX_CLOCK_SKEW))) {
            throw new SigV4Failure(Reason.SKEWED, "Signature expired: " + amzDate + " is now earlier than "
                    + BASIC.format(server.minus(MAX_CLOCK_SKEW)) + " (" + BASIC.format(server) + " - " + minutes
                    + " min.)", details);
        }
        if (signedAt.isAfter(server.plus(MAX_CLOCK_SKEW))) {
            throw new SigV4Failure(Reason.SKEWED, "Signature not yet current: " + amzDate + " is still later than "
                    + BASIC.format(server.plus(MAX_CLOCK_SKEW)) + " (" + BASIC.format(server) + " + " + minutes
                    + " min.)", details);
        }
    }

    private static void checkPresignedTime(Map<String, List<String>> query, String amzDate, Instant signedAt,
                                           boolean s3, Instant now) {
        String algorithm = first(query, "X-Amz-Algorithm");
        if (!SigV4Scope.ALGORITHM.equals(algorithm)) {
            throw new SigV4Failure(Reason.MALFORMED, "X-Amz-Algorithm only supports \"" + SigV4Scope.ALGORITHM
                    + "\"");
        }
        long expires = expiresSeconds(first(query, "X-Amz-Expires"), s3);
        Instant server = now.truncatedTo(ChronoUnit.SECONDS);
        if (signedAt.isAfter(server.plus(MAX_CLOCK_SKEW))) {
            checkSkew(amzDate, signedAt, now);
        }
        Instant expiresAt = signedAt.plusSeconds(expires);
        if (server.isAfter(expiresAt)) {
            throw new SigV4Failure(Reason.EXPIRED, "Request has expired", SigV4Failure.details(
                    "X-Amz-Expires", Long.toString(expires), "Expires", expiresAt.toString(),
                    "ServerTime", server.toString()));
        }
    }

    private static long expiresSeconds(String value, boolean s3) {
        if (value == null) {
            if (s3) {
                throw new SigV4Failure(Reason.MALFORMED, "Query-string authentication version 4 requires the "
                        + "X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, "
                        + "and X-Amz-Expires parameters.");
            }
            return DEFAULT_PRESIGNED_EXPIRES_SECONDS;
        }
        long seconds;
        try {
            seconds = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new SigV4Failure(Reason.MALFORMED, "X-Amz-Expires should be a number");
        }
        if (seconds < 0) {
            throw new SigV4Failure(Reason.MALFORMED, "X-Amz-Expires must be non-negative");
        }
        if (seconds == 0) {
            throw new SigV4Failure(Reason.MALFORMED, "X-Amz-Expires must be at least 1 second");
        }
        if (seconds > MAX_PRESIGNED_EXPIRES_SECONDS) {
            throw new SigV4Failure(Reason.MALFORMED, "X-Amz-Expires must be less than a week (in seconds) that is "
                    + MAX_PRESIGNED_EXPIRES_SECONDS);
        }
        return seconds;
    }

    /** Whether an x-amz-content-sha256 value is a real hash rather than a placeholder (UNSIGNED-PAYLOAD, STREAMING-*). */
    public static boolean isHexSha256(String s) {
        if (s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }

    private static String first(Map<String, List<String>> q, String name) {
        List<String> v = q.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
