package dev.stratus.apigateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.AwsException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The HTTP API importer's reading of OpenAPI definitions, and export then import giving the same API. */
class HttpOpenApiImportTest {
    static final String FN = "arn:aws:lambda:us-east-1:000000000000:function:f";

    static final String DEFINITION = """
            openapi: 3.0.1
            info: {title: t}
            servers:
              - url: https://api.example.com/{basePath}
                variables: {basePath: {default: v1/orders}}
            security:
              - custom: []
            paths:
              /:
                get:
                  x-amazon-apigateway-integration: {$ref: "#/components/x-amazon-apigateway-integrations/fn"}
              /items/{id}:
                delete:
                  security: []
                  x-amazon-apigateway-integration: {$ref: "#/components/x-amazon-apigateway-integrations/fn"}
                put:
                  security: [{unknown: []}, {iam: []}]
                  x-amazon-apigateway-integration:
                    type: HTTP_PROXY
                    httpMethod: PUT
                    uri: https://backend.example.com/items/{id}
                    requestParameters: {"append:header.x-from": "gateway"}
            components:
              x-amazon-apigateway-integrations:
                fn: {type: aws_proxy, uri: %s, payloadFormatVersion: "2.0"}
              securitySchemes:
                iam: {type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authtype: awsSigv4}
                custom:
                  type: apiKey
                  name: Authorization
                  in: header
                  x-amazon-apigateway-authorizer:
                    type: request
                    authorizerUri: %s
                    authorizerPayloadFormatVersion: "2.0"
                    enableSimpleResponses: true
                    identitySource: "$request.header.Authorization, $request.querystring.token"
                    authorizerResultTtlInSeconds: 60
            """.formatted(FN, FN);

    static Map<String, ObjectNode> routes(HttpOpenApiImport.Result r) {
        Map<String, ObjectNode> out = new TreeMap<>();
        r.routes().values().forEach(route -> out.put(route.path("RouteKey").asText(), route));
        return out;
    }

    @Test
    void basepathSecurityReferencesAndRequestAuthorizers() {
        HttpOpenApiImport.Result ignored = HttpOpenApiImport.read(DEFINITION, null, false);
        assertThat(routes(ignored)).containsOnlyKeys("GET /", "DELETE /items/{id}", "PUT /items/{id}");
        assertThat(ignored.warnings()).as("the first usable requirement is taken").isEmpty();
        assertThat(HttpOpenApiImport.read(DEFINITION, "prepend", false).routes().values())
                .extracting(r -> r.path("RouteKey").asText())
                .containsExactlyInAnyOrder("GET /v1/orders", "DELETE /v1/orders/items/{id}",
                        "PUT /v1/orders/items/{id}");
        assertThat(routes(HttpOpenApiImport.read(DEFINITION, "split", false))).containsKey("GET /orders");

        Map<String, ObjectNode> routes = routes(ignored);
        assertThat(routes.get("GET /").path("AuthorizationType").asText()).as("top-level security")
                .isEqualTo("CUSTOM");
        assertThat(routes.get("DELETE /items/{id}").path("AuthorizationType").asText()).isEqualTo("NONE");
        assertThat(routes.get("PUT /items/{id}").path("AuthorizationType").asText()).isEqualTo("AWS_IAM");
        assertThat(routes.get("GET /").path("Target")).isEqualTo(routes.get("DELETE /items/{id}").path("Target"));
        assertThat(ignored.integrations()).hasSize(2);
        ObjectNode authorizer = ignored.authorizers().values().iterator().next();
        assertThat(authorizer.path("AuthorizerType").asText()).isEqualTo("REQUEST");
        assertThat(authorizer.path("IdentitySource").toString())
                .isEqualTo("[\"$request.header.Authorization\",\"$request.querystring.token\"]");
        assertThat(authorizer.path("AuthorizerResultTtlInSeconds").asInt()).isEqualTo(60);
        assertThat(authorizer.path("EnableSimpleResponses").asBoolean()).isTrue();
    }

    @Test
    void exportThenImportGivesTheSameRoutesIntegrationsAndAuthorizers() {
        HttpOpenApiImport.Result first = HttpOpenApiImport.read(DEFINITION, null, false);
        ObjectNode api = JsonNodeFactory.instance.objectNode().put("ApiId", "abc").put("Name", "t")
                .put("CreatedDate", 0);
        HttpApiState state = new HttpApiState("000000000000", "us-east-1", api, first.routes(), first.integrations(),
                first.authorizers(), null, null, null, null);
        String exported = new String(OpenApiDocuments.write(HttpOpenApiExport.export(state, null, state.snapshot(),
                true), true), StandardCharsets.UTF_8);
        HttpOpenApiImport.Result again = HttpOpenApiImport.read(exported, null, true);
        assertThat(routes(again).keySet()).isEqualTo(routes(first).keySet());
        routes(first).forEach((key, route) -> assertThat(routes(again).get(key).path("AuthorizationType"))
                .as(key).isEqualTo(route.path("AuthorizationType")));
        assertThat(again.integrations().values()).extracting(i -> i.deepCopy().without("IntegrationId"))
                .containsExactlyInAnyOrderElementsOf(first.integrations().values().stream()
                        .map(i -> (ObjectNode) i.deepCopy().without("IntegrationId")).toList());
        assertThat(again.authorizers().values()).extracting(a -> a.deepCopy().without("AuthorizerId"))
                .containsExactlyInAnyOrderElementsOf(first.authorizers().values().stream()
                        .map(a -> (ObjectNode) a.deepCopy().without("AuthorizerId")).toList());
    }

    @Test
    void definitionsThatCannotBeImportedAreBadRequests() {
        assertError("swagger: \"2.0\"\ninfo: {title: t}\npaths: {}", "Only OpenAPI 3.0");
        assertError("openapi: 3.0.1\nx-amazon-apigateway-importexport-version: \"2.0\"\ninfo: {title: t}\npaths: {}",
                "importexport-version");
        assertError("openapi: 3.0.1\ninfo: {title: t}\npaths:\n  /a/{x}: {get: {}}\n  /a/{y}/b: {get: {}}",
                "conflicting variable");
        assertError("openapi: 3.0.1\ninfo: {title: t}\npaths:\n  /a:\n    get:\n      x-amazon-apigateway-integration:"
                + " {$ref: \"#/components/x-amazon-apigateway-integrations/none\"}", "Invalid integration reference");
        assertThatThrownBy(() -> HttpOpenApiImport.read("openapi: 3.0.1\ninfo: {title: t}\npaths: {}", "sideways",
                false)).isInstanceOf(AwsException.class).hasMessageContaining("basepath");
    }

    static void assertError(String body, String message) {
        assertThatThrownBy(() -> HttpOpenApiImport.read(body, null, false)).isInstanceOf(AwsException.class)
                .hasMessageContaining("Errors found during import").hasMessageContaining(message);
    }
}
