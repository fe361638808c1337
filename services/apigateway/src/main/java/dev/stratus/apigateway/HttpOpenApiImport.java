package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.AwsException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds an HTTP API's routes, integrations, authorizers and CORS configuration from an OpenAPI 3.0 definition with
 * API Gateway's HTTP API extensions, as ImportApi and ReimportApi do. What HTTP APIs ignore is reported as import
 * info, what cannot be imported as a warning, and what makes the definition unusable as an error.
 */
final class HttpOpenApiImport {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final String ANY_METHOD = "x-amazon-apigateway-any-method";
    static final String INTEGRATION = "x-amazon-apigateway-integration";
    static final String AUTHORIZER = "x-amazon-apigateway-authorizer";
    static final String CORS = "x-amazon-apigateway-cors";
    private static final Set<String> VERBS = Set.of("get", "put", "post", "delete", "patch", "options", "head",
            ANY_METHOD);
    /** Extensions of REST APIs that HTTP APIs have no use for: imported as info, not applied. */
    private static final List<String> REST_ONLY = List.of("x-amazon-apigateway-request-validators",
            "x-amazon-apigateway-gateway-responses", "x-amazon-apigateway-binary-media-types",
            "x-amazon-apigateway-api-key-source", "x-amazon-apigateway-policy",
            "x-amazon-apigateway-minimum-compression-size", "x-amazon-apigateway-documentation");

    /** What an import made, before it is applied to an API. */
    record Result(String name, String version, String description, ObjectNode cors, Map<String, ObjectNode> routes,
                  Map<String, ObjectNode> integrations, Map<String, ObjectNode> authorizers, List<String> warnings,
                  List<String> info) {
    }

    private final ObjectNode doc;
    private final List<String> warnings = new ArrayList<>();
    private final List<String> info = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final Map<String, ObjectNode> routes = new LinkedHashMap<>();
    private final Map<String, ObjectNode> integrations = new LinkedHashMap<>();
    private final Map<String, ObjectNode> authorizers = new LinkedHashMap<>();
    /** Security scheme name to the authorizer id it became, or "AWS_IAM". */
    private final Map<String, String> schemes = new LinkedHashMap<>();
    /** Integration extension (as JSON text) to its integration id: identical integrations are made once. */
    private final Map<String, String> integrationIds = new LinkedHashMap<>();

    private HttpOpenApiImport(ObjectNode doc) {
        this.doc = doc;
    }

    /** Reads the definition (JSON or YAML text); throws AWS's BadRequestException for what blocks the import. */
    static Result read(String body, String basepath, boolean failOnWarnings) {
        ObjectNode doc = OpenApiDocuments.parse(body == null ? null
                : body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (!doc.path("openapi").asText("").startsWith("3.")) {
            if (doc.has("swagger")) {
                throw ApiErrors.badRequest("Errors found during import:\n\tOnly OpenAPI 3.0 definitions are supported "
                        + "for HTTP APIs.");
            }
            throw ApiErrors.badRequest("Invalid OpenAPI input.");
        }
        String name = OpenApiImport.title(doc);
        HttpOpenApiImport i = new HttpOpenApiImport(doc);
        String mode = basepath == null ? "ignore" : basepath;
        if (!Set.of("ignore", "prepend", "split").contains(mode)) {
            throw ApiErrors.badRequest("Invalid basepath: " + mode + ". Valid values are ignore, prepend, split");
        }
        String version = doc.path("x-amazon-apigateway-importexport-version").asText(null);
        if (version != null && !version.equals("1.0")) {
            i.errors.add("Unsupported x-amazon-apigateway-importexport-version " + version + ". Supported: 1.0");
        }
        i.run(OpenApiImport.basePath(doc, true, mode));
        if (!i.errors.isEmpty()) {
            throw ApiErrors.badRequest("Errors found during import:\n\t" + String.join("\n\t", i.errors));
        }
        if (failOnWarnings && !i.warnings.isEmpty()) {
            throw ApiErrors.badRequest("Warnings found during import:\n\t" + String.join("\n\t", i.warnings));
        }
        JsonNode info = doc.path("info");
        return new Result(name, info.path("version").isValueNode() ? info.path("version").asText() : null,
                info.path("description").isTextual() ? info.path("description").asText() : null, i.cors(),
                i.routes, i.integrations, i.authorizers, i.warnings, i.info);
    }

    private void run(String basePath) {
        for (String ext : REST_ONLY) {
            if (doc.has(ext)) {
                info.add(ext + " is not supported for HTTP APIs and was ignored.");
            }
        }
        importSecuritySchemes();
        JsonNode defaultSecurity = doc.get("security");
        doc.path("paths").fields().forEachRemaining(p -> {
            if (!(p.getValue() instanceof ObjectNode item)) {
                errors.add("Invalid path item for " + p.getKey());
                return;
            }
            item.fields().forEachRemaining(m -> {
                String verb = m.getKey();
                if (!VERBS.contains(verb)) {
                    return;
                }
                if (!(m.getValue() instanceof ObjectNode op)) {
                    errors.add("Invalid operation " + verb + " for path " + p.getKey());
                    return;
                }
                importOperation(p.getKey(), basePath, verb, op, defaultSecurity);
            });
        });
    }

    private void importOperation(String path, String basePath, String verb, ObjectNode op, JsonNode defaultSecurity) {
        boolean defaultRoute = path.equals("$default") || path.equals("/$default")
                || op.path("isDefaultRoute").asBoolean(false);
        String method = verb.equals(ANY_METHOD) ? "ANY" : verb.toUpperCase(Locale.ROOT);
        String fullPath = basePath + (path.equals("/") && !basePath.isEmpty() ? "" : path);
        String key = defaultRoute ? "$default" : method + " " + fullPath;
        try {
            HttpRouteOperations.checkRouteKey(key);
        } catch (AwsException e) {
            errors.add("Invalid route key for path " + path + " and method " + method + ": " + e.getMessage());
            return;
        }
        if (op.has("requestBody") || op.path("parameters").size() > 0) {
            info.add("Request parameters and bodies of " + key + " are not validated by HTTP APIs and were ignored.");
        }
        ObjectNode in = F.objectNode();
        in.put("RouteKey", key);
        if (op.hasNonNull("operationId")) {
            in.put("OperationName", op.path("operationId").asText());
        }
        String integrationId = integration(key, op.get(INTEGRATION));
        if (integrationId != null) {
            in.put("Target", "integrations/" + integrationId);
        }
        security(key, op.has("security") ? op.get("security") : defaultSecurity, in);
        ObjectNode route = F.objectNode();
        String id = Ids.random(7);
        route.put("RouteId", id);
        route.put("ApiKeyRequired", false);
        route.put("AuthorizationType", "NONE");
        route.put("ApiGatewayManaged", false);
        HttpApiState scratch = scratch();
        try {
            HttpRouteOperations.checkUnique(scratch, key, null);
            HttpRouteOperations.apply(scratch, route, in);
        } catch (AwsException e) {
            errors.add(e.getMessage());
            return;
        }
        routes.put(id, route);
    }

    /** A throwaway API holding what was imported so far, for the route checks that look at siblings. */
    private HttpApiState scratch() {
        return new HttpApiState("", "", F.objectNode(), routes, integrations, authorizers, null, null, null, null);
    }

    /** The integration for an operation's extension (made once per distinct extension), or null. */
    private String integration(String key, JsonNode ext) {
        if (ext == null) {
            return null;
        }
        if (ext.has("$ref")) {
            String ref = ext.path("$ref").asText();
            String prefix = "#/components/x-amazon-apigateway-integrations/";
            JsonNode shared = doc.path("components").path("x-amazon-apigateway-integrations");
            JsonNode target = ref.startsWith(prefix) ? shared.get(ref.substring(prefix.length())) : null;
            if (target == null) {
                errors.add("Invalid integration reference " + ref + " for route " + key);
                return null;
            }
            ext = target;
        }
        String type = ext.path("type").asText("").toUpperCase(Locale.ROOT);
        if (!type.equals("AWS_PROXY") && !type.equals("HTTP_PROXY")) {
            warnings.add("Unsupported integration type '" + ext.path("type").asText() + "' for route " + key
                    + ". HTTP APIs support AWS_PROXY and HTTP_PROXY integrations; the route was imported without one.");
            return null;
        }
        String text = OpenApiDocuments.text(ext);
        String existing = integrationIds.get(text);
        if (existing != null) {
            return existing;
        }
        ObjectNode in = F.objectNode();
        in.put("IntegrationType", type);
        copyText(ext, "uri", in, "IntegrationUri");
        copyText(ext, "httpMethod", in, "IntegrationMethod");
        copyText(ext, "payloadFormatVersion", in, "PayloadFormatVersion");
        copyText(ext, "connectionType", in, "ConnectionType");
        copyText(ext, "connectionId", in, "ConnectionId");
        copyText(ext, "credentials", in, "CredentialsArn");
        copyText(ext, "integrationSubtype", in, "IntegrationSubtype");
        copyText(ext, "description", in, "Description");
        if (ext.has("timeoutInMillis")) {
            in.put("TimeoutInMillis", ext.path("timeoutInMillis").asInt());
        }
        if (ext.get("requestParameters") instanceof ObjectNode p) {
            in.set("RequestParameters", p.deepCopy());
        }
        if (ext.get("responseParameters") instanceof ObjectNode p) {
            in.set("ResponseParameters", p.deepCopy());
        }
        if (ext.path("tlsConfig").hasNonNull("serverNameToVerify")) {
            in.putObject("TlsConfig").put("ServerNameToVerify", ext.path("tlsConfig").path("serverNameToVerify")
                    .asText());
        }
        ObjectNode integration = F.objectNode();
        String id = Ids.random(7);
        integration.put("IntegrationId", id);
        integration.put("ConnectionType", "INTERNET");
        integration.put("TimeoutInMillis", 30_000);
        integration.put("ApiGatewayManaged", false);
        try {
            HttpIntegrationOperations.apply(integration, in);
        } catch (AwsException e) {
            errors.add("Invalid x-amazon-apigateway-integration for route " + key + ": " + e.getMessage());
            return null;
        }
        integrations.put(id, integration);
        integrationIds.put(text, id);
        return id;
    }

    private static void copyText(JsonNode from, String field, ObjectNode to, String member) {
        if (from.hasNonNull(field)) {
            to.put(member, from.path(field).asText());
        }
    }

    private void importSecuritySchemes() {
        doc.path("components").path("securitySchemes").fields().forEachRemaining(e -> {
            JsonNode scheme = e.getValue();
            if ("awsSigv4".equalsIgnoreCase(scheme.path("x-amazon-apigateway-authtype").asText())) {
                schemes.put(e.getKey(), "AWS_IAM");
                return;
            }
            JsonNode ext = scheme.get(AUTHORIZER);
            if (ext == null) {
                warnings.add("Unsupported security scheme '" + e.getKey() + "': HTTP APIs need an "
                        + AUTHORIZER + " (jwt or request) or x-amazon-apigateway-authtype awsSigv4; it was ignored.");
                return;
            }
            ObjectNode in = F.objectNode();
            in.put("Name", e.getKey());
            String type = ext.path("type").asText("").toLowerCase(Locale.ROOT);
            ArrayNode sources = in.putArray("IdentitySource");
            JsonNode identity = ext.get("identitySource");
            if (identity != null && identity.isArray()) {
                identity.forEach(s -> sources.add(s.asText().strip()));
            } else if (identity != null && !identity.asText().isBlank()) {
                for (String s : identity.asText().split(",")) {
                    sources.add(s.strip());
                }
            }
            switch (type) {
                case "jwt" -> {
                    in.put("AuthorizerType", "JWT");
                    ObjectNode jwt = in.putObject("JwtConfiguration");
                    JsonNode config = ext.path("jwtConfiguration");
                    copyText(config, "issuer", jwt, "Issuer");
                    if (config.get("audience") instanceof ArrayNode audience) {
                        jwt.set("Audience", audience.deepCopy());
                    }
                }
                case "request" -> {
                    in.put("AuthorizerType", "REQUEST");
                    copyText(ext, "authorizerUri", in, "AuthorizerUri");
                    copyText(ext, "authorizerPayloadFormatVersion", in, "AuthorizerPayloadFormatVersion");
                    copyText(ext, "authorizerCredentials", in, "AuthorizerCredentialsArn");
                    if (ext.has("enableSimpleResponses")) {
                        in.put("EnableSimpleResponses", ext.path("enableSimpleResponses").asBoolean());
                    }
                    if (ext.has("authorizerResultTtlInSeconds")) {
                        in.put("AuthorizerResultTtlInSeconds", ext.path("authorizerResultTtlInSeconds").asInt());
                    }
                }
                default -> {
                    warnings.add("Unsupported authorizer type '" + ext.path("type").asText() + "' in security scheme '"
                            + e.getKey() + "'. HTTP APIs support jwt and request authorizers; it was ignored.");
                    return;
                }
            }
            ObjectNode authorizer = F.objectNode();
            String id = Ids.random(6);
            authorizer.put("AuthorizerId", id);
            try {
                HttpAuthorizerOperations.apply(authorizer, in, false);
            } catch (AwsException ex) {
                errors.add("Invalid authorizer '" + e.getKey() + "': " + ex.getMessage());
                return;
            }
            authorizers.put(id, authorizer);
            schemes.put(e.getKey(), id);
        });
    }

    /** An operation's security requirement (the first one HTTP APIs can apply) as the route's authorization. */
    private void security(String key, JsonNode requirements, ObjectNode in) {
        if (requirements == null || requirements.isEmpty()) {
            return;
        }
        for (JsonNode requirement : requirements) {
            var names = requirement.fieldNames();
            if (!names.hasNext()) {
                return; // {} means no authorization
            }
            String name = names.next();
            String target = schemes.get(name);
            if (target == null) {
                continue;
            }
            if (target.equals("AWS_IAM")) {
                in.put("AuthorizationType", "AWS_IAM");
                return;
            }
            ObjectNode authorizer = authorizers.get(target);
            boolean jwt = authorizer.path("AuthorizerType").asText().equals("JWT");
            in.put("AuthorizationType", jwt ? "JWT" : "CUSTOM");
            in.put("AuthorizerId", target);
            if (jwt && requirement.path(name).size() > 0) {
                in.set("AuthorizationScopes", requirement.path(name).deepCopy());
            }
            return;
        }
        warnings.add("No supported security scheme for route " + key + "; it was imported without authorization.");
    }

    private ObjectNode cors() {
        JsonNode ext = doc.get(CORS);
        if (!(ext instanceof ObjectNode c)) {
            return null;
        }
        ObjectNode cors = F.objectNode();
        for (String field : List.of("allowOrigins", "allowMethods", "allowHeaders", "exposeHeaders")) {
            if (c.get(field) instanceof ArrayNode values) {
                cors.set(Character.toUpperCase(field.charAt(0)) + field.substring(1), values.deepCopy());
            }
        }
        if (c.has("allowCredentials")) {
            cors.put("AllowCredentials", c.path("allowCredentials").asBoolean());
        }
        if (c.has("maxAge")) {
            cors.put("MaxAge", c.path("maxAge").asInt());
        }
        return cors;
    }
}
