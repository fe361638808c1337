package dev.stratus.protocol.sigv4;

/**
 * What a verified request leaves behind for the aws-chunked body that follows it: the signing key, the request
 * time and scope, and the request's own signature (the seed of the chunk signature chain).
 */
public record VerifiedSignature(byte[] signingKey, String amzDate, String credentialScope, String signature) {
}
