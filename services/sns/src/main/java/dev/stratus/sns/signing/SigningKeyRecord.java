package dev.stratus.sns.signing;

/** The persisted signing identity: a PKCS#8 RSA private key and its self-signed X.509 certificate (DER). */
record SigningKeyRecord(byte[] privateKey, byte[] certificate) {
}
