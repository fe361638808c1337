package dev.stratus.platform.auth;

import static dev.stratus.platform.auth.SdkSigning.http;
import static dev.stratus.platform.auth.SdkSigning.jsonPost;
import static dev.stratus.platform.auth.SdkSigning.queryPost;
import static dev.stratus.platform.auth.SdkSigning.replaceHeader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.platform.RequestContext;
import dev.stratus.platform.StratusConfig.AuthMode;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.model.OperationModel;
import dev.stratus.protocol.model.ServiceModel;
import dev.stratus.protocol.sigv4.SigV4Scope;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpMethod;

/** Strict-mode authentication of SDK-signed requests, with each protocol family's AWS errors. */
class AuthenticatorTest {
    static final Instant NOW = Instant.parse("2026-04-01T08:00:00Z");
    static final String STS_BODY = "Action=GetCallerIdentity&Version=2011-06-15";
    static final ServiceModel STS = ServiceModel.load("sts");
    static final ServiceModel LOGS = ServiceModel.load("logs");
    static final ServiceModel LAMBDA = ServiceModel.load("lambda");
    static final ServiceModel S3 = ServiceModel.load("s3");

    final CredentialResolver credentials = new CredentialResolver(Map.of(
            "AKIAALICE", new CredentialResolver.Credential("AKIAALICE", "alice-secret", "111122223333",
                    "arn:aws:iam::111122223333:user/alice", null),
            "ASIASESSION", new CredentialResolver.Credential("ASIASESSION", "session-secret", "111122223333",
                    "arn:aws:sts::111122223333:assumed-role/r/s", "the-token")));
    final Authenticator strict = new Authenticator(AuthMode.STRICT, credentials);

    static SdkSigning.Signer alice(String service) {
        return SdkSigning.Signer.of("AKIAALICE", "alice-secret", NOW, service);
    }

    RequestContext authenticate(HttpRequest r, ServiceModel model, String operation) {
        OperationModel op = operation == null ? null : model.operation(operation);
        return strict.authenticate(r, SigV4Scope.of(r), model, op, "req-1", NOW);
    }

    static void assertAwsError(ThrowingCallable call, String code, int status, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AwsException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.status()).isEqualTo(status);
            if (message != null) {
                assertThat(e.getMessage()).isEqualTo(message);
            }
        });
    }

    @Test
    void aCorrectlySignedRequestActsAsTheKeysPrincipal() {
        HttpRequest r = alice("sts").sign(queryPost(), STS_BODY);
        RequestContext ctx = authenticate(r, STS, "GetCallerIdentity");
        assertThat(ctx.accountId()).isEqualTo("111122223333");
        assertThat(ctx.principalArn()).isEqualTo("arn:aws:iam::111122223333:user/alice");
        assertThat(ctx.accessKeyId()).isEqualTo("AKIAALICE");
        assertThat(ctx.region()).isEqualTo("eu-central-1");
    }

    @Test
    void aWrongSecretIsASignatureMismatchInEachFamily() {
        SdkSigning.Signer wrong = SdkSigning.Signer.of("AKIAALICE", "not-the-secret", NOW, "sts");
        assertAwsError(() -> authenticate(wrong.sign(queryPost(), STS_BODY), STS, "GetCallerIdentity"),
                "SignatureDoesNotMatch", 403, AuthErrors.SIGNATURE_MISMATCH);
        SdkSigning.Signer wrongLogs = SdkSigning.Signer.of("AKIAALICE", "not-the-secret", NOW, "logs");
        assertAwsError(() -> authenticate(wrongLogs.sign(jsonPost("Logs_20140328.DescribeLogGroups"), "{}"), LOGS,
                "DescribeLogGroups"), "InvalidSignatureException", 400, AuthErrors.SIGNATURE_MISMATCH);
        SdkSigning.Signer wrongLambda = SdkSigning.Signer.of("AKIAALICE", "not-the-secret", NOW, "lambda");
        assertAwsError(() -> authenticate(wrongLambda.sign(http(SdkHttpMethod.GET, "/2015-03-31/functions/")
                .build(), null), LAMBDA, "ListFunctions"), "InvalidSignatureException", 403,
                AuthErrors.SIGNATURE_MISMATCH);
    }

    @Test
    void s3EchoesWhatItSignedOnAMismatch() {
        SdkSigning.Signer wrong = SdkSigning.Signer.of("AKIAALICE", "not-the-secret", NOW, "s3");
        HttpRequest r = wrong.sign(http(SdkHttpMethod.GET, "/bucket/key").build(), null);
        assertThatThrownBy(() -> authenticate(r, S3, "GetObject")).isInstanceOfSatisfying(AwsException.class, e -> {
            assertThat(e.code()).isEqualTo("SignatureDoesNotMatch");
            assertThat(e.getMessage()).isEqualTo(AuthErrors.S3_SIGNATURE_MISMATCH);
            assertThat(e.fields()).containsEntry("AWSAccessKeyId", "AKIAALICE")
                    .containsKeys("StringToSign", "SignatureProvided", "CanonicalRequest");
            assertThat((String) e.fields().get("CanonicalRequest")).startsWith("GET\n/bucket/key\n");
        });
    }

    @Test
    void anUnknownKeyIsRefusedBeforeAnySignatureIsComputed() {
        SdkSigning.Signer stranger = SdkSigning.Signer.of("AKIASTRANGER", "x", NOW, "sts");
        assertAwsError(() -> authenticate(stranger.sign(queryPost(), STS_BODY), STS, "GetCallerIdentity"),
                "InvalidClientTokenId", 403, "The security token included in the request is invalid.");
        SdkSigning.Signer strangerLogs = SdkSigning.Signer.of("AKIASTRANGER", "x", NOW, "logs");
        assertAwsError(() -> authenticate(strangerLogs.sign(jsonPost("Logs_20140328.DescribeLogGroups"), "{}"), LOGS,
                "DescribeLogGroups"), "UnrecognizedClientException", 400,
                "The security token included in the request is invalid.");
        SdkSigning.Signer strangerS3 = SdkSigning.Signer.of("AKIASTRANGER", "x", NOW, "s3");
        assertThatThrownBy(() -> authenticate(strangerS3.sign(http(SdkHttpMethod.GET, "/b/k").build(), null), S3,
                "GetObject")).isInstanceOfSatisfying(AwsException.class, e -> {
                    assertThat(e.code()).isEqualTo("InvalidAccessKeyId");
                    assertThat(e.getMessage()).isEqualTo(
                            "The AWS Access Key Id you provided does not exist in our records.");
                    assertThat(e.fields()).containsEntry("AWSAccessKeyId", "AKIASTRANGER");
                });
    }

    @Test
    void unsignedRequestsAreRefusedUnlessAwsAllowsThem() {
        HttpRequest unsigned = new HttpRequest("POST", "/", "", new HttpRequest.Headers()
                .add("Content-Type", "application/x-www-form-urlencoded"), STS_BODY.getBytes());
        assertAwsError(() -> authenticate(unsigned, STS, "GetCallerIdentity"), "MissingAuthenticationToken", 403,
                "Request is missing Authentication Token");
        RequestContext anonymous = authenticate(unsigned, STS, "AssumeRoleWithWebIdentity");
        assertThat(anonymous.accessKeyId()).isNull();
        assertThat(authenticate(unsigned, STS, "AssumeRoleWithSAML").accessKeyId()).isNull();
        assertAwsError(() -> authenticate(unsigned, LOGS, "DescribeLogGroups"),
                "MissingAuthenticationTokenException", 400, "Request is missing Authentication Token");
        assertAwsError(() -> authenticate(unsigned, LAMBDA, "ListFunctions"),
                "MissingAuthenticationTokenException", 403, "Missing Authentication Token");
        // S3 authorizes unsigned callers itself, by bucket policy
        RequestContext s3Anonymous = authenticate(unsigned, S3, "GetObject");
        assertThat(s3Anonymous.anonymous()).isTrue();
        assertThat(s3Anonymous.accountId()).isEqualTo(RequestContext.ANONYMOUS);
    }

    @Test
    void aMalformedAuthorizationIsAnIncompleteSignature() {
        HttpRequest r = replaceHeader(alice("sts").sign(queryPost(), STS_BODY), "Authorization",
                "AWS4-HMAC-SHA256 Credential=AKIAALICE/20260401/eu-central-1/sts, SignedHeaders=host, Signature=00");
        assertThat(SigV4Scope.of(r)).isNull();
        assertThatThrownBy(() -> authenticate(r, STS, "GetCallerIdentity")).isInstanceOfSatisfying(
                AwsException.class, e -> assertThat(e.code()).isEqualTo("IncompleteSignature"));
        HttpRequest sigV2 = replaceHeader(r, "Authorization", "AWS AKIAALICE:c2lnbmF0dXJl");
        assertThatThrownBy(() -> authenticate(sigV2, S3, "GetObject")).isInstanceOfSatisfying(
                AwsException.class, e -> assertThat(e.code()).isEqualTo("AuthorizationHeaderMalformed"));
    }

    @Test
    void aRequestSignedTwentyMinutesAgoHasAnExpiredSignature() {
        SdkSigning.Signer old = SdkSigning.Signer.of("AKIAALICE", "alice-secret", NOW.minusSeconds(20 * 60), "sts");
        assertAwsError(() -> authenticate(old.sign(queryPost(), STS_BODY), STS, "GetCallerIdentity"),
                "SignatureDoesNotMatch", 403, "Signature expired: 20260401T074000Z is now earlier than "
                        + "20260401T074500Z (20260401T080000Z - 15 min.)");
        SdkSigning.Signer oldLogs = SdkSigning.Signer.of("AKIAALICE", "alice-secret", NOW.minusSeconds(20 * 60),
                "logs");
        assertAwsError(() -> authenticate(oldLogs.sign(jsonPost("Logs_20140328.DescribeLogGroups"), "{}"), LOGS,
                "DescribeLogGroups"), "InvalidSignatureException", 400, null);
        SdkSigning.Signer oldS3 = SdkSigning.Signer.of("AKIAALICE", "alice-secret", NOW.plusSeconds(20 * 60), "s3");
        assertThatThrownBy(() -> authenticate(oldS3.sign(http(SdkHttpMethod.GET, "/b/k").build(), null), S3,
                "GetObject")).isInstanceOfSatisfying(AwsException.class, e -> {
                    assertThat(e.code()).isEqualTo("RequestTimeTooSkewed");
                    assertThat(e.fields()).containsEntry("RequestTime", "20260401T082000Z")
                            .containsEntry("ServerTime", "2026-04-01T08:00:00Z")
                            .containsEntry("MaxAllowedSkewMilliseconds", "900000");
                });
    }

    @Test
    void aSessionCredentialNeedsItsOwnToken() {
        SdkSigning.Signer session = SdkSigning.Signer.of("ASIASESSION", "session-secret", NOW, "sts");
        RequestContext ctx = authenticate(session.withToken("the-token").sign(queryPost(), STS_BODY), STS,
                "GetCallerIdentity");
        assertThat(ctx.principalArn()).isEqualTo("arn:aws:sts::111122223333:assumed-role/r/s");
        assertAwsError(() -> authenticate(session.sign(queryPost(), STS_BODY), STS, "GetCallerIdentity"),
                "InvalidClientTokenId", 403, "The security token included in the request is invalid.");
        assertAwsError(() -> authenticate(session.withToken("another").sign(queryPost(), STS_BODY), STS,
                "GetCallerIdentity"), "InvalidClientTokenId", 403, null);
        assertAwsError(() -> authenticate(alice("sts").withToken("a-token").sign(queryPost(), STS_BODY), STS,
                "GetCallerIdentity"), "InvalidClientTokenId", 403, null);
        SdkSigning.Signer s3Session = SdkSigning.Signer.of("ASIASESSION", "session-secret", NOW, "s3");
        assertAwsError(() -> authenticate(s3Session.withToken("another").sign(http(SdkHttpMethod.GET, "/b/k")
                .build(), null), S3, "GetObject"), "InvalidToken", 400, null);
    }

    @Test
    void aCredentialScopedToAnotherServiceIsRefused() {
        HttpRequest r = alice("iam").sign(queryPost(), STS_BODY);
        assertAwsError(() -> authenticate(r, STS, "GetCallerIdentity"), "SignatureDoesNotMatch", 403,
                "Credential should be scoped to correct service: 'sts'. ");
    }

    @Test
    void aPresignedUrlWorksUntilItExpires() {
        HttpRequest r = alice("sts").presigned(Duration.ofMinutes(5)).sign(http(SdkHttpMethod.GET, "/")
                .putRawQueryParameter("Action", "GetCallerIdentity").putRawQueryParameter("Version", "2011-06-15")
                .build(), null);
        assertThat(strict.authenticate(r, SigV4Scope.of(r), STS, STS.operation("GetCallerIdentity"), "r",
                NOW.plusSeconds(300)).accountId()).isEqualTo("111122223333");
        assertAwsError(() -> strict.authenticate(r, SigV4Scope.of(r), STS, STS.operation("GetCallerIdentity"), "r",
                NOW.plusSeconds(301)), "SignatureDoesNotMatch", 403, "Request has expired");
        HttpRequest s3 = alice("s3").presigned(Duration.ofMinutes(5)).sign(http(SdkHttpMethod.GET, "/b/k").build(),
                null);
        assertThatThrownBy(() -> strict.authenticate(s3, SigV4Scope.of(s3), S3, S3.operation("GetObject"), "r",
                NOW.plusSeconds(301))).isInstanceOfSatisfying(AwsException.class, e -> {
                    assertThat(e.code()).isEqualTo("AccessDenied");
                    assertThat(e.getMessage()).isEqualTo("Request has expired");
                    assertThat(e.fields()).containsEntry("X-Amz-Expires", "300")
                            .containsEntry("Expires", "2026-04-01T08:05:00Z");
                });
    }

    @Test
    void devModeAcceptsAnyKeyAndTwelveDigitKeysPickTheAccount() {
        Authenticator dev = new Authenticator(AuthMode.DEV, credentials);
        SdkSigning.Signer anyone = SdkSigning.Signer.of("123456789012", "whatever", NOW.minusSeconds(86_400), "sts");
        HttpRequest r = anyone.sign(queryPost(), STS_BODY);
        assertThat(dev.authenticate(r, SigV4Scope.of(r), STS, null, "r", NOW).accountId()).isEqualTo("123456789012");
        HttpRequest unsigned = new HttpRequest("POST", "/", "", new HttpRequest.Headers(), STS_BODY.getBytes());
        assertThat(dev.authenticate(unsigned, null, STS, null, "r", NOW).accountId()).isEqualTo("000000000000");
    }

    @Test
    void anAwsChunkedBodyIsDecodedAndVerifiedInStrictMode() throws IOException {
        String encoded = "5;chunk-signature=" + "0".repeat(64) + "\r\nhello\r\n0;chunk-signature=" + "0".repeat(64)
                + "\r\n\r\n";
        HttpRequest r = replaceHeader(alice("s3").sign(http(SdkHttpMethod.PUT, "/b/k").build(), null),
                "x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
        assertThatThrownBy(() -> strict.awsChunkedBody(r, SigV4Scope.of(r),
                new ByteArrayInputStream(encoded.getBytes()), NOW).readAllBytes())
                .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.code()).isEqualTo(
                        "SignatureDoesNotMatch"));
        Authenticator dev = new Authenticator(AuthMode.DEV, credentials);
        assertThat(dev.awsChunkedBody(r, SigV4Scope.of(r), new ByteArrayInputStream(encoded.getBytes()), NOW)
                .readAllBytes()).isEqualTo("hello".getBytes());
    }

    @Test
    void strictModeAttachesTheChunkSignatureChainForTheCodec() {
        HttpRequest signedChunks = replaceHeader(alice("s3").sign(http(SdkHttpMethod.PUT, "/b/k").build(), null),
                "x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
        assertThat(strict.verifyingChunks(signedChunks, SigV4Scope.of(signedChunks)).chunkSignatures()).isNotNull();
        HttpRequest unsignedChunks = replaceHeader(signedChunks, "x-amz-content-sha256",
                "STREAMING-UNSIGNED-PAYLOAD-TRAILER");
        assertThat(strict.verifyingChunks(unsignedChunks, SigV4Scope.of(unsignedChunks)).chunkSignatures()).isNull();
        Authenticator dev = new Authenticator(AuthMode.DEV, credentials);
        assertThat(dev.verifyingChunks(signedChunks, SigV4Scope.of(signedChunks))).isSameAs(signedChunks);
    }
}
