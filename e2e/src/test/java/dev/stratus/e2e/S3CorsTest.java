package dev.stratus.e2e;

import static dev.stratus.e2e.AwsErrors.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CORSRule;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** CORS: the bucket's rules through the SDK, and browsers' preflights and actual requests over plain HTTP. */
class S3CorsTest {
    static final StratusServer stratus = StratusServer.start();
    static final S3Client s3 = stratus.client(S3Client.builder().forcePathStyle(true));
    static final HttpClient http = HttpClient.newHttpClient();
    static final String BUCKET = "cors-" + UUID.randomUUID().toString().substring(0, 8);
    static final String APP = "https://app.example.com";

    @BeforeAll
    static void bucketWithRules() {
        s3.createBucket(b -> b.bucket(BUCKET));
        s3.putBucketCors(b -> b.bucket(BUCKET).corsConfiguration(c -> c.corsRules(
                CORSRule.builder().id("app").allowedOrigins("https://*.example.com").allowedMethods("GET", "PUT")
                        .allowedHeaders("content-type", "x-amz-*").exposeHeaders("ETag", "x-amz-request-id")
                        .maxAgeSeconds(600).build(),
                CORSRule.builder().allowedOrigins("*").allowedMethods("HEAD").build())));
        s3.putObject(b -> b.bucket(BUCKET).key("page.html"), RequestBody.fromString("<p>hi</p>"));
    }

    @AfterAll
    static void stop() {
        stratus.close();
    }

    static HttpResponse<String> preflight(String path, String origin, String method, String headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(stratus.endpoint() + path))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody());
        if (origin != null) {
            b.header("Origin", origin);
        }
        if (method != null) {
            b.header("Access-Control-Request-Method", method);
        }
        if (headers != null) {
            b.header("Access-Control-Request-Headers", headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theRulesReadBackAndCanBeDeleted() {
        String bucket = "cors-rw-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(b -> b.bucket(bucket));
        assertAwsError(() -> s3.getBucketCors(b -> b.bucket(bucket)), S3Exception.class, 404,
                "NoSuchCORSConfiguration", "The CORS configuration does not exist");
        s3.putBucketCors(b -> b.bucket(bucket).corsConfiguration(c -> c.corsRules(r -> r.id("r1")
                .allowedOrigins("*").allowedMethods("GET").maxAgeSeconds(30))));
        CORSRule rule = s3.getBucketCors(b -> b.bucket(bucket)).corsRules().get(0);
        assertThat(rule.id()).isEqualTo("r1");
        assertThat(rule.allowedOrigins()).containsExactly("*");
        assertThat(rule.allowedMethods()).containsExactly("GET");
        assertThat(rule.maxAgeSeconds()).isEqualTo(30);
        s3.deleteBucketCors(b -> b.bucket(bucket));
        assertAwsError(() -> s3.getBucketCors(b -> b.bucket(bucket)), S3Exception.class, 404,
                "NoSuchCORSConfiguration", null);
    }

    @Test
    void invalidRulesAreRefusedAsS3Does() {
        assertAwsError(() -> s3.putBucketCors(b -> b.bucket(BUCKET).corsConfiguration(c -> c.corsRules(r -> r
                        .allowedOrigins("*").allowedMethods("PATCH")))), S3Exception.class, 400, "InvalidRequest",
                "Found unsupported HTTP method in CORS config. Unsupported method is PATCH");
        assertAwsError(() -> s3.putBucketCors(b -> b.bucket(BUCKET).corsConfiguration(c -> c.corsRules(r -> r
                        .allowedOrigins("https://*.*.com").allowedMethods("GET")))), S3Exception.class, 400,
                "InvalidRequest", "AllowedOrigin \"https://*.*.com\" can not have more than one wildcard.");
    }

    @Test
    void anAllowedPreflightIsAnsweredFromTheMatchingRule() throws Exception {
        HttpResponse<String> r = preflight("/" + BUCKET + "/page.html", APP, "PUT", "Content-Type, x-amz-meta-a");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue(APP);
        assertThat(r.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET, PUT");
        assertThat(r.headers().firstValue("Access-Control-Allow-Headers")).hasValue("Content-Type, x-amz-meta-a");
        assertThat(r.headers().firstValue("Access-Control-Expose-Headers")).hasValue("ETag, x-amz-request-id");
        assertThat(r.headers().firstValue("Access-Control-Max-Age")).hasValue("600");
        assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");

        HttpResponse<String> any = preflight("/" + BUCKET, "http://elsewhere.test", "HEAD", null);
        assertThat(any.statusCode()).isEqualTo(200);
        assertThat(any.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    }

    @Test
    void virtualHostedPreflightsAreAnsweredToo() throws Exception {
        RawS3.Response r = RawS3.send(stratus.endpoint(), "OPTIONS", "/page.html", java.util.Map.of(
                "Host", BUCKET + ".s3.localhost:" + stratus.endpoint().getPort(), "Origin", APP,
                "Access-Control-Request-Method", "GET"), null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers()).containsEntry("access-control-allow-origin", APP);
    }

    @Test
    void aPreflightNoRuleAllowsIs403() throws Exception {
        HttpResponse<String> wrongOrigin = preflight("/" + BUCKET + "/page.html", "https://evil.test", "GET", null);
        assertThat(wrongOrigin.statusCode()).isEqualTo(403);
        assertThat(wrongOrigin.body()).contains("<Code>AccessForbidden</Code>")
                .contains("CORSResponse: This CORS request is not allowed.")
                .contains("<Method>GET</Method>").contains("<ResourceType>OBJECT</ResourceType>");
        assertThat(wrongOrigin.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

        HttpResponse<String> wrongMethod = preflight("/" + BUCKET + "/page.html", APP, "DELETE", null);
        assertThat(wrongMethod.statusCode()).isEqualTo(403);
        HttpResponse<String> wrongHeader = preflight("/" + BUCKET + "/page.html", APP, "PUT", "authorization");
        assertThat(wrongHeader.statusCode()).isEqualTo(403);

        HttpResponse<String> noOrigin = preflight("/" + BUCKET + "/page.html", null, "GET", null);
        assertThat(noOrigin.statusCode()).isEqualTo(400);
        assertThat(noOrigin.body()).contains("Insufficient information. Origin request header needed.");
    }

    @Test
    void aBucketWithoutRulesRefusesPreflights() throws Exception {
        String bucket = "cors-none-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(b -> b.bucket(bucket));
        HttpResponse<String> r = preflight("/" + bucket, APP, "GET", null);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("CORSResponse: CORS is not enabled for this bucket.")
                .contains("<ResourceType>BUCKET</ResourceType>");
    }

    /** A signed-looking GET with an Origin (the SDK's HTTP client drops Origin, a restricted header). */
    static RawS3.Response getWithOrigin(String origin) throws Exception {
        return RawS3.send(stratus.endpoint(), "GET", "/" + BUCKET + "/page.html",
                origin == null ? java.util.Map.of() : java.util.Map.of("Origin", origin), null);
    }

    @Test
    void actualRequestsFromAnAllowedOriginCarryTheCorsHeaders() throws Exception {
        RawS3.Response got = getWithOrigin(APP);
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.body()).isEqualTo("<p>hi</p>");
        assertThat(got.headers()).containsEntry("access-control-allow-origin", APP)
                .containsEntry("access-control-allow-methods", "GET, PUT")
                .containsEntry("access-control-expose-headers", "ETag, x-amz-request-id")
                .containsEntry("access-control-allow-credentials", "true");

        assertThat(getWithOrigin("https://evil.test").headers()).doesNotContainKey("access-control-allow-origin");
        assertThat(getWithOrigin(null).headers()).doesNotContainKey("access-control-allow-origin");
    }
}
