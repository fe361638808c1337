package dev.stratus.protocol.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.HttpRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.checksums.DefaultChecksumAlgorithm;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner.AuthLocation;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/** Requests signed by the AWS SDK for Java v2's own SigV4 signer verify here, and tampered ones do not. */
class SdkSignerInteropTest {
    static final String KEY = "AKIAEXAMPLEKEY000001";
    static final String SECRET = "s3cr3t/with+odd=chars";
    static final Instant NOW = Instant.parse("2026-03-01T10:20:30Z");
    static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    record Signed(HttpRequest request, byte[] rawBody) {
    }

    static Signed sign(SdkHttpRequest request, String body, String service,
                       Consumer<SignRequest.Builder<AwsCredentialsIdentity>> extra) {
        return sign(request, body == null ? null : body.getBytes(StandardCharsets.UTF_8), service,
                AwsCredentialsIdentity.create(KEY, SECRET), extra);
    }

    static Signed sign(SdkHttpRequest request, byte[] body, String service, AwsCredentialsIdentity identity,
                       Consumer<SignRequest.Builder<AwsCredentialsIdentity>> extra) {
        SignedRequest signed = SIGNER.sign(r -> {
            r.identity(identity).request(request)
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1")
                    .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(NOW, ZoneOffset.UTC));
            if (body != null) {
                r.payload(ContentStreamProvider.fromByteArray(body));
            }
            extra.accept(r);
        });
        SdkHttpRequest out = signed.request();
        HttpRequest.Headers headers = new HttpRequest.Headers();
        out.forEachHeader((name, values) -> values.forEach(v -> headers.add(name, v)));
        if (!headers.contains("Host")) {
            headers.add("Host", out.host() + (out.port() == 443 || out.port() == 80 ? "" : ":" + out.port()));
        }
        byte[] raw = signed.payload().map(SdkSignerInteropTest::readAll).orElse(new byte[0]);
        return new Signed(new HttpRequest(out.method().name(), out.encodedPath(),
                out.encodedQueryParameters().orElse(""), headers, raw), raw);
    }

    static byte[] readAll(ContentStreamProvider p) {
        try (InputStream in = p.newStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SdkHttpRequest.Builder http(SdkHttpMethod method, String host, String encodedPath) {
        return SdkHttpRequest.builder().protocol("https").host(host).method(method).encodedPath(encodedPath);
    }

    static VerifiedSignature verify(Signed s, boolean s3, Instant now) {
        return SigV4Verifier.verify(s.request(), SigV4Scope.of(s.request()), SECRET, s3, now);
    }

    static void assertMismatch(Signed s, boolean s3) {
        assertThatThrownBy(() -> verify(s, s3, NOW)).isInstanceOfSatisfying(SigV4Failure.class,
                f -> assertThat(f.reason()).isEqualTo(SigV4Failure.Reason.SIGNATURE_MISMATCH));
    }

    static Signed withBody(Signed s, String body) {
        HttpRequest r = s.request();
        return new Signed(new HttpRequest(r.method(), r.rawPath(), r.rawQuery(), r.headers(),
                body.getBytes(StandardCharsets.UTF_8)), s.rawBody());
    }

    @Test
    void aQueryProtocolPostVerifiesAndADifferentBodyDoesNot() {
        Signed s = sign(http(SdkHttpMethod.POST, "sts.amazonaws.com", "/")
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8").build(),
                "Action=GetCallerIdentity&Version=2011-06-15", "sts", r -> { });
        assertThat(SigV4Scope.of(s.request()).service()).isEqualTo("sts");
        verify(s, false, NOW);
        // the signer declares the body's hash in a signed header: the signature holds, the body check fails
        assertThat(s.request().header("x-amz-content-sha256"))
                .isEqualTo(SigV4Crypto.sha256Hex("Action=GetCallerIdentity&Version=2011-06-15"));
        Signed other = withBody(s, "Action=GetCallerIdentity&Version=2011-06-16");
        verify(other, false, NOW);
        assertThatThrownBy(() -> SigV4Verifier.checkContentSha256(other.request()))
                .isInstanceOfSatisfying(SigV4Failure.class, f -> assertThat(f.reason())
                        .isEqualTo(SigV4Failure.Reason.CONTENT_SHA256_MISMATCH));
    }

    @Test
    void withoutADeclaredHashTheBodyItselfIsSigned() {
        Signed s = sign(http(SdkHttpMethod.POST, "sts.amazonaws.com", "/").build(),
                "Action=GetCallerIdentity&Version=2011-06-15", "sts", r -> { });
        HttpRequest r = s.request();
        // signed again by hand without x-amz-content-sha256, as most clients of query and JSON services sign
        HttpRequest undeclared = withoutHeader(r, "x-amz-content-sha256");
        CanonicalRequest c = CanonicalRequest.of(undeclared, java.util.List.of("host", "x-amz-date"),
                SigV4Crypto.sha256Hex(undeclared.body()), false, false);
        SigV4Scope scope = SigV4Scope.of(r);
        String sig = SigV4Crypto.sign(SigV4Crypto.signingKey(SECRET, scope.date(), scope.region(), "sts"),
                c.stringToSign(undeclared.header("X-Amz-Date"), scope.credentialScope()));
        HttpRequest resigned = SignedRequests.withHeader(withoutHeader(undeclared, "Authorization"), "Authorization",
                "AWS4-HMAC-SHA256 Credential=" + KEY + "/" + scope.credentialScope() + ", SignedHeaders=host;x-amz-date,"
                        + " Signature=" + sig);
        SigV4Verifier.verify(resigned, SigV4Scope.of(resigned), SECRET, false, NOW);
        HttpRequest otherBody = new HttpRequest(resigned.method(), resigned.rawPath(), resigned.rawQuery(),
                resigned.headers(), "Action=GetCallerIdentity&Version=2011-06-16".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> SigV4Verifier.verify(otherBody, SigV4Scope.of(otherBody), SECRET, false, NOW))
                .isInstanceOfSatisfying(SigV4Failure.class, f -> assertThat(f.reason())
                        .isEqualTo(SigV4Failure.Reason.SIGNATURE_MISMATCH));
    }

    static HttpRequest withoutHeader(HttpRequest r, String name) {
        HttpRequest.Headers headers = new HttpRequest.Headers();
        r.headers().asMap().forEach((k, vs) -> {
            if (!k.equalsIgnoreCase(name)) {
                vs.forEach(v -> headers.add(k, v));
            }
        });
        return new HttpRequest(r.method(), r.rawPath(), r.rawQuery(), headers, r.body());
    }

    @Test
    void aRestJsonPathIsDoubleEncodedOutsideS3() {
        String arn = SdkHttpUtils.urlEncode("arn:aws:lambda:eu-west-1:000000000000:function:my fn");
        Signed s = sign(http(SdkHttpMethod.POST, "lambda.eu-west-1.amazonaws.com",
                "/2015-03-31/functions/" + arn + "/invocations").putRawQueryParameter("Qualifier", "$LATEST")
                .build(), "{\"k\":\"v\"}", "lambda", r -> { });
        assertThat(s.request().rawPath()).contains("%3A");
        verify(s, false, NOW);
        assertMismatch(s, true);
    }

    @Test
    void queryParametersWithReservedAndUnicodeCharactersVerify() {
        Signed s = sign(http(SdkHttpMethod.GET, "logs.eu-west-1.amazonaws.com", "/")
                .putRawQueryParameter("prefix", "a b+c/d=\u00e9&x")
                .putRawQueryParameter("empty", "")
                .putRawQueryParameter("Zeta", java.util.List.of("2", "1"))
                .build(), null, "logs", r -> { });
        verify(s, false, NOW);
        HttpRequest r = s.request();
        Signed tampered = new Signed(new HttpRequest(r.method(), r.rawPath(), r.rawQuery().replace("Zeta=2",
                "Zeta=3"), r.headers(), r.body()), s.rawBody());
        assertMismatch(tampered, false);
    }

    @Test
    void anS3KeyIsSignedAsSentWithoutNormalization() {
        String key = SdkHttpUtils.urlEncodeIgnoreSlashes("/bucket/photos//\u00e9t\u00e9 2013/./a+b (1)~x$.jpg");
        Signed s = sign(http(SdkHttpMethod.PUT, "s3.eu-west-1.amazonaws.com", key).build(), "object body", "s3",
                r -> r.putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                        .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false));
        assertThat(s.request().header("x-amz-content-sha256")).isEqualTo(SigV4Crypto.sha256Hex("object body"));
        verify(s, true, NOW);
        SigV4Verifier.checkContentSha256(s.request());
        assertMismatch(s, false);
    }

    @Test
    void anUnsignedS3PayloadVerifiesWhateverTheBody() {
        Signed s = sign(http(SdkHttpMethod.PUT, "s3.eu-west-1.amazonaws.com", "/bucket/key").build(), "abc", "s3",
                r -> r.putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                        .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false));
        assertThat(s.request().header("x-amz-content-sha256")).isEqualTo(SigV4Verifier.UNSIGNED_PAYLOAD);
        verify(withBody(s, "something else"), true, NOW);
    }

    @Test
    void aSessionTokenIsPartOfTheSignature() {
        Signed s = sign(http(SdkHttpMethod.POST, "sts.amazonaws.com", "/").build(),
                "Action=GetCallerIdentity&Version=2011-06-15".getBytes(StandardCharsets.UTF_8), "sts",
                AwsSessionCredentialsIdentity.create(KEY, SECRET, "the-session-token"), r -> { });
        assertThat(s.request().header("X-Amz-Security-Token")).isEqualTo("the-session-token");
        assertThat(SigV4Scope.of(s.request()).signedHeaders()).contains("x-amz-security-token");
        verify(s, false, NOW);
        HttpRequest r = s.request();
        HttpRequest.Headers other = new HttpRequest.Headers();
        r.headers().asMap().forEach((k, vs) -> vs.forEach(v -> other.add(k, k.equalsIgnoreCase(
                "X-Amz-Security-Token") ? "another-token" : v)));
        assertMismatch(new Signed(new HttpRequest(r.method(), r.rawPath(), r.rawQuery(), other, r.body()),
                s.rawBody()), false);
    }

    @Test
    void aPresignedStsUrlVerifiesUntilItsExpiry() {
        Signed s = sign(http(SdkHttpMethod.GET, "sts.amazonaws.com", "/")
                .putRawQueryParameter("Action", "GetCallerIdentity").putRawQueryParameter("Version", "2011-06-15")
                .build(), null, "sts", r -> r.putProperty(AwsV4HttpSigner.AUTH_LOCATION, AuthLocation.QUERY_STRING)
                .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, Duration.ofSeconds(60)));
        SigV4Scope scope = SigV4Scope.of(s.request());
        assertThat(scope.presigned()).isTrue();
        assertThat(s.request().header("Authorization")).isNull();
        verify(s, false, NOW.plusSeconds(60));
        assertThatThrownBy(() -> verify(s, false, NOW.plusSeconds(61))).isInstanceOfSatisfying(SigV4Failure.class,
                f -> assertThat(f.reason()).isEqualTo(SigV4Failure.Reason.EXPIRED));
        HttpRequest r = s.request();
        assertMismatch(new Signed(new HttpRequest(r.method(), r.rawPath(),
                r.rawQuery().replace("GetCallerIdentity", "GetSessionToken"), r.headers(), r.body()), s.rawBody()),
                false);
    }

    @Test
    void aPresignedS3UrlWithAnUnsignedPayloadVerifies() {
        Signed s = sign(http(SdkHttpMethod.PUT, "bucket.s3.eu-west-1.amazonaws.com", "/folder/my%20file.txt")
                .build(), null, "s3", r -> r.putProperty(AwsV4HttpSigner.AUTH_LOCATION, AuthLocation.QUERY_STRING)
                .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, Duration.ofHours(1))
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false));
        verify(withBody(s, "uploaded later"), true, NOW.plusSeconds(3599));
    }

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(42).nextBytes(b);
        return b;
    }

    static Signed signChunked(byte[] data, boolean payloadSigning, boolean checksum) {
        SdkHttpRequest request = http(SdkHttpMethod.PUT, "s3.eu-west-1.amazonaws.com", "/bucket/big.bin")
                .putHeader("Content-Length", Integer.toString(data.length)).build();
        return sign(request, data, "s3", AwsCredentialsIdentity.create(KEY, SECRET), r -> {
            r.putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                    .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                    .putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, true)
                    .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, payloadSigning);
            if (checksum) {
                r.putProperty(AwsV4HttpSigner.CHECKSUM_ALGORITHM, DefaultChecksumAlgorithm.CRC32);
            }
        });
    }

    static AwsChunkedInputStream decode(Signed s, ChunkSignatureChain chain) {
        StreamingPayload mode = StreamingPayload.of(s.request());
        return new AwsChunkedInputStream(new ByteArrayInputStream(s.rawBody()), mode, chain,
                AwsChunkedInputStream.decodedContentLength(s.request()));
    }

    @Test
    void signedChunksFromTheSdkDecodeWithTheirChainVerified() throws IOException {
        byte[] data = randomBytes(300_000);
        Signed s = signChunked(data, true, false);
        assertThat(StreamingPayload.of(s.request())).isEqualTo(StreamingPayload.SIGNED);
        VerifiedSignature seed = verify(s, true, NOW);
        assertThat(decode(s, new ChunkSignatureChain(seed)).readAllBytes()).isEqualTo(data);

        byte[] tampered = s.rawBody().clone();
        tampered[tampered.length / 2] ^= 1;
        Signed bad = new Signed(s.request(), tampered);
        assertThatThrownBy(() -> decode(bad, new ChunkSignatureChain(seed)).readAllBytes())
                .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.code()).isEqualTo(
                        "SignatureDoesNotMatch"));
    }

    @Test
    void signedChunksWithATrailingChecksumVerifyTheTrailerSignature() throws IOException {
        byte[] data = randomBytes(200_000);
        Signed s = signChunked(data, true, true);
        assertThat(StreamingPayload.of(s.request())).isEqualTo(StreamingPayload.SIGNED_WITH_TRAILER);
        VerifiedSignature seed = verify(s, true, NOW);
        AwsChunkedInputStream in = decode(s, new ChunkSignatureChain(seed));
        assertThat(in.readAllBytes()).isEqualTo(data);
        assertThat(in.trailers()).containsOnlyKeys("x-amz-checksum-crc32");

        String body = new String(s.rawBody(), StandardCharsets.ISO_8859_1);
        String checksum = in.trailers().get("x-amz-checksum-crc32");
        Signed forged = new Signed(s.request(), body.replace("x-amz-checksum-crc32:" + checksum,
                "x-amz-checksum-crc32:AAAAAA==").getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> decode(forged, new ChunkSignatureChain(seed)).readAllBytes())
                .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.code()).isEqualTo(
                        "SignatureDoesNotMatch"));
    }

    @Test
    void unsignedChunksWithATrailingChecksumDecode() throws IOException {
        byte[] data = randomBytes(150_000);
        Signed s = signChunked(data, false, true);
        assertThat(StreamingPayload.of(s.request())).isEqualTo(StreamingPayload.UNSIGNED_WITH_TRAILER);
        VerifiedSignature seed = verify(s, true, NOW);
        AwsChunkedInputStream in = decode(s, new ChunkSignatureChain(seed));
        assertThat(in.readAllBytes()).isEqualTo(data);
        assertThat(in.trailers()).containsKey("x-amz-checksum-crc32");
    }
}
