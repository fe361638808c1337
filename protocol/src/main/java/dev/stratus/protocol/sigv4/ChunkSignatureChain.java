package dev.stratus.protocol.sigv4;

import java.nio.charset.StandardCharsets;

/**
 * The signature chain of an aws-chunked body: each chunk's signature covers the previous one (the first
 * covers the request's seed signature), and a trailer signature closes the chain.
 */
public final class ChunkSignatureChain {
    static final String CHUNK_ALGORITHM = "AWS4-HMAC-SHA256-PAYLOAD";
    static final String TRAILER_ALGORITHM = "AWS4-HMAC-SHA256-TRAILER";

    private final byte[] signingKey;
    private final String amzDate;
    private final String credentialScope;
    private String previous;

    public ChunkSignatureChain(VerifiedSignature seed) {
        this.signingKey = seed.signingKey();
        this.amzDate = seed.amzDate();
        this.credentialScope = seed.credentialScope();
        this.previous = seed.signature();
    }

    /** The string to sign of a chunk whose data hashes to {@code chunkSha256Hex}, following {@code previous}. */
    static String chunkStringToSign(String amzDate, String scope, String previous, String chunkSha256Hex) {
        return CHUNK_ALGORITHM + '\n' + amzDate + '\n' + scope + '\n' + previous + '\n'
                + SigV4Crypto.EMPTY_SHA256 + '\n' + chunkSha256Hex;
    }

    /** The string to sign of the trailing headers, given as their canonical {@code name:value\n} lines. */
    static String trailerStringToSign(String amzDate, String scope, String previous, String canonicalTrailers) {
        return TRAILER_ALGORITHM + '\n' + amzDate + '\n' + scope + '\n' + previous + '\n'
                + SigV4Crypto.sha256Hex(canonicalTrailers.getBytes(StandardCharsets.UTF_8));
    }

    /** Checks the next chunk's signature and moves the chain on; false when it does not match. */
    public boolean acceptChunk(String chunkSha256Hex, String provided) {
        return accept(chunkStringToSign(amzDate, credentialScope, previous, chunkSha256Hex), provided);
    }

    /** Checks the trailer signature over the canonical trailing headers; false when it does not match. */
    public boolean acceptTrailer(String canonicalTrailers, String provided) {
        return accept(trailerStringToSign(amzDate, credentialScope, previous, canonicalTrailers), provided);
    }

    private boolean accept(String stringToSign, String provided) {
        String expected = SigV4Crypto.sign(signingKey, stringToSign);
        if (!SigV4Crypto.signaturesEqual(expected, provided)) {
            return false;
        }
        previous = expected;
        return true;
    }
}
