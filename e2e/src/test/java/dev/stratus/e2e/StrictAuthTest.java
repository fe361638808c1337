package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.platform.StratusConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner.AuthLocation;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/** Strict mode: only keys from the --credentials file work, and their signatures are verified as AWS does. */
class StrictAuthTest {
    static final String KEY = "AKIASTRICTTEST000001";
    static final String SECRET = "strict/secret+key=0123456789";
    static final String ACCOUNT = "123456789012";
    static final StratusServer stratus = StratusServer.start(StratusConfig.forTests()
            .withAuth(StratusConfig.AuthMode.STRICT, credentialsFile()));
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static Path credentialsFile() {
        try {
            Path file = Files.createTempFile("stratus-credentials", ".ini");
            file.toFile().deleteOnExit();
            Files.writeString(file, "[default]\naws_access_key_id = " + KEY + "\naws_secret_access_key = " + SECRET
                    + "\naws_account_id = " + ACCOUNT + "\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() {
        stratus.close();
    }

    static StsClient sts(String key, String secret) {
        return stratus.client(StsClient.builder().overrideConfiguration(o -> o.retryStrategy(
                AwsRetryStrategy.doNotRetry())), key, secret);
    }

    static void assertAwsError(Runnable call, String code, int status, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AwsServiceException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.statusCode()).isEqualTo(status);
            if (message != null) {
                assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
            }
        });
    }

    @Test
    void theConfiguredKeyIsAcceptedAndActsInItsAccount() {
        try (StsClient sts = sts(KEY, SECRET)) {
            GetCallerIdentityResponse me = sts.getCallerIdentity();
            assertThat(me.account()).isEqualTo(ACCOUNT);
            assertThat(me.arn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":root");
        }
    }

    @Test
    void aWrongSecretIsSignatureDoesNotMatch() {
        try (StsClient sts = sts(KEY, "not-the-secret")) {
            assertAwsError(sts::getCallerIdentity, "SignatureDoesNotMatch", 403, "The request signature we "
                    + "calculated does not match the signature you provided. Check your AWS Secret Access Key and "
                    + "signing method. Consult the service documentation for details.");
        }
    }

    @Test
    void anUnknownKeyIsInvalidClientTokenId() {
        try (StsClient sts = sts("AKIANOBODYKNOWS00001", SECRET)) {
            assertAwsError(sts::getCallerIdentity, "InvalidClientTokenId", 403,
                    "The security token included in the request is invalid.");
        }
    }

    @Test
    void devModeKeysAreNotAcceptedInStrictMode() {
        try (StsClient sts = sts("test", "test")) {
            assertAwsError(sts::getCallerIdentity, "InvalidClientTokenId", 403, null);
        }
    }

    @Test
    void cloudWatchLogsAnswersWithItsJsonProtocolCodes() {
        try (CloudWatchLogsClient logs = stratus.client(CloudWatchLogsClient.builder().overrideConfiguration(
                o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())), KEY, "not-the-secret")) {
            assertAwsError(logs::describeLogGroups, "InvalidSignatureException", 400, null);
        }
        try (CloudWatchLogsClient logs = stratus.client(CloudWatchLogsClient.builder().overrideConfiguration(
                o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())), "AKIANOBODYKNOWS00001", SECRET)) {
            assertAwsError(logs::describeLogGroups, "UnrecognizedClientException", 400,
                    "The security token included in the request is invalid.");
        }
    }

    @Test
    void theConfiguredKeyGetsPastAuthenticationInAJsonService() {
        try (CloudWatchLogsClient logs = stratus.client(CloudWatchLogsClient.builder().overrideConfiguration(
                o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())), KEY, SECRET)) {
            logs.describeLogGroups();
        } catch (AwsServiceException e) {
            // the operation may not be implemented yet; what matters is that authentication let it through
            assertThat(e.awsErrorDetails().errorCode()).isNotIn("InvalidSignatureException",
                    "UnrecognizedClientException", "MissingAuthenticationTokenException", "IncompleteSignatureException");
        }
    }

    /** A GET of STS GetCallerIdentity signed by the SDK's signer at {@code at}, in the query or in headers. */
    static SdkHttpRequest signedGet(Instant at, Duration presignFor, String secret) {
        return signedGet("/", at, presignFor, secret);
    }

    static SdkHttpRequest signedGet(String encodedPath, Instant at, Duration presignFor, String secret) {
        URI endpoint = stratus.endpoint();
        SdkHttpRequest request = SdkHttpRequest.builder().protocol("http").host(endpoint.getHost())
                .port(endpoint.getPort()).method(SdkHttpMethod.GET).encodedPath(encodedPath)
                .putRawQueryParameter("Action", "GetCallerIdentity").putRawQueryParameter("Version", "2011-06-15")
                .build();
        return AwsV4HttpSigner.create().sign(r -> {
            r.identity(AwsCredentialsIdentity.create(KEY, secret)).request(request)
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sts")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                    .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC));
            if (presignFor != null) {
                r.putProperty(AwsV4HttpSigner.AUTH_LOCATION, AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, presignFor);
            }
        }).request();
    }

    static HttpResponse<String> send(SdkHttpRequest signed, String rawQuery) throws Exception {
        URI uri = URI.create(stratus.endpoint() + signed.encodedPath() + "?" + rawQuery);
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(uri).GET();
        signed.forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("Host")) {
                values.forEach(v -> b.header(name, v));
            }
        });
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> send(SdkHttpRequest signed) throws Exception {
        return send(signed, signed.encodedQueryParameters().orElse(""));
    }

    @Test
    void aPresignedGetCallerIdentityUrlWorksAsSigned() throws Exception {
        HttpResponse<String> ok = send(signedGet(Instant.now(), Duration.ofMinutes(5), SECRET));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("<Account>" + ACCOUNT + "</Account>");
    }

    @Test
    void aPercentEncodedPathReachesTheVerifierAsSent() throws Exception {
        // outside S3 the path is signed encoded twice: this fails if the edge hands over a decoded path
        HttpResponse<String> ok = send(signedGet("/a%3Ab%20c/%E2%82%AC", Instant.now(), null, SECRET));
        assertThat(ok.statusCode()).isEqualTo(200);
    }

    @Test
    void aTamperedPresignedUrlIsRefused() throws Exception {
        SdkHttpRequest signed = signedGet(Instant.now(), Duration.ofMinutes(5), SECRET);
        String query = signed.encodedQueryParameters().orElseThrow().replace("X-Amz-Expires=300",
                "X-Amz-Expires=3000");
        HttpResponse<String> tampered = send(signed, query);
        assertThat(tampered.statusCode()).isEqualTo(403);
        assertThat(tampered.body()).contains("<Code>SignatureDoesNotMatch</Code>");
    }

    @Test
    void anExpiredPresignedUrlIsRefused() throws Exception {
        HttpResponse<String> expired = send(signedGet(Instant.now().minusSeconds(120), Duration.ofSeconds(60),
                SECRET));
        assertThat(expired.statusCode()).isEqualTo(403);
        assertThat(expired.body()).contains("<Code>SignatureDoesNotMatch</Code>")
                .contains("<Message>Request has expired</Message>");
    }

    @Test
    void aHeaderSignatureOlderThanFifteenMinutesHasExpired() throws Exception {
        HttpResponse<String> old = send(signedGet(Instant.now().minusSeconds(20 * 60), null, SECRET));
        assertThat(old.statusCode()).isEqualTo(403);
        assertThat(old.body()).contains("<Code>SignatureDoesNotMatch</Code>")
                .containsPattern("<Message>Signature expired: \\d{8}T\\d{6}Z is now earlier than \\d{8}T\\d{6}Z "
                        + "\\(\\d{8}T\\d{6}Z - 15 min\\.\\)</Message>");
    }

    @Test
    void anUnsignedCallIsMissingItsAuthenticationToken() throws Exception {
        HttpResponse<String> unsigned = HTTP.send(java.net.http.HttpRequest.newBuilder(URI.create(
                stratus.endpoint() + "/?Action=GetCallerIdentity&Version=2011-06-15")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(403);
        assertThat(unsigned.body()).contains("<Code>MissingAuthenticationToken</Code>")
                .contains("<Message>Request is missing Authentication Token</Message>");
    }
}
