package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.apigatewayv2.model.AuthorizationType;
import software.amazon.awssdk.services.apigatewayv2.model.AuthorizerType;
import software.amazon.awssdk.services.apigatewayv2.model.IntegrationType;
import software.amazon.awssdk.services.apigatewayv2.model.ProtocolType;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;

/** JWT and Lambda REQUEST authorizers of HTTP APIs, with AWS's 401/403/500 answers. */
class ApiGatewayHttpApiAuthorizerTest {
    static final StratusServer stratus = StratusServer.start();
    static final ApiGatewayV2Client apigw = ApiGatewayHttpApiControlPlaneTest.client(stratus);
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final ObjectMapper JSON = new ObjectMapper();
    static final AtomicInteger discoveryCalls = new AtomicInteger();
    static HttpServer idp;
    static String issuer;
    static RSAKey rsa;
    static ECKey ec;
    static volatile JWKSet published;
    static String echoArn;
    static String authorizerArn;

    static final String ECHO = """
            import json
            def handler(event, context):
                return {"statusCode": 200, "body": json.dumps(event)}
            """;

    static final String AUTHORIZER = """
            import uuid
            def handler(event, context):
                headers = event.get("headers") or {}
                token = headers.get("x-token") or headers.get("X-Token")
                if token == "explode":
                    raise RuntimeError("authorizer failed")
                ok = token == "good"
                ctx = {"user": "u1", "nonce": str(uuid.uuid4()), "version": event["version"]}
                if event["version"] == "2.0" and headers.get("x-mode") != "policy":
                    return {"isAuthorized": ok, "context": ctx}
                arn = event.get("routeArn") or event.get("methodArn")
                return {"principalId": "p1", "context": ctx, "policyDocument": {"Version": "2012-10-17",
                        "Statement": [{"Action": "execute-api:Invoke", "Effect": "Allow" if ok else "Deny",
                                       "Resource": arn}]}}
            """;

    @BeforeAll
    static void setUp() throws Exception {
        rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        idp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        issuer = "http://127.0.0.1:" + idp.getAddress().getPort() + "/pool";
        idp.createContext("/pool/.well-known/openid-configuration", ex -> {
            discoveryCalls.incrementAndGet();
            respond(ex, "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/keys.json\"}");
        });
        published = new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK()));
        idp.createContext("/pool/keys.json", ex -> respond(ex, published.toString()));
        idp.start();
        try (LambdaClient lambda = stratus.client(LambdaClient.builder())) {
            echoArn = function(lambda, "authz-echo", ECHO);
            authorizerArn = function(lambda, "authz-fn", AUTHORIZER);
        }
    }

    static void respond(com.sun.net.httpserver.HttpExchange ex, String body) throws java.io.IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    static String function(LambdaClient lambda, String name, String code) {
        String arn = lambda.createFunction(b -> b.functionName(name).runtime(Runtime.PYTHON3_12)
                .role("arn:aws:iam::000000000000:role/r").handler("app.handler")
                .code(c -> c.zipFile(LambdaTest.zip(Map.of("app.py", code))))).functionArn();
        lambda.waiter().waitUntilFunctionActiveV2(b -> b.functionName(name));
        return arn;
    }

    @AfterAll
    static void stop() {
        idp.stop(0);
        apigw.close();
        stratus.close();
    }

    static String token(JWSSigner signer, JWSAlgorithm alg, String kid, Consumer<JWTClaimsSet.Builder> claims)
            throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().issuer(issuer).subject("user-1").audience("my-app")
                .issueTime(Date.from(now.minusSeconds(10))).expirationTime(Date.from(now.plusSeconds(600)));
        claims.accept(b);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).type(JOSEObjectType.JWT).build(),
                b.build());
        jwt.sign(signer);
        return jwt.serialize();
    }

    static String rsaToken(Consumer<JWTClaimsSet.Builder> claims) throws Exception {
        return token(new RSASSASigner(rsa), JWSAlgorithm.RS256, "rsa-1", claims);
    }

    static HttpResponse<String> call(String url, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void assertDenied(HttpResponse<String> r, int status, String message) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.body()).isEqualTo("{\"message\":\"" + message + "\"}");
    }

    String apiWithEcho() {
        String api = apigw.createApi(b -> b.name("authz").protocolType(ProtocolType.HTTP)).apiId();
        apigw.createStage(b -> b.apiId(api).stageName("$default").autoDeploy(true));
        return api;
    }

    String echo(String api) {
        return apigw.createIntegration(b -> b.apiId(api).integrationType(IntegrationType.AWS_PROXY)
                .integrationUri(echoArn).payloadFormatVersion("2.0")).integrationId();
    }

    @Test
    void jwtAuthorizerChecksSignatureClaimsAndScopes() throws Exception {
        String api = apiWithEcho();
        String fn = echo(api);
        String authorizer = apigw.createAuthorizer(b -> b.apiId(api).name("jwt").authorizerType(AuthorizerType.JWT)
                .identitySource("$request.header.Authorization")
                .jwtConfiguration(j -> j.issuer(issuer).audience("my-app"))).authorizerId();
        apigw.createRoute(b -> b.apiId(api).routeKey("GET /me").target("integrations/" + fn)
                .authorizationType(AuthorizationType.JWT).authorizerId(authorizer));
        String fn1 = apigw.createIntegration(b -> b.apiId(api).integrationType(IntegrationType.AWS_PROXY)
                .integrationUri(echoArn).payloadFormatVersion("1.0")).integrationId();
        apigw.createRoute(b -> b.apiId(api).routeKey("GET /me1").target("integrations/" + fn1)
                .authorizationType(AuthorizationType.JWT).authorizerId(authorizer));
        apigw.createRoute(b -> b.apiId(api).routeKey("GET /admin").target("integrations/" + fn)
                .authorizationType(AuthorizationType.JWT).authorizerId(authorizer).authorizationScopes("admin"));
        String me = ApiGatewayHttpApiInvokeTest.base(stratus, api) + "/me";
        String admin = ApiGatewayHttpApiInvokeTest.base(stratus, api) + "/admin";

        assertDenied(call(me, Map.of()), 401, "Unauthorized");
        assertDenied(call(me, Map.of("Authorization", "Bearer not.a.jwt")), 401, "Unauthorized");
        HttpResponse<String> ok = call(me, Map.of("Authorization", "Bearer " + rsaToken(c -> c.claim("scope",
                "read write").claim("groups", List.of("a", "b")))));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        JsonNode jwt = JSON.readTree(ok.body()).get("requestContext").get("authorizer").get("jwt");
        assertThat(jwt.get("claims").get("sub").asText()).isEqualTo("user-1");
        assertThat(jwt.get("claims").get("iss").asText()).isEqualTo(issuer);
        assertThat(jwt.get("claims").get("groups").asText()).isEqualTo("[a b]");
        assertThat(jwt.get("claims").get("exp").isTextual()).isTrue();
        assertThat(jwt.get("scopes").toString()).isEqualTo("[\"read\",\"write\"]");
        assertThat(call(me, Map.of("Authorization", rsaToken(c -> { }))).statusCode()).as("without Bearer")
                .isEqualTo(200);
        HttpResponse<String> v1 = call(ApiGatewayHttpApiInvokeTest.base(stratus, api) + "/me1",
                Map.of("Authorization", rsaToken(c -> c.claim("scope", "read"))));
        JsonNode v1Authorizer = JSON.readTree(v1.body()).get("requestContext").get("authorizer");
        assertThat(v1Authorizer.get("claims").get("sub").asText()).as("payload 1.0").isEqualTo("user-1");
        assertThat(v1Authorizer.get("scopes").toString()).isEqualTo("[\"read\"]");
        assertThat(call(me, Map.of("Authorization", token(new ECDSASigner(ec), JWSAlgorithm.ES256, "ec-1",
                c -> { }))).statusCode()).as("ES256").isEqualTo(200);
        assertThat(call(me, Map.of("Authorization", rsaToken(c -> c.audience(List.of()).claim("client_id",
                "my-app")))).statusCode()).as("client_id instead of aud").isEqualTo(200);

        Instant now = Instant.now();
        assertDenied(call(me, Map.of("Authorization", rsaToken(c -> c.expirationTime(Date.from(now.minusSeconds(5))))
        )), 401, "Unauthorized");
        assertDenied(call(me, Map.of("Authorization", rsaToken(c -> c.notBeforeTime(Date.from(now.plusSeconds(300))))
        )), 401, "Unauthorized");
        assertDenied(call(me, Map.of("Authorization", rsaToken(c -> c.issuer("https://other.example")))), 401,
                "Unauthorized");
        assertDenied(call(me, Map.of("Authorization", rsaToken(c -> c.audience("someone-else")))), 401,
                "Unauthorized");
        RSAKey impostor = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        assertDenied(call(me, Map.of("Authorization", token(new RSASSASigner(impostor), JWSAlgorithm.RS256, "rsa-1",
                c -> { }))), 401, "Unauthorized");

        assertDenied(call(admin, Map.of("Authorization", rsaToken(c -> c.claim("scope", "read")))), 403,
                "Forbidden");
        assertThat(call(admin, Map.of("Authorization", rsaToken(c -> c.claim("scope", "read admin")))).statusCode())
                .isEqualTo(200);
        assertThat(call(admin, Map.of("Authorization", rsaToken(c -> c.claim("scp", List.of("admin"))))).statusCode())
                .isEqualTo(200);
        assertThat(discoveryCalls.get()).as("keys fetched once, then cached").isEqualTo(1);

        RSAKey rotated = new RSAKeyGenerator(2048).keyID("rsa-2").generate();
        published = new JWKSet(List.of(rsa.toPublicJWK(), rotated.toPublicJWK()));
        assertThat(call(me, Map.of("Authorization", token(new RSASSASigner(rotated), JWSAlgorithm.RS256, "rsa-2",
                c -> { }))).statusCode()).as("an unknown kid refetches the keys").isEqualTo(200);
        assertThat(discoveryCalls.get()).isEqualTo(2);
    }

    String lambdaAuthorizer(String api, String version, boolean simple, int ttl) {
        return apigw.createAuthorizer(b -> b.apiId(api).name("fn-" + version).authorizerType(AuthorizerType.REQUEST)
                .authorizerUri("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/" + authorizerArn
                        + "/invocations")
                .authorizerPayloadFormatVersion(version).enableSimpleResponses(simple)
                .identitySource("$request.header.x-token").authorizerResultTtlInSeconds(ttl)).authorizerId();
    }

    @Test
    void lambdaAuthorizersWithSimpleResponsesPoliciesAndCaching() throws Exception {
        String api = apiWithEcho();
        String fn = echo(api);
        String simple = lambdaAuthorizer(api, "2.0", true, 0);
        String cached = lambdaAuthorizer(api, "2.0", true, 300);
        String policy = lambdaAuthorizer(api, "1.0", false, 0);
        String policy2 = lambdaAuthorizer(api, "2.0", false, 0);
        Map<String, String> routes = Map.of("GET /simple", simple, "GET /cached", cached, "GET /policy", policy,
                "GET /policy2", policy2);
        routes.forEach((key, authorizer) -> apigw.createRoute(b -> b.apiId(api).routeKey(key)
                .target("integrations/" + fn).authorizationType(AuthorizationType.CUSTOM).authorizerId(authorizer)));
        String base = ApiGatewayHttpApiInvokeTest.base(stratus, api);

        assertDenied(call(base + "/simple", Map.of()), 401, "Unauthorized");
        assertDenied(call(base + "/simple", Map.of("x-token", "bad")), 403, "Forbidden");
        assertDenied(call(base + "/simple", Map.of("x-token", "explode")), 500, "Internal Server Error");
        HttpResponse<String> ok = call(base + "/simple", Map.of("x-token", "good"));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        JsonNode lambdaContext = JSON.readTree(ok.body()).get("requestContext").get("authorizer").get("lambda");
        assertThat(lambdaContext.get("user").asText()).isEqualTo("u1");
        assertThat(lambdaContext.get("version").asText()).isEqualTo("2.0");
        assertThat(nonce(call(base + "/simple", Map.of("x-token", "good"))))
                .as("no caching with a TTL of 0").isNotEqualTo(lambdaContext.get("nonce").asText());

        String first = nonce(call(base + "/cached", Map.of("x-token", "good")));
        assertThat(nonce(call(base + "/cached", Map.of("x-token", "good")))).as("cached").isEqualTo(first);
        apigw.resetAuthorizersCache(b -> b.apiId(api).stageName("$default"));
        assertThat(nonce(call(base + "/cached", Map.of("x-token", "good")))).as("cache reset").isNotEqualTo(first);
        assertDenied(call(base + "/cached", Map.of("x-token", "bad")), 403, "Forbidden");

        assertDenied(call(base + "/policy", Map.of("x-token", "bad")), 403, "Forbidden");
        HttpResponse<String> allowed = call(base + "/policy", Map.of("x-token", "good"));
        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
        assertThat(JSON.readTree(allowed.body()).at("/requestContext/authorizer/lambda/version").asText())
                .isEqualTo("1.0");
        assertThat(call(base + "/policy2", Map.of("x-token", "good", "x-mode", "policy")).statusCode())
                .isEqualTo(200);
        assertDenied(call(base + "/policy2", Map.of("x-token", "bad", "x-mode", "policy")), 403, "Forbidden");
    }

    @Test
    void aCachedPolicyIsEvaluatedAgainstEachRoute() throws Exception {
        String api = apiWithEcho();
        String fn = echo(api);
        String policy = lambdaAuthorizer(api, "1.0", false, 300);
        for (String key : List.of("GET /pa", "GET /pb")) {
            apigw.createRoute(b -> b.apiId(api).routeKey(key).target("integrations/" + fn)
                    .authorizationType(AuthorizationType.CUSTOM).authorizerId(policy));
        }
        String base = ApiGatewayHttpApiInvokeTest.base(stratus, api);
        assertThat(call(base + "/pa", Map.of("x-token", "good")).statusCode()).isEqualTo(200);
        assertDenied(call(base + "/pb", Map.of("x-token", "good")), 403, "Forbidden");
        assertThat(call(base + "/pb", Map.of("x-token", "good", "x-other", "1")).statusCode())
                .as("same identity, same cached policy").isEqualTo(403);
    }

    static String nonce(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).at("/requestContext/authorizer/lambda/nonce").asText();
    }
}
