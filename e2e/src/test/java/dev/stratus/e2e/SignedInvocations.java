package dev.stratus.e2e;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** GET requests to a deployed API signed with SigV4 for execute-api, as callers of AWS_IAM methods sign them. */
final class SignedInvocations {
    private SignedInvocations() {
    }

    /** A GET of {@code path} on {@code endpoint} signed (us-east-1, now) with this key and secret. */
    static HttpRequest.Builder get(URI endpoint, String path, String key, String secret) {
        SdkHttpRequest request = SdkHttpRequest.builder().protocol("http").host(endpoint.getHost())
                .port(endpoint.getPort()).method(SdkHttpMethod.GET).encodedPath(path).build();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(key, secret)).request(request)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(Instant.now(), ZoneOffset.UTC))).request();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint + path));
        signed.forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("Host")) {
                values.forEach(v -> b.header(name, v));
            }
        });
        return b;
    }
}
