package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One imported operation: the method, its parameters, models, security, responses and integration. */
final class OpenApiMethods {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final RestApiState api;
    private final ObjectNode doc;
    private final boolean oas3;
    private final Map<String, String> schemes;
    private final Map<String, String> validatorIds;
    private final List<String> warnings;

    OpenApiMethods(RestApiState api, ObjectNode doc, boolean oas3, Map<String, String> schemes,
                   Map<String, String> validatorIds, List<String> warnings) {
        this.api = api;
        this.doc = doc;
        this.oas3 = oas3;
        this.schemes = schemes;
        this.validatorIds = validatorIds;
        this.warnings = warnings;
    }

    ObjectNode method(String verb, JsonNode pathItem, JsonNode op) {
        ObjectNode m = NODES.objectNode();
        m.put("httpMethod", verb);
        m.put("authorizationType", "NONE");
        m.put("apiKeyRequired", false);
        if (op.hasNonNull("operationId")) {
            m.put("operationName", op.get("operationId").asText());
        }
        ObjectNode params = NODES.objectNode();
        ObjectNode models = NODES.objectNode();
        List<JsonNode> all = new ArrayList<>();
        pathItem.path("parameters").forEach(all::add);
        op.path("parameters").forEach(all::add);
        for (JsonNode p : all) {
            p = resolve(p);
            String in = p.path("in").asText();
            String location = switch (in) {
                case "query" -> "querystring";
                case "header", "path" -> in;
                default -> null;
            };
            if (location != null) {
                params.put("method.request." + location + "." + p.path("name").asText(),
                        in.equals("path") || p.path("required").asBoolean(false));
            } else if (in.equals("body")) {
                String model = model(p.path("schema"));
                if (model != null) {
                    JsonNode consumes = op.has("consumes") ? op.get("consumes") : doc.path("consumes");
                    if (consumes.isEmpty()) {
                        models.put("application/json", model);
                    }
                    consumes.forEach(c -> models.put(c.asText(), model));
                }
            }
        }
        Iterator<Map.Entry<String, JsonNode>> content = op.path("requestBody").path("content").fields();
        while (content.hasNext()) {
            Map.Entry<String, JsonNode> c = content.next();
            String model = model(c.getValue().path("schema"));
            if (model != null) {
                models.put(c.getKey(), model);
            }
        }
        if (!params.isEmpty()) {
            m.set("requestParameters", params);
        }
        if (!models.isEmpty()) {
            m.set("requestModels", models);
        }
        String validator = op.path("x-amazon-apigateway-request-validator")
                .asText(doc.path("x-amazon-apigateway-request-validator").asText(null));
        if (validator != null) {
            String id = validatorIds.get(validator);
            if (id == null) {
                throw ApiErrors.badRequest("Errors found during import:\n\tInvalid request validator "
                        + validator + " for " + verb);
            }
            m.put("requestValidatorId", id);
        }
        security(m, op.has("security") ? op.get("security") : doc.path("security"));
        responses(m, op.path("responses"));
        JsonNode integration = op.get("x-amazon-apigateway-integration");
        if (integration != null) {
            m.set("methodIntegration", integration(integration));
        }
        return m;
    }

    private JsonNode resolve(JsonNode p) {
        String ref = p.path("$ref").asText(null);
        if (ref == null || !ref.startsWith("#/")) {
            return p;
        }
        JsonNode target = doc;
        for (String part : ref.substring(2).split("/")) {
            target = target.path(part);
        }
        return target;
    }

    /** The model an operation's schema refers to, or null (inline schemas are not turned into models). */
    private String model(JsonNode schema) {
        String ref = schema.path("$ref").asText(null);
        if (ref == null) {
            if (!schema.isMissingNode() && !schema.isEmpty()) {
                warnings.add("Inline schemas are not imported as models.");
            }
            return null;
        }
        String name = ref.substring(ref.lastIndexOf('/') + 1);
        if (!api.models().containsKey(name)) {
            throw ApiErrors.badRequest("Errors found during import:\n\tUnable to find model " + name);
        }
        return name;
    }

    private void security(ObjectNode m, JsonNode requirements) {
        for (JsonNode requirement : requirements) {
            Iterator<Map.Entry<String, JsonNode>> it = requirement.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String meaning = schemes.get(e.getKey());
                if (meaning == null) {
                    continue;
                }
                switch (meaning) {
                    case "API_KEY" -> m.put("apiKeyRequired", true);
                    case "AWS_IAM" -> m.put("authorizationType", "AWS_IAM");
                    default -> {
                        ObjectNode authorizer = api.authorizers().get(meaning);
                        String type = authorizer.path("type").asText();
                        m.put("authorizationType", type.equals("COGNITO_USER_POOLS") ? type : "CUSTOM");
                        m.put("authorizerId", meaning);
                        if (!e.getValue().isEmpty()) {
                            m.set("authorizationScopes", e.getValue().deepCopy());
                        }
                    }
                }
            }
        }
    }

    private void responses(ObjectNode m, JsonNode responses) {
        ObjectNode out = NODES.objectNode();
        Iterator<Map.Entry<String, JsonNode>> it = responses.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().matches("[1-5]\\d\\d")) {
                continue;
            }
            JsonNode response = resolve(e.getValue());
            ObjectNode r = out.putObject(e.getKey());
            r.put("statusCode", e.getKey());
            ObjectNode headers = NODES.objectNode();
            response.path("headers").fieldNames().forEachRemaining(h ->
                    headers.put("method.response.header." + h, false));
            if (!headers.isEmpty()) {
                r.set("responseParameters", headers);
            }
            ObjectNode models = NODES.objectNode();
            if (oas3) {
                response.path("content").fields().forEachRemaining(c -> {
                    String model = c.getValue().path("schema").path("$ref").asText(null);
                    if (model != null) {
                        models.put(c.getKey(), model.substring(model.lastIndexOf('/') + 1));
                    }
                });
            } else if (response.path("schema").has("$ref")) {
                String model = response.path("schema").path("$ref").asText();
                models.put("application/json", model.substring(model.lastIndexOf('/') + 1));
            }
            if (!models.isEmpty()) {
                r.set("responseModels", models);
            }
        }
        if (!out.isEmpty()) {
            m.set("methodResponses", out);
        }
    }

    private ObjectNode integration(JsonNode x) {
        ObjectNode i = NODES.objectNode();
        String type = x.path("type").asText("").toUpperCase(Locale.ROOT);
        if (!List.of("AWS", "AWS_PROXY", "HTTP", "HTTP_PROXY", "MOCK").contains(type)) {
            throw ApiErrors.badRequest("Errors found during import:\n\tUnable to put integration on '"
                    + x.path("type").asText() + "': invalid integration type");
        }
        i.put("type", type);
        if (x.hasNonNull("httpMethod")) {
            i.put("httpMethod", x.get("httpMethod").asText().toUpperCase(Locale.ROOT));
        }
        for (String f : List.of("uri", "credentials", "connectionType", "connectionId", "contentHandling")) {
            if (x.hasNonNull(f)) {
                i.put(f, f.equals("contentHandling") || f.equals("connectionType")
                        ? x.get(f).asText().toUpperCase(Locale.ROOT) : x.get(f).asText());
            }
        }
        if (!type.equals("MOCK") && (!i.has("uri") || !i.has("httpMethod"))) {
            throw ApiErrors.badRequest("Errors found during import:\n\tUnable to put integration on method: "
                    + "integration uri and httpMethod are required for type " + type);
        }
        for (String f : List.of("requestParameters", "requestTemplates")) {
            if (x.path(f).isObject()) {
                i.set(f, x.get(f).deepCopy());
            }
        }
        i.put("passthroughBehavior", x.path("passthroughBehavior").asText("when_no_match").toUpperCase(Locale.ROOT));
        i.put("timeoutInMillis", x.path("timeoutInMillis").asInt(29000));
        i.put("cacheNamespace", x.path("cacheNamespace").asText(Ids.random(6)));
        i.set("cacheKeyParameters", x.has("cacheKeyParameters") ? x.get("cacheKeyParameters").deepCopy()
                : NODES.arrayNode());
        ObjectNode responses = NODES.objectNode();
        Iterator<Map.Entry<String, JsonNode>> it = x.path("responses").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode src = e.getValue();
            String status = src.path("statusCode").asText("200");
            ObjectNode r = responses.putObject(status);
            r.put("statusCode", status);
            if (!e.getKey().equals("default")) {
                r.put("selectionPattern", e.getKey());
            }
            for (String f : List.of("responseParameters", "responseTemplates")) {
                if (src.path(f).isObject()) {
                    r.set(f, src.get(f).deepCopy());
                }
            }
            if (src.hasNonNull("contentHandling")) {
                r.put("contentHandling", src.get("contentHandling").asText().toUpperCase(Locale.ROOT));
            }
        }
        if (!responses.isEmpty()) {
            i.set("integrationResponses", responses);
        }
        return i;
    }
}
