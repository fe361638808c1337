package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.BadRequestException;
import software.amazon.awssdk.services.apigateway.model.BasePathMapping;
import software.amazon.awssdk.services.apigateway.model.ConflictException;
import software.amazon.awssdk.services.apigateway.model.EndpointType;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;
import software.amazon.awssdk.services.apigateway.model.Op;

/** Custom domain names and base path mappings, and invocations routed by the domain in the Host header. */
class ApiGatewayDomainNameTest {
    static final StratusServer stratus = StratusServer.start();
    static final ApiGatewayClient apigw = ApiGatewayControlPlaneTest.client(stratus);

    static String ordersApi;
    static String usersApi;

    @BeforeAll
    static void deploy() {
        ordersApi = mockApi("orders", "v1", "v2");
        usersApi = mockApi("users", "prod");
    }

    /** An API whose root and /{item} answer {"api": name, "stage": stage, "path": resourcePath}. */
    static String mockApi(String name, String... stages) {
        var api = apigw.createRestApi(b -> b.name(name));
        var item = apigw.createResource(b -> b.restApiId(api.id()).parentId(api.rootResourceId()).pathPart("{item}"));
        for (String resource : new String[] {api.rootResourceId(), item.id()}) {
            apigw.putMethod(b -> b.restApiId(api.id()).resourceId(resource).httpMethod("GET")
                    .authorizationType("NONE"));
            apigw.putIntegration(b -> b.restApiId(api.id()).resourceId(resource).httpMethod("GET")
                    .type(IntegrationType.MOCK).requestTemplates(Map.of("application/json", "{\"statusCode\": 200}")));
            apigw.putMethodResponse(b -> b.restApiId(api.id()).resourceId(resource).httpMethod("GET")
                    .statusCode("200"));
            apigw.putIntegrationResponse(b -> b.restApiId(api.id()).resourceId(resource).httpMethod("GET")
                    .statusCode("200").responseTemplates(Map.of("application/json", "{\"api\": \"" + name
                            + "\", \"stage\": \"$context.stage\", \"path\": \"$context.resourcePath\", "
                            + "\"domain\": \"$context.domainName\"}")));
        }
        for (String stage : stages) {
            apigw.createDeployment(b -> b.restApiId(api.id()).stageName(stage));
        }
        return api.id();
    }

    @AfterAll
    static void stop() {
        stratus.close();
    }

    static ApiGatewayInvokeTest.RawResponse get(String host, String path) throws IOException {
        return ApiGatewayInvokeTest.raw(stratus.endpoint().getPort(), "GET " + path + " HTTP/1.1\r\nHost: " + host + ":"
                + stratus.endpoint().getPort() + "\r\nConnection: close\r\n\r\n");
    }

    @Test
    void basePathsRouteToTheirApisAndStages() throws IOException {
        var domain = apigw.createDomainName(b -> b.domainName("api.example.localhost")
                .regionalCertificateArn("arn:aws:acm:us-east-1:000000000000:certificate/abc")
                .endpointConfiguration(e -> e.types(EndpointType.REGIONAL)));
        assertThat(domain.regionalDomainName()).startsWith("d-").endsWith(".execute-api.us-east-1.amazonaws.com");
        assertThat(domain.domainNameStatusAsString()).isEqualTo("AVAILABLE");
        apigw.createBasePathMapping(b -> b.domainName("api.example.localhost").basePath("orders")
                .restApiId(ordersApi).stage("v1"));
        apigw.createBasePathMapping(b -> b.domainName("api.example.localhost").basePath("orders/next")
                .restApiId(ordersApi).stage("v2"));
        apigw.createBasePathMapping(b -> b.domainName("api.example.localhost").restApiId(usersApi));

        var orders = get("api.example.localhost", "/orders/42");
        assertThat(orders.status()).as(orders.body()).isEqualTo(200);
        assertThat(orders.body()).isEqualTo("{\"api\": \"orders\", \"stage\": \"v1\", \"path\": \"/{item}\", "
                + "\"domain\": \"api.example.localhost\"}");
        assertThat(get("api.example.localhost", "/orders").body()).contains("\"stage\": \"v1\"", "\"path\": \"/\"");
        assertThat(get("api.example.localhost", "/orders/next/7").body()).contains("\"stage\": \"v2\"");
        // The "(none)" mapping has no stage: the first segment names it.
        assertThat(get("api.example.localhost", "/prod/9").body()).contains("\"api\": \"users\"",
                "\"stage\": \"prod\"");
        assertThat(get("api.example.localhost", "/nostage/9").status()).isEqualTo(403);

        var moved = apigw.updateBasePathMapping(b -> b.domainName("api.example.localhost")
                .basePath("orders").patchOperations(p -> p.op(Op.REPLACE).path("/stage").value("v2")));
        assertThat(moved.stage()).isEqualTo("v2");
        assertThat(get("api.example.localhost", "/orders/1").body()).contains("\"stage\": \"v2\"");
        assertThat(apigw.getBasePathMappings(b -> b.domainName("api.example.localhost")).items())
                .extracting(BasePathMapping::basePath).containsExactlyInAnyOrder("orders", "orders/next", "(none)");
        assertThat(apigw.getBasePathMapping(b -> b.domainName("api.example.localhost").basePath("(none)"))
                .restApiId()).isEqualTo(usersApi);

        apigw.deleteBasePathMapping(b -> b.domainName("api.example.localhost").basePath("(none)"));
        assertThat(get("api.example.localhost", "/prod/9").status()).isEqualTo(403);
        apigw.deleteDomainName(b -> b.domainName("api.example.localhost"));
        assertThatThrownBy(() -> apigw.getDomainName(b -> b.domainName("api.example.localhost")))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("Invalid domain name identifier specified");
        // No longer a domain: the request is an ordinary (unsigned, unknown) AWS call again, not an invocation.
        assertThat(get("api.example.localhost", "/orders/1").body()).doesNotContain("\"api\"");
    }

    @Test
    void controlPlaneErrors() {
        apigw.createDomainName(b -> b.domainName("edge.example.localhost")
                .certificateArn("arn:aws:acm:us-east-1:000000000000:certificate/edge"));
        var edge = apigw.getDomainName(b -> b.domainName("edge.example.localhost"));
        assertThat(edge.distributionDomainName()).endsWith(".cloudfront.net");
        assertThat(edge.endpointConfiguration().typesAsStrings()).containsExactly("EDGE");
        assertThat(apigw.getDomainNames(b -> b.limit(100)).items()).extracting(d -> d.domainName())
                .contains("edge.example.localhost");
        assertThatThrownBy(() -> apigw.createDomainName(b -> b.domainName("edge.example.localhost")))
                .isInstanceOf(ConflictException.class);
        apigw.createBasePathMapping(b -> b.domainName("edge.example.localhost").basePath("a").restApiId(usersApi)
                .stage("prod"));
        assertThatThrownBy(() -> apigw.createBasePathMapping(b -> b.domainName("edge.example.localhost")
                .basePath("a").restApiId(usersApi))).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> apigw.createBasePathMapping(b -> b.domainName("edge.example.localhost")
                .basePath("b").restApiId(usersApi).stage("nope"))).isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> apigw.createBasePathMapping(b -> b.domainName("edge.example.localhost")
                .basePath("c").restApiId("missing000"))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> apigw.createBasePathMapping(b -> b.domainName("nope.example.localhost")
                .basePath("c").restApiId(usersApi))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> apigw.getBasePathMapping(b -> b.domainName("edge.example.localhost")
                .basePath("zzz"))).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("Invalid base path mapping identifier specified");
    }
}
