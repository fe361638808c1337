package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.platform.StratusConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.CreateFunctionUrlConfigResponse;
import software.amazon.awssdk.services.lambda.model.FunctionUrlAuthType;
import software.amazon.awssdk.services.lambda.model.FunctionUrlConfig;
import software.amazon.awssdk.services.lambda.model.InvokeMode;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * Function URLs through the AWS SDK (configuration) and plain HTTP (invocation), on a strict-auth server so that
 * AWS_IAM URLs really verify signatures.
 */
class LambdaFunctionUrlTest {
    static final StratusServer stratus = StratusServer.start(StratusConfig.forTests()
            .withAuth(StratusConfig.AuthMode.STRICT, StrictAuthTest.credentialsFile()));
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    final LambdaClient lambda = stratus.client(LambdaClient.builder(), StrictAuthTest.KEY, StrictAuthTest.SECRET);

    static final String WEB = """
            import base64, json
            def handler(event, context):
                path = event["rawPath"]
                if path == "/bare":
                    return {"hello": "world"}
                if path == "/boom":
                    raise RuntimeError("boom")
                if path == "/binary":
                    return {"statusCode": 201, "isBase64Encoded": True, "headers": {"content-type": "application/octet-stream"},
                            "body": base64.b64encode(b"\\x00\\x01hi").decode()}
                return {"statusCode": 200, "headers": {"content-type": "application/json", "x-fn": context.function_name},
                        "cookies": ["a=1", "b=2"], "body": json.dumps(event)}
            """;

    @AfterAll
    static void stop() {
        stratus.close();
    }

    void create(String name) {
        lambda.createFunction(b -> b.functionName(name).runtime(Runtime.PYTHON3_12).role(LambdaTest.ROLE)
                .handler("app.handler").code(c -> c.zipFile(LambdaTest.zip(Map.of("app.py", WEB)))));
    }

    static String pathStyle(String functionUrl) {
        String id = URI.create(functionUrl).getHost().split("\\.")[0];
        return stratus.endpoint() + "/_aws/lambda-url/" + id;
    }

    static HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void configurationsAreCreatedReadUpdatedListedAndDeleted() {
        create("url-crud");
        lambda.publishVersion(b -> b.functionName("url-crud"));
        lambda.createAlias(b -> b.functionName("url-crud").name("live").functionVersion("1"));
        CreateFunctionUrlConfigResponse created = lambda.createFunctionUrlConfig(b -> b.functionName("url-crud")
                .authType(FunctionUrlAuthType.NONE).cors(c -> c.allowOrigins("https://example.com").maxAge(60)));
        assertThat(created.functionUrl()).matches("http://[a-z0-9]{32}\\.lambda-url\\.us-east-1\\.localhost:"
                + stratus.endpoint().getPort() + "/");
        assertThat(created.functionArn()).isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:url-crud");
        assertThat(created.invokeMode()).isEqualTo(InvokeMode.BUFFERED);
        assertThat(created.creationTime()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        assertThat(created.cors().maxAge()).isEqualTo(60);

        assertThatThrownBy(() -> lambda.createFunctionUrlConfig(b -> b.functionName("url-crud")
                .authType(FunctionUrlAuthType.NONE)))
                .isInstanceOf(ResourceConflictException.class)
                .hasMessageContaining("FunctionUrlConfig exists for this Lambda function");
        var alias = lambda.createFunctionUrlConfig(b -> b.functionName("url-crud").qualifier("live")
                .authType(FunctionUrlAuthType.AWS_IAM).invokeMode(InvokeMode.RESPONSE_STREAM));
        assertThat(alias.functionArn()).endsWith(":function:url-crud:live");
        assertThat(alias.functionUrl()).isNotEqualTo(created.functionUrl());

        var got = lambda.getFunctionUrlConfig(b -> b.functionName("url-crud"));
        assertThat(got.functionUrl()).isEqualTo(created.functionUrl());
        assertThat(got.lastModifiedTime()).isNotNull();
        var updated = lambda.updateFunctionUrlConfig(b -> b.functionName("url-crud")
                .authType(FunctionUrlAuthType.AWS_IAM));
        assertThat(updated.authType()).isEqualTo(FunctionUrlAuthType.AWS_IAM);
        assertThat(updated.cors().allowOrigins()).containsExactly("https://example.com");
        assertThat(updated.functionUrl()).isEqualTo(created.functionUrl());

        assertThat(lambda.listFunctionUrlConfigs(b -> b.functionName("url-crud")).functionUrlConfigs())
                .extracting(FunctionUrlConfig::functionArn)
                .containsExactly(created.functionArn(), alias.functionArn());
        var page = lambda.listFunctionUrlConfigs(b -> b.functionName("url-crud").maxItems(1));
        assertThat(page.functionUrlConfigs()).hasSize(1);
        assertThat(lambda.listFunctionUrlConfigs(b -> b.functionName("url-crud").marker(page.nextMarker()))
                .functionUrlConfigs()).extracting(FunctionUrlConfig::functionArn)
                .containsExactly(alias.functionArn());

        lambda.deleteFunctionUrlConfig(b -> b.functionName("url-crud"));
        assertThatThrownBy(() -> lambda.getFunctionUrlConfig(b -> b.functionName("url-crud")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("The resource you requested does not exist.");
        assertThatThrownBy(() -> lambda.deleteFunctionUrlConfig(b -> b.functionName("url-crud")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(send(HttpRequest.newBuilder(URI.create(pathStyle(created.functionUrl()) + "/"))).statusCode())
                .isEqualTo(403);

        lambda.deleteAlias(b -> b.functionName("url-crud").name("live"));
        assertThat(lambda.listFunctionUrlConfigs(b -> b.functionName("url-crud")).functionUrlConfigs()).isEmpty();
    }

    @Test
    void configurationErrorsAreAwss() {
        assertThatThrownBy(() -> lambda.createFunctionUrlConfig(b -> b.functionName("no-such-fn")
                .authType(FunctionUrlAuthType.NONE)))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Function not found: arn:aws:lambda:us-east-1:123456789012:function:no-such-fn");
        create("url-errors");
        assertThatThrownBy(() -> lambda.createFunctionUrlConfig(b -> b.functionName("url-errors").qualifier("nope")
                .authType(FunctionUrlAuthType.NONE)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> lambda.listFunctionUrlConfigs(b -> b.functionName("no-such-fn")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> lambda.updateFunctionUrlConfig(b -> b.functionName("url-errors")
                .authType(FunctionUrlAuthType.NONE)))
                .isInstanceOf(ResourceNotFoundException.class);
        var url = lambda.createFunctionUrlConfig(b -> b.functionName("url-errors")
                .authType(FunctionUrlAuthType.NONE)).functionUrl();
        lambda.deleteFunction(b -> b.functionName("url-errors"));
        assertThat(send(HttpRequest.newBuilder(URI.create(pathStyle(url) + "/"))).statusCode()).isEqualTo(403);
    }

    @Test
    void invocationsCarryThePayload20EventAndMapTheResponse() throws Exception {
        create("url-web");
        String url = lambda.createFunctionUrlConfig(b -> b.functionName("url-web")
                .authType(FunctionUrlAuthType.NONE)).functionUrl();
        String base = pathStyle(url);
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/items/7?a=1&b=x&a=2"))
                .header("Cookie", "c1=v1; c2=v2").header("Content-Type", "application/json")
                .header("X-Custom", "yes").POST(HttpRequest.BodyPublishers.ofString("{\"k\":1}")));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-fn")).hasValue("url-web");
        assertThat(r.headers().allValues("set-cookie")).containsExactly("a=1", "b=2");
        JsonNode e = JSON.readTree(r.body());
        String id = URI.create(url).getHost().split("\\.")[0];
        assertThat(e.get("version").asText()).isEqualTo("2.0");
        assertThat(e.get("routeKey").asText()).isEqualTo("$default");
        assertThat(e.get("rawPath").asText()).isEqualTo("/items/7");
        assertThat(e.get("rawQueryString").asText()).isEqualTo("a=1&b=x&a=2");
        assertThat(e.get("queryStringParameters").toString()).isEqualTo("{\"a\":\"1,2\",\"b\":\"x\"}");
        assertThat(e.get("cookies").toString()).isEqualTo("[\"c1=v1\",\"c2=v2\"]");
        assertThat(e.get("headers").get("x-custom").asText()).isEqualTo("yes");
        assertThat(e.get("headers").has("cookie")).isFalse();
        assertThat(e.get("body").asText()).isEqualTo("{\"k\":1}");
        assertThat(e.get("isBase64Encoded").asBoolean()).isFalse();
        JsonNode ctx = e.get("requestContext");
        assertThat(ctx.get("accountId").asText()).isEqualTo("anonymous");
        assertThat(ctx.get("apiId").asText()).isEqualTo(id);
        assertThat(ctx.get("domainPrefix").asText()).isEqualTo(id);
        assertThat(ctx.get("http").get("method").asText()).isEqualTo("POST");
        assertThat(ctx.get("http").get("path").asText()).isEqualTo("/items/7");
        assertThat(ctx.get("stage").asText()).isEqualTo("$default");
        assertThat(ctx.get("timeEpoch").asLong()).isPositive();
        assertThat(ctx.get("requestId").asText()).isEqualTo(r.headers().firstValue("x-amzn-RequestId").orElseThrow());

        HttpResponse<String> binary = send(HttpRequest.newBuilder(URI.create(base + "/binary"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {0, 1, 2})));
        assertThat(binary.statusCode()).isEqualTo(201);
        assertThat(binary.headers().firstValue("content-type")).hasValue("application/octet-stream");
        assertThat(binary.body()).isEqualTo("\u0000\u0001hi");

        HttpResponse<String> bare = send(HttpRequest.newBuilder(URI.create(base + "/bare")));
        assertThat(bare.statusCode()).isEqualTo(200);
        assertThat(bare.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(JSON.readTree(bare.body()).get("hello").asText()).isEqualTo("world");

        HttpResponse<String> boom = send(HttpRequest.newBuilder(URI.create(base + "/boom")));
        assertThat(boom.statusCode()).isEqualTo(502);
        assertThat(boom.body()).isEqualTo("{\"Message\":\"Internal Server Error\"}");

        // By Host, as the URL Stratus hands out (*.localhost may not resolve here, so the Host is sent explicitly).
        RawS3.Response byHost = RawS3.send(stratus.endpoint(), "GET", "/by/host?q=1",
                Map.of("Host", URI.create(url).getHost() + ":" + stratus.endpoint().getPort()), null);
        assertThat(byHost.status()).isEqualTo(200);
        JsonNode hostEvent = JSON.readTree(byHost.body());
        assertThat(hostEvent.get("rawPath").asText()).isEqualTo("/by/host");
        assertThat(hostEvent.get("requestContext").get("domainName").asText()).isEqualTo(URI.create(url).getHost());
    }

    @Test
    void corsPreflightIsAnsweredFromTheConfiguration() {
        create("url-cors");
        String url = lambda.createFunctionUrlConfig(b -> b.functionName("url-cors").authType(FunctionUrlAuthType.NONE)
                .cors(c -> c.allowOrigins("https://app.example").allowMethods("GET", "POST")
                        .allowHeaders("x-token").exposeHeaders("x-fn").maxAge(300).allowCredentials(true)))
                .functionUrl();
        HttpResponse<String> pre = send(HttpRequest.newBuilder(URI.create(pathStyle(url) + "/anything"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://app.example")
                .header("Access-Control-Request-Method", "POST"));
        assertThat(pre.statusCode()).isEqualTo(200);
        assertThat(pre.headers().firstValue("access-control-allow-origin")).hasValue("https://app.example");
        assertThat(pre.headers().firstValue("access-control-allow-methods")).hasValue("GET,POST");
        assertThat(pre.headers().firstValue("access-control-allow-headers")).hasValue("x-token");
        assertThat(pre.headers().firstValue("access-control-max-age")).hasValue("300");
        assertThat(pre.headers().firstValue("access-control-allow-credentials")).hasValue("true");

        HttpResponse<String> other = send(HttpRequest.newBuilder(URI.create(pathStyle(url) + "/anything"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST"));
        assertThat(other.headers().firstValue("access-control-allow-origin")).isEmpty();

        HttpResponse<String> get = send(HttpRequest.newBuilder(URI.create(pathStyle(url) + "/x"))
                .header("Origin", "https://app.example"));
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.headers().firstValue("access-control-allow-origin")).hasValue("https://app.example");
        assertThat(get.headers().firstValue("access-control-expose-headers")).hasValue("x-fn");
    }

    @Test
    void awsIamUrlsRequireAValidSignature() throws Exception {
        create("url-iam");
        String url = lambda.createFunctionUrlConfig(b -> b.functionName("url-iam")
                .authType(FunctionUrlAuthType.AWS_IAM)).functionUrl();
        URI target = URI.create(pathStyle(url) + "/secure?x=1");

        HttpResponse<String> unsigned = send(HttpRequest.newBuilder(target));
        assertThat(unsigned.statusCode()).isEqualTo(403);
        assertThat(unsigned.body()).isEqualTo("{\"Message\":\"Forbidden\"}");

        assertThat(send(signed(target, StrictAuthTest.KEY, "wrong-secret")).statusCode()).isEqualTo(403);

        HttpResponse<String> ok = send(signed(target, StrictAuthTest.KEY, StrictAuthTest.SECRET));
        assertThat(ok.statusCode()).isEqualTo(200);
        JsonNode ctx = JSON.readTree(ok.body()).get("requestContext");
        assertThat(ctx.get("accountId").asText()).isEqualTo("123456789012");
        assertThat(ctx.get("authorizer").get("iam").get("accessKey").asText()).isEqualTo(StrictAuthTest.KEY);
    }

    /** A GET signed with SigV4 for service "lambda", as awscurl or an SDK signer would. */
    static HttpRequest.Builder signed(URI target, String key, String secret) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.GET).uri(target).build();
        SignedRequest s = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsBasicCredentials.create(key, secret)).request(request)
                .payload(ContentStreamProvider.fromByteArray(new byte[0]))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "lambda")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
        HttpRequest.Builder b = HttpRequest.newBuilder(target);
        s.request().headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Host")) {
                values.forEach(v -> b.header(name, v));
            }
        });
        return b;
    }

}
