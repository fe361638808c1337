package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * GetExport: a stage's deployment as OpenAPI 3.0 (oas30) or Swagger 2.0 (swagger), optionally with API Gateway's
 * extensions (integrations, authorizers, or both with "apigateway").
 */
final class OpenApiExport {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final RestApiState api;
    private final boolean oas3;
    private final boolean integrations;
    private final boolean authorizers;

    private OpenApiExport(RestApiState api, boolean oas3, String extensions) {
        this.api = api;
        this.oas3 = oas3;
        String ext = extensions == null ? "" : extensions.toLowerCase(Locale.ROOT);
        this.integrations = ext.contains("integrations") || ext.contains("apigateway");
        this.authorizers = ext.contains("authorizers") || ext.contains("apigateway");
    }

    static ObjectNode export(RestApiState api, String stageName, boolean oas3, String extensions) {
        return new OpenApiExport(api, oas3, extensions).document(stageName);
    }

    private ObjectNode document(String stageName) {
        ObjectNode stage = DeploymentOperations.stage(api, stageName);
        RestApiState.DeploymentState deployment = api.deployments().get(stage.path("deploymentId").asText());
        ObjectNode a = api.api();
        ObjectNode doc = NODES.objectNode();
        String host = api.id() + ".execute-api." + api.region() + ".amazonaws.com";
        if (oas3) {
            doc.put("openapi", "3.0.1");
        } else {
            doc.put("swagger", "2.0");
        }
        ObjectNode info = doc.putObject("info");
        info.put("title", a.path("name").asText());
        if (a.hasNonNull("description")) {
            info.put("description", a.get("description").asText());
        }
        info.put("version", a.hasNonNull("version") ? a.get("version").asText()
                : Instant.ofEpochSecond(deployment.deployment().path("createdDate").asLong()).toString());
        if (oas3) {
            ObjectNode server = doc.putArray("servers").addObject();
            server.put("url", "https://" + host + "/{basePath}");
            server.putObject("variables").putObject("basePath").put("default", stageName);
        } else {
            doc.put("host", host);
            doc.put("basePath", "/" + stageName);
            doc.putArray("schemes").add("https");
        }
        ObjectNode paths = doc.putObject("paths");
        deployment.resources().values().stream().sorted(Comparator.comparing(r -> r.path("path").asText()))
                .filter(r -> !r.path("resourceMethods").isEmpty())
                .forEach(r -> paths.set(r.path("path").asText(), pathItem(r)));
        ObjectNode schemas = NODES.objectNode();
        api.models().values().stream().sorted(Comparator.comparing(m -> m.path("name").asText())).forEach(m -> {
            ObjectNode schema = OpenApiDocuments.schema(m.path("schema").asText(null));
            schema.remove("$schema");
            schemas.set(m.path("name").asText(), localRefs(schema));
        });
        ObjectNode security = securitySchemes();
        if (oas3) {
            ObjectNode components = doc.putObject("components");
            components.set("schemas", schemas);
            if (!security.isEmpty()) {
                components.set("securitySchemes", security);
            }
        } else {
            doc.set("definitions", schemas);
            if (!security.isEmpty()) {
                doc.set("securityDefinitions", security);
            }
        }
        if (integrations) {
            extensions(doc);
        }
        return doc;
    }

    private void extensions(ObjectNode doc) {
        ObjectNode a = api.api();
        if (a.path("binaryMediaTypes").size() > 0) {
            doc.set("x-amazon-apigateway-binary-media-types", a.get("binaryMediaTypes").deepCopy());
        }
        if (a.hasNonNull("apiKeySource") && !a.get("apiKeySource").asText().equals("HEADER")) {
            doc.put("x-amazon-apigateway-api-key-source", a.get("apiKeySource").asText());
        }
        if (!api.requestValidators().isEmpty()) {
            ObjectNode validators = doc.putObject("x-amazon-apigateway-request-validators");
            api.requestValidators().values().forEach(v -> validators.putObject(v.path("name").asText(v.path("id")
                    .asText())).put("validateRequestBody", v.path("validateRequestBody").asBoolean())
                    .put("validateRequestParameters", v.path("validateRequestParameters").asBoolean()));
        }
        if (!api.gatewayResponses().isEmpty()) {
            ObjectNode responses = doc.putObject("x-amazon-apigateway-gateway-responses");
            api.gatewayResponses().forEach((type, r) -> {
                ObjectNode out = responses.putObject(type);
                if (r.hasNonNull("statusCode")) {
                    out.put("statusCode", r.get("statusCode").asText());
                }
                if (!r.path("responseParameters").isEmpty()) {
                    out.set("responseParameters", r.get("responseParameters").deepCopy());
                }
                if (!r.path("responseTemplates").isEmpty()) {
                    out.set("responseTemplates", r.get("responseTemplates").deepCopy());
                }
            });
        }
    }

    private ObjectNode securitySchemes() {
        ObjectNode out = NODES.objectNode();
        boolean apiKeys = api.deployments().values().stream().flatMap(d -> d.resources().values().stream())
                .anyMatch(r -> r.path("resourceMethods").findValues("apiKeyRequired").stream()
                        .anyMatch(JsonNode::asBoolean));
        if (apiKeys) {
            out.putObject("api_key").put("type", "apiKey").put("name", "x-api-key").put("in", "header");
        }
        if (!authorizers) {
            return out;
        }
        boolean iam = api.deployments().values().stream().flatMap(d -> d.resources().values().stream())
                .anyMatch(r -> r.path("resourceMethods").findValues("authorizationType").stream()
                        .anyMatch(t -> t.asText().equals("AWS_IAM")));
        if (iam) {
            out.putObject("sigv4").put("type", "apiKey").put("name", "Authorization").put("in", "header")
                    .put("x-amazon-apigateway-authtype", "awsSigv4");
        }
        for (ObjectNode a : api.authorizers().values()) {
            ObjectNode scheme = out.putObject(a.path("name").asText());
            scheme.put("type", "apiKey");
            String source = a.path("identitySource").asText("");
            scheme.put("name", source.startsWith("method.request.header.")
                    ? source.substring("method.request.header.".length()) : "Unused");
            scheme.put("in", "header");
            scheme.put("x-amazon-apigateway-authtype", a.path("authType").asText(
                    a.path("type").asText().equals("COGNITO_USER_POOLS") ? "cognito_user_pools" : "custom"));
            ObjectNode x = scheme.putObject("x-amazon-apigateway-authorizer");
            x.put("type", a.path("type").asText().toLowerCase(Locale.ROOT));
            for (String f : new String[] {"authorizerUri", "authorizerCredentials", "identitySource",
                    "identityValidationExpression"}) {
                if (a.hasNonNull(f)) {
                    x.put(f, a.get(f).asText());
                }
            }
            if (a.has("providerARNs")) {
                x.set("providerARNs", a.get("providerARNs").deepCopy());
            }
            x.put("authorizerResultTtlInSeconds", a.path("authorizerResultTtlInSeconds").asInt());
        }
        return out;
    }

    private ObjectNode pathItem(ObjectNode resource) {
        ObjectNode item = NODES.objectNode();
        Iterator<Map.Entry<String, JsonNode>> methods = resource.path("resourceMethods").fields();
        while (methods.hasNext()) {
            Map.Entry<String, JsonNode> e = methods.next();
            String key = e.getKey().equals("ANY") ? "x-amazon-apigateway-any-method"
                    : e.getKey().toLowerCase(Locale.ROOT);
            item.set(key, operation((ObjectNode) e.getValue()));
        }
        return item;
    }

    private ObjectNode operation(ObjectNode m) {
        ObjectNode op = NODES.objectNode();
        if (m.hasNonNull("operationName")) {
            op.put("operationId", m.get("operationName").asText());
        }
        ArrayNode parameters = NODES.arrayNode();
        m.path("requestParameters").fields().forEachRemaining(p -> {
            String[] parts = p.getKey().split("\\.", 4);
            if (parts.length == 4) {
                ObjectNode param = parameters.addObject();
                param.put("name", parts[3]);
                param.put("in", parts[2].equals("querystring") ? "query" : parts[2]);
                param.put("required", parts[2].equals("path") || p.getValue().asBoolean());
                if (oas3) {
                    param.putObject("schema").put("type", "string");
                } else {
                    param.put("type", "string");
                }
            }
        });
        Iterator<Map.Entry<String, JsonNode>> models = m.path("requestModels").fields();
        if (models.hasNext()) {
            if (oas3) {
                ObjectNode content = op.putObject("requestBody").putObject("content");
                models.forEachRemaining(e -> content.putObject(e.getKey()).putObject("schema")
                        .put("$ref", ref(e.getValue().asText())));
                ((ObjectNode) op.get("requestBody")).put("required", true);
            } else {
                Map.Entry<String, JsonNode> first = models.next();
                ObjectNode body = parameters.addObject();
                body.put("in", "body");
                body.put("name", first.getValue().asText());
                body.put("required", true);
                body.putObject("schema").put("$ref", ref(first.getValue().asText()));
            }
        }
        if (!parameters.isEmpty()) {
            op.set("parameters", parameters);
        }
        ObjectNode responses = op.putObject("responses");
        m.path("methodResponses").fields().forEachRemaining(e -> {
            ObjectNode r = responses.putObject(e.getKey());
            r.put("description", e.getKey() + " response");
            ObjectNode headers = NODES.objectNode();
            e.getValue().path("responseParameters").fieldNames().forEachRemaining(h -> {
                if (h.startsWith("method.response.header.")) {
                    ObjectNode header = headers.putObject(h.substring("method.response.header.".length()));
                    if (oas3) {
                        header.putObject("schema").put("type", "string");
                    } else {
                        header.put("type", "string");
                    }
                }
            });
            if (!headers.isEmpty()) {
                r.set("headers", headers);
            }
            Iterator<Map.Entry<String, JsonNode>> rm = e.getValue().path("responseModels").fields();
            if (oas3 && rm.hasNext()) {
                ObjectNode content = r.putObject("content");
                rm.forEachRemaining(x -> content.putObject(x.getKey()).putObject("schema")
                        .put("$ref", ref(x.getValue().asText())));
            } else if (rm.hasNext()) {
                r.putObject("schema").put("$ref", ref(rm.next().getValue().asText()));
            }
        });
        ArrayNode security = NODES.arrayNode();
        String type = m.path("authorizationType").asText("NONE");
        if (m.path("apiKeyRequired").asBoolean()) {
            security.addObject().putArray("api_key");
        }
        if (authorizers && type.equals("AWS_IAM")) {
            security.addObject().putArray("sigv4");
        }
        if (authorizers && m.hasNonNull("authorizerId") && api.authorizers().containsKey(m.get("authorizerId")
                .asText())) {
            ArrayNode scopes = security.addObject().putArray(api.authorizers().get(m.get("authorizerId").asText())
                    .path("name").asText());
            m.path("authorizationScopes").forEach(scopes::add);
        }
        if (!security.isEmpty()) {
            op.set("security", security);
        }
        if (integrations && m.hasNonNull("requestValidatorId")) {
            ObjectNode v = api.requestValidators().get(m.get("requestValidatorId").asText());
            if (v != null) {
                op.put("x-amazon-apigateway-request-validator", v.path("name").asText(v.path("id").asText()));
            }
        }
        if (integrations && m.has("methodIntegration")) {
            op.set("x-amazon-apigateway-integration", integration((ObjectNode) m.get("methodIntegration")));
        }
        return op;
    }

    private static ObjectNode integration(ObjectNode i) {
        ObjectNode x = NODES.objectNode();
        x.put("type", i.path("type").asText().toLowerCase(Locale.ROOT));
        for (String f : new String[] {"httpMethod", "uri", "credentials", "connectionType", "connectionId",
                "contentHandling"}) {
            if (i.hasNonNull(f)) {
                x.put(f, i.get(f).asText());
            }
        }
        for (String f : new String[] {"requestParameters", "requestTemplates"}) {
            if (!i.path(f).isEmpty()) {
                x.set(f, i.get(f).deepCopy());
            }
        }
        x.put("passthroughBehavior", i.path("passthroughBehavior").asText("WHEN_NO_MATCH").toLowerCase(Locale.ROOT));
        if (i.has("timeoutInMillis") && i.get("timeoutInMillis").asInt() != 29000) {
            x.put("timeoutInMillis", i.get("timeoutInMillis").asInt());
        }
        if (!i.path("cacheKeyParameters").isEmpty()) {
            x.set("cacheKeyParameters", i.get("cacheKeyParameters").deepCopy());
        }
        ObjectNode responses = NODES.objectNode();
        i.path("integrationResponses").forEach(r -> {
            ObjectNode out = responses.putObject(r.path("selectionPattern").asText("default"));
            out.put("statusCode", r.path("statusCode").asText());
            for (String f : new String[] {"responseParameters", "responseTemplates"}) {
                if (!r.path(f).isEmpty()) {
                    out.set(f, r.get(f).deepCopy());
                }
            }
            if (r.hasNonNull("contentHandling")) {
                out.put("contentHandling", r.get("contentHandling").asText());
            }
        });
        if (!responses.isEmpty()) {
            x.set("responses", responses);
        }
        return x;
    }

    private String ref(String model) {
        return (oas3 ? "#/components/schemas/" : "#/definitions/") + model;
    }

    /** Canonical model URLs become local references again. */
    private JsonNode localRefs(JsonNode node) {
        if (node instanceof ObjectNode o) {
            JsonNode r = o.get("$ref");
            if (r != null && r.isTextual()) {
                var m = ModelOperations.MODEL_REF.matcher(r.asText());
                if (m.matches()) {
                    o.put("$ref", ref(m.group(2)));
                }
            }
            o.fields().forEachRemaining(e -> localRefs(e.getValue()));
        } else if (node.isArray()) {
            node.forEach(this::localRefs);
        }
        return node;
    }
}
