package dev.stratus.sns.signing;

import dev.stratus.platform.state.DocumentStore;
import dev.stratus.storage.Storage;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;

/**
 * Signs SNS messages with SignatureVersion 1 (SHA1withRSA over the canonical "Name\nValue\n" string) using an
 * RSA key generated once and persisted, and serves the matching certificate as PEM.
 */
public final class MessageSigner {
    private static final String KEY = "default";
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final DocumentStore<SigningKeyRecord> store;
    private final Clock clock;
    private volatile PrivateKey privateKey;
    private volatile byte[] certificate;

    public MessageSigner(Storage storage, Clock clock) {
        this.store = new DocumentStore<>(storage, "sns.signing", SigningKeyRecord.class);
        this.clock = clock;
    }

    /** The Notification fields signed, in AWS's order; Subject only when the message has one. */
    public static String notificationString(Map<String, String> fields) {
        return canonical(fields, "Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type");
    }

    /** The SubscriptionConfirmation / UnsubscribeConfirmation fields signed, in AWS's order. */
    public static String confirmationString(Map<String, String> fields) {
        return canonical(fields, "Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type");
    }

    private static String canonical(Map<String, String> fields, String... names) {
        StringBuilder sb = new StringBuilder();
        for (String n : names) {
            String v = fields.get(n);
            if (v != null) {
                sb.append(n).append('\n').append(v).append('\n');
            }
        }
        return sb.toString();
    }

    /** Base64 SHA1withRSA signature of {@code canonical}. */
    public String sign(String canonical) {
        try {
            Signature s = Signature.getInstance("SHA1withRSA");
            s.initSign(key());
            s.update(canonical.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign SNS message", e);
        }
    }

    /** The certificate as PEM, what SigningCertURL serves. */
    public String certificatePem() {
        key();
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate)
                + "\n-----END CERTIFICATE-----\n";
    }

    private PrivateKey key() {
        PrivateKey k = privateKey;
        if (k != null) {
            return k;
        }
        synchronized (this) {
            if (privateKey == null) {
                SigningKeyRecord rec = store.get(KEY).orElseGet(this::generate);
                try {
                    privateKey = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(rec.privateKey()));
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("stored SNS signing key is unreadable", e);
                }
                certificate = rec.certificate();
            }
            return privateKey;
        }
    }

    private SigningKeyRecord generate() {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048);
            KeyPair pair = gen.generateKeyPair();
            byte[] cert = selfSigned(pair);
            SigningKeyRecord rec = new SigningKeyRecord(pair.getPrivate().getEncoded(), cert);
            store.put(KEY, rec);
            return rec;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create the SNS signing key", e);
        }
    }

    private byte[] selfSigned(KeyPair pair) throws GeneralSecurityException {
        byte[] algorithm = Der.sequence(Der.SHA1_WITH_RSA, Der.nul());
        byte[] name = Der.sequence(Der.set(Der.sequence(Der.COMMON_NAME, Der.utf8("sns.amazonaws.com"))));
        var now = clock.instant();
        byte[] validity = Der.sequence(Der.utcTime(UTC_TIME.format(now.minusSeconds(86_400))),
                Der.utcTime(UTC_TIME.format(now.plusSeconds(10L * 365 * 86_400))));
        byte[] tbs = Der.sequence(Der.explicit(0, Der.integer(BigInteger.TWO)),
                Der.integer(new BigInteger(63, new SecureRandom()).add(BigInteger.ONE)), algorithm, name, validity,
                name, pair.getPublic().getEncoded());
        Signature s = Signature.getInstance("SHA1withRSA");
        s.initSign(pair.getPrivate());
        s.update(tbs);
        byte[] der = Der.sequence(tbs, algorithm, Der.bitString(s.sign()));
        // Parse it back so a malformed encoding fails here, not in a subscriber.
        X509Certificate parsed = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
        parsed.verify(pair.getPublic());
        return der;
    }
}
