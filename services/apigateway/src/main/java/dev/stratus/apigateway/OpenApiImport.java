package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds a REST API from an OpenAPI 3.0 or Swagger 2.0 definition with API Gateway's extensions
 * (x-amazon-apigateway-integration, -any-method, -request-validators, -gateway-responses, -binary-media-types,
 * -api-key-source, -authorizer, -authtype), as ImportRestApi and PutRestApi do.
 */
final class OpenApiImport {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> VERBS = Set.of("get", "put", "post", "delete", "patch", "options", "head",
            "x-amazon-apigateway-any-method");

    private final RestApiState api;
    private final ObjectNode doc;
    private final boolean oas3;
    private final List<String> warnings = new ArrayList<>();
    /** Security scheme name to what it means for a method: an authorizer id, "AWS_IAM" or "API_KEY". */
    private final Map<String, String> schemes = new java.util.LinkedHashMap<>();
    private final Map<String, String> validatorIds = new java.util.LinkedHashMap<>();

    private OpenApiImport(RestApiState api, ObjectNode doc) {
        this.api = api;
        this.doc = doc;
        if (doc.path("openapi").asText("").startsWith("3.")) {
            oas3 = true;
        } else if (doc.path("swagger").asText("").equals("2.0")) {
            oas3 = false;
        } else {
            throw ApiErrors.badRequest("Invalid OpenAPI input.");
        }
    }

    /** The definition's API name (info.title), which AWS requires. */
    static String title(ObjectNode doc) {
        String title = doc.path("info").path("title").asText("");
        if (title.isBlank()) {
            throw ApiErrors.badRequest("Errors found during import:\n\tUnable to create API: the info.title of the "
                    + "definition is required.");
        }
        return title;
    }

    /**
     * Applies the definition to the API (its root resource must exist); with overwrite the API's resources,
     * models, validators, authorizers and gateway responses are replaced, otherwise merged. Returns the warnings.
     */
    static List<String> apply(RestApiState api, ObjectNode doc, Map<String, String> parameters, boolean overwrite,
                              boolean failOnWarnings) {
        OpenApiImport i = new OpenApiImport(api, doc);
        i.run(parameters, overwrite);
        if (failOnWarnings && !i.warnings.isEmpty()) {
            throw ApiErrors.badRequest("Warnings found during import:\n\t" + String.join("\n\t", i.warnings));
        }
        return i.warnings;
    }

    private void run(Map<String, String> parameters, boolean overwrite) {
        ObjectNode a = api.api();
        a.put("name", title(doc));
        JsonNode info = doc.path("info");
        setOrRemove(a, "description", info.path("description"), overwrite);
        setOrRemove(a, "version", info.path("version"), overwrite);
        if (doc.has("x-amazon-apigateway-binary-media-types")) {
            a.set("binaryMediaTypes", doc.get("x-amazon-apigateway-binary-media-types").deepCopy());
        }
        if (doc.has("x-amazon-apigateway-api-key-source")) {
            a.put("apiKeySource", doc.get("x-amazon-apigateway-api-key-source").asText().toUpperCase(Locale.ROOT));
        }
        if (doc.has("x-amazon-apigateway-policy")) {
            JsonNode p = doc.get("x-amazon-apigateway-policy");
            a.put("policy", p.isTextual() ? p.asText() : OpenApiDocuments.text(p));
        }
        String types = parameters.get("endpointConfigurationTypes");
        if (types != null) {
            var list = NODES.arrayNode();
            for (String t : types.split(",")) {
                list.add(t.strip().toUpperCase(Locale.ROOT));
            }
            a.putObject("endpointConfiguration").set("types", list);
        }
        if (overwrite) {
            String rootId = a.path("rootResourceId").asText();
            ObjectNode root = api.resources().get(rootId);
            root.remove("resourceMethods");
            api.resources().clear();
            api.resources().put(rootId, root);
            api.models().clear();
            api.requestValidators().clear();
            api.authorizers().clear();
            api.gatewayResponses().clear();
        }
        importModels();
        importValidators();
        importGatewayResponses();
        importSecuritySchemes();
        importPaths(basePath(parameters.getOrDefault("basepath", "ignore")));
    }

    private static void setOrRemove(ObjectNode target, String field, JsonNode value, boolean overwrite) {
        if (value.isValueNode() && !value.isNull()) {
            target.put(field, value.asText());
        } else if (overwrite) {
            target.remove(field);
        }
    }

    /** The prefix imported paths get: basepath=ignore (default) none, prepend all of it, split all but the first part. */
    private String basePath(String mode) {
        return basePath(doc, oas3, mode);
    }

    /** The prefix an import gives the definition's paths for a basepath mode (HTTP API imports share it). */
    static String basePath(ObjectNode doc, boolean oas3, String mode) {
        String base = "";
        if (oas3) {
            JsonNode server = doc.path("servers").path(0);
            String url = server.path("url").asText("");
            JsonNode variable = server.path("variables").path("basePath").path("default");
            url = url.replace("{basePath}", variable.asText(""));
            try {
                base = url.startsWith("/") ? url : URI.create(url.replaceAll("[{}]", "")).getPath();
            } catch (IllegalArgumentException e) {
                base = "";
            }
        } else {
            base = doc.path("basePath").asText("");
        }
        base = base == null ? "" : base.replaceAll("/+$", "");
        return switch (mode) {
            case "prepend" -> base;
            case "split" -> {
                String trimmed = base.startsWith("/") ? base.substring(1) : base;
                int slash = trimmed.indexOf('/');
                yield slash < 0 ? "" : trimmed.substring(slash);
            }
            default -> "";
        };
    }

    private JsonNode schemas() {
        return oas3 ? doc.path("components").path("schemas") : doc.path("definitions");
    }

    private void importModels() {
        Map<String, ObjectNode> added = new java.util.LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = schemas().fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            ObjectNode schema = (ObjectNode) rewriteRefs(e.getValue().deepCopy());
            if (!schema.has("$schema")) {
                ObjectNode ordered = NODES.objectNode().put("$schema", "http://json-schema.org/draft-04/schema#");
                ordered.setAll(schema);
                schema = ordered;
            }
            String description = e.getValue().path("description").asText(null);
            ObjectNode existing = api.models().remove(e.getKey());
            ObjectNode m = ModelOperations.putModel(api, e.getKey(), description, "application/json", null);
            if (existing != null) {
                m.put("id", existing.path("id").asText());
            }
            m.put("schema", OpenApiDocuments.text(schema));
            added.put(e.getKey(), m);
        }
        // Checked once all are present, since models refer to each other.
        added.values().forEach(m -> ModelOperations.checkSchema(api, m.path("schema").asText()));
        if (!api.models().containsKey("Empty")) {
            ModelOperations.addDefaultModels(api);
        }
    }

    /** Local references (#/components/schemas/X, #/definitions/X) become canonical model URLs. */
    private JsonNode rewriteRefs(JsonNode node) {
        if (node instanceof ObjectNode o) {
            JsonNode ref = o.get("$ref");
            if (ref != null && ref.isTextual()) {
                String name = modelName(ref.asText());
                if (name != null) {
                    o.put("$ref", "https://apigateway.amazonaws.com/restapis/" + api.id() + "/models/" + name);
                }
            }
            o.fields().forEachRemaining(e -> rewriteRefs(e.getValue()));
        } else if (node.isArray()) {
            node.forEach(this::rewriteRefs);
        }
        return node;
    }

    private static String modelName(String ref) {
        for (String prefix : List.of("#/components/schemas/", "#/definitions/")) {
            if (ref.startsWith(prefix)) {
                return ref.substring(prefix.length());
            }
        }
        return null;
    }

    private void importValidators() {
        Iterator<Map.Entry<String, JsonNode>> it = doc.path("x-amazon-apigateway-request-validators").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            api.requestValidators().values().removeIf(v -> v.path("name").asText().equals(e.getKey()));
            ObjectNode v = ModelOperations.putValidator(api, e.getKey(),
                    e.getValue().path("validateRequestBody").asBoolean(false),
                    e.getValue().path("validateRequestParameters").asBoolean(false));
            validatorIds.put(e.getKey(), v.path("id").asText());
        }
        api.requestValidators().values().forEach(v -> validatorIds.putIfAbsent(v.path("name").asText(),
                v.path("id").asText()));
    }

    private void importGatewayResponses() {
        Iterator<Map.Entry<String, JsonNode>> it = doc.path("x-amazon-apigateway-gateway-responses").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String type = e.getKey().toUpperCase(Locale.ROOT);
            if (!GatewayResponses.Type.names().contains(type)) {
                warnings.add("Unknown gateway response type " + e.getKey() + " ignored.");
                continue;
            }
            ObjectNode r = NODES.objectNode();
            r.put("responseType", type);
            if (e.getValue().has("statusCode")) {
                r.put("statusCode", e.getValue().get("statusCode").asText());
            }
            r.set("responseParameters", e.getValue().path("responseParameters").isObject()
                    ? e.getValue().get("responseParameters").deepCopy() : NODES.objectNode());
            r.set("responseTemplates", e.getValue().path("responseTemplates").isObject()
                    ? e.getValue().get("responseTemplates").deepCopy() : NODES.objectNode());
            r.put("defaultResponse", false);
            api.gatewayResponses().put(type, r);
        }
    }

    private void importSecuritySchemes() {
        JsonNode all = oas3 ? doc.path("components").path("securitySchemes") : doc.path("securityDefinitions");
        Iterator<Map.Entry<String, JsonNode>> it = all.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode scheme = e.getValue();
            JsonNode authorizer = scheme.get("x-amazon-apigateway-authorizer");
            String authType = scheme.path("x-amazon-apigateway-authtype").asText("");
            if (authorizer != null) {
                schemes.put(e.getKey(), authorizer(e.getKey(), scheme, authorizer, authType));
            } else if (authType.equalsIgnoreCase("awsSigv4")) {
                schemes.put(e.getKey(), "AWS_IAM");
            } else if (scheme.path("type").asText().equals("apiKey")
                    && scheme.path("name").asText().equalsIgnoreCase("x-api-key")) {
                schemes.put(e.getKey(), "API_KEY");
            } else {
                warnings.add("Security scheme " + e.getKey() + " is not supported and was ignored.");
            }
        }
    }

    private String authorizer(String name, JsonNode scheme, JsonNode definition, String authType) {
        api.authorizers().values().removeIf(a -> a.path("name").asText().equals(name));
        ObjectNode a = NODES.objectNode();
        String id;
        do {
            id = Ids.random(6);
        } while (api.authorizers().containsKey(id));
        a.put("id", id);
        a.put("name", name);
        String type = definition.path("type").asText("token").toUpperCase(Locale.ROOT);
        a.put("type", type);
        if (!authType.isEmpty()) {
            a.put("authType", authType);
        }
        for (String field : List.of("authorizerUri", "authorizerCredentials", "identityValidationExpression")) {
            if (definition.hasNonNull(field)) {
                a.put(field, definition.get(field).asText());
            }
        }
        if (definition.has("providerARNs")) {
            a.set("providerARNs", definition.get("providerARNs").deepCopy());
        }
        String identitySource = definition.path("identitySource").asText(null);
        if (identitySource == null && scheme.path("in").asText().equals("header")) {
            identitySource = "method.request.header." + scheme.path("name").asText();
        }
        if (identitySource != null) {
            a.put("identitySource", identitySource);
        }
        a.put("authorizerResultTtlInSeconds", definition.path("authorizerResultTtlInSeconds").asInt(300));
        api.authorizers().put(id, a);
        return id;
    }

    private void importPaths(String prefix) {
        Iterator<Map.Entry<String, JsonNode>> it = doc.path("paths").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = prefix + e.getKey();
            ObjectNode resource = OpenApiResources.ensure(api, path.isEmpty() ? "/" : path);
            JsonNode item = e.getValue();
            Iterator<Map.Entry<String, JsonNode>> ops = item.fields();
            while (ops.hasNext()) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (VERBS.contains(op.getKey())) {
                    String verb = op.getKey().startsWith("x-") ? "ANY" : op.getKey().toUpperCase(Locale.ROOT);
                    ObjectNode methods = resource.has("resourceMethods") ? (ObjectNode) resource.get("resourceMethods")
                            : resource.putObject("resourceMethods");
                    methods.set(verb, new OpenApiMethods(api, doc, oas3, schemes, validatorIds, warnings)
                            .method(verb, item, op.getValue()));
                }
            }
        }
    }
}
