package dev.stratus.platform.auth;

import dev.stratus.protocol.HttpRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner.AuthLocation;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/** Signs test requests with the AWS SDK for Java v2's SigV4 signer and hands them over as {@link HttpRequest}s. */
final class SdkSigning {
    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    /** How to sign: key, secret, optional session token, the time, service and whether to presign. */
    record Signer(String accessKey, String secret, String sessionToken, Instant at, String service,
                  Duration presignFor, boolean s3) {
        static Signer of(String accessKey, String secret, Instant at, String service) {
            return new Signer(accessKey, secret, null, at, service, null, service.equals("s3"));
        }

        Signer withToken(String token) {
            return new Signer(accessKey, secret, token, at, service, presignFor, s3);
        }

        Signer presigned(Duration expiry) {
            return new Signer(accessKey, secret, sessionToken, at, service, expiry, s3);
        }

        HttpRequest sign(SdkHttpRequest request, String body) {
            AwsCredentialsIdentity identity = sessionToken == null ? AwsCredentialsIdentity.create(accessKey, secret)
                    : AwsSessionCredentialsIdentity.create(accessKey, secret, sessionToken);
            byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
            SignedRequest signed = SIGNER.sign(r -> {
                r.identity(identity).request(request)
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-central-1")
                        .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, !s3)
                        .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, !s3)
                        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC));
                if (bytes != null) {
                    r.payload(ContentStreamProvider.fromByteArray(bytes));
                }
                if (presignFor != null) {
                    r.putProperty(AwsV4HttpSigner.AUTH_LOCATION, AuthLocation.QUERY_STRING)
                            .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, presignFor);
                    if (s3) {
                        r.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false);
                    }
                }
            });
            return toHttpRequest(signed);
        }
    }

    private SdkSigning() {
    }

    static SdkHttpRequest.Builder http(SdkHttpMethod method, String encodedPath) {
        return SdkHttpRequest.builder().protocol("http").host("localhost").port(4566).method(method)
                .encodedPath(encodedPath);
    }

    /** A query-protocol POST, as STS and IAM clients send it. */
    static SdkHttpRequest queryPost() {
        return http(SdkHttpMethod.POST, "/")
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8").build();
    }

    /** An awsJson POST naming its operation in X-Amz-Target. */
    static SdkHttpRequest jsonPost(String target) {
        return http(SdkHttpMethod.POST, "/").putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", target).build();
    }

    static HttpRequest toHttpRequest(SignedRequest signed) {
        SdkHttpRequest out = signed.request();
        HttpRequest.Headers headers = new HttpRequest.Headers();
        out.forEachHeader((name, values) -> values.forEach(v -> headers.add(name, v)));
        if (!headers.contains("Host")) {
            headers.add("Host", out.host() + ":" + out.port());
        }
        byte[] body = signed.payload().map(p -> {
            try (InputStream in = p.newStream()) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).orElse(new byte[0]);
        return new HttpRequest(out.method().name(), out.encodedPath(), out.encodedQueryParameters().orElse(""),
                headers, body);
    }

    /** The same request with a header replaced (or removed when value is null). */
    static HttpRequest replaceHeader(HttpRequest r, String name, String value) {
        HttpRequest.Headers headers = new HttpRequest.Headers();
        r.headers().asMap().forEach((k, vs) -> {
            if (!k.equalsIgnoreCase(name)) {
                vs.forEach(v -> headers.add(k, v));
            }
        });
        if (value != null) {
            headers.add(name, value);
        }
        return new HttpRequest(r.method(), r.rawPath(), r.rawQuery(), headers, r.body());
    }
}
