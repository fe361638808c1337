package dev.stratus.apigateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.apigateway.Patches.Kind;
import dev.stratus.platform.RequestContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Models (JSON Schema draft 4 documents per content type) and request validators of a REST API. */
final class ModelOperations {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MODEL_NAME = Pattern.compile("[a-zA-Z0-9]+");
    /** The canonical form of a reference to another model of the same API. */
    static final Pattern MODEL_REF = Pattern.compile("https://apigateway\\.amazonaws\\.com/restapis/([^/]+)/models/([^/#]+)(#.*)?");

    private final ApiStore store;

    ModelOperations(ApiStore store) {
        this.store = store;
    }

    /** Every new API comes with AWS's "Empty" and "Error" models. */
    static void addDefaultModels(RestApiState api) {
        api.models().put("Empty", model(api, "Empty", "This is a default empty schema model", "application/json",
                "{\n  \"$schema\": \"http://json-schema.org/draft-04/schema#\",\n  \"title\" : \"Empty Schema\",\n"
                        + "  \"type\" : \"object\"\n}"));
        api.models().put("Error", model(api, "Error", "This is a default error schema model", "application/json",
                "{\n  \"$schema\" : \"http://json-schema.org/draft-04/schema#\",\n  \"title\" : \"Error Schema\",\n"
                        + "  \"type\" : \"object\",\n  \"properties\" : {\n    \"message\" : { \"type\" : \"string\" }"
                        + "\n  }\n}"));
    }

    private static ObjectNode model(RestApiState api, String name, String description, String contentType,
                                    String schema) {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        String id;
        do {
            id = Ids.random(6);
        } while (idTaken(api, id));
        m.put("id", id);
        m.put("name", name);
        if (description != null) {
            m.put("description", description);
        }
        if (schema != null) {
            m.put("schema", schema);
        }
        m.put("contentType", contentType);
        return m;
    }

    private static boolean idTaken(RestApiState api, String id) {
        return api.models().values().stream().anyMatch(m -> m.path("id").asText().equals(id));
    }

    static ObjectNode model(RestApiState api, String name) {
        ObjectNode m = api.models().get(name);
        if (m == null) {
            throw ApiErrors.notFound("Invalid model name specified: " + name);
        }
        return m;
    }

    /** Creates or replaces a model after checking its schema (used by CreateModel and OpenAPI import). */
    static ObjectNode putModel(RestApiState api, String name, String description, String contentType,
                               String schema) {
        if (!MODEL_NAME.matcher(name).matches()) {
            throw ApiErrors.badRequest("Model name must be alphanumeric: " + name);
        }
        checkSchema(api, schema);
        ObjectNode m = model(api, name, description, contentType, schema);
        api.models().put(name, m);
        return m;
    }

    JsonNode createModel(RequestContext ctx, ObjectNode in) {
        String name = in.path("name").asText();
        return store.update(ctx, in.path("restApiId").asText(), api -> {
            if (api.models().containsKey(name)) {
                throw ApiErrors.conflict("Model name already exists for this REST API");
            }
            return putModel(api, name, in.path("description").asText(null), in.path("contentType").asText(),
                    in.path("schema").asText(null)).deepCopy();
        });
    }

    JsonNode getModel(RequestContext ctx, ObjectNode in) {
        return model(store.get(ctx, in.path("restApiId").asText()), in.path("modelName").asText());
    }

    JsonNode getModels(RequestContext ctx, ObjectNode in) {
        RestApiState api = store.get(ctx, in.path("restApiId").asText());
        List<ObjectNode> all = api.models().values().stream()
                .sorted(Comparator.comparing(m -> m.path("name").asText())).toList();
        return Pages.page(all, in);
    }

    JsonNode updateModel(RequestContext ctx, ObjectNode in) {
        return store.update(ctx, in.path("restApiId").asText(), api -> {
            ObjectNode m = model(api, in.path("modelName").asText());
            ObjectNode changed = m.deepCopy();
            Patches.applyAll(changed, in.path("patchOperations"), Map.of("schema", Kind.STRING,
                    "description", Kind.STRING));
            checkSchema(api, changed.path("schema").asText(null));
            m.setAll(changed);
            return m.deepCopy();
        });
    }

    JsonNode deleteModel(RequestContext ctx, ObjectNode in) {
        return store.update(ctx, in.path("restApiId").asText(), api -> {
            String name = in.path("modelName").asText();
            model(api, name);
            for (ObjectNode r : api.resources().values()) {
                for (JsonNode method : r.path("resourceMethods")) {
                    for (JsonNode used : method.path("requestModels")) {
                        if (used.asText().equals(name)) {
                            throw ApiErrors.conflict("Cannot delete model '" + name + "', is referenced in method "
                                    + "request: " + r.path("path").asText() + "/" + method.path("httpMethod").asText());
                        }
                    }
                }
            }
            api.models().remove(name);
            return null;
        });
    }

    /** A schema must be a JSON object; references to other models must be canonical and name one of the API's. */
    static void checkSchema(RestApiState api, String schema) {
        if (schema == null || schema.isBlank()) {
            return;
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(schema);
        } catch (JsonProcessingException e) {
            throw invalidModel("Invalid model schema specified");
        }
        if (tree == null || !tree.isObject()) {
            throw invalidModel("Invalid model schema specified");
        }
        List<String> refs = new ArrayList<>();
        collectRefs(tree, refs);
        for (String ref : refs) {
            if (ref.startsWith("#")) {
                continue;
            }
            Matcher m = MODEL_REF.matcher(ref);
            if (!m.matches() || !m.group(1).equals(api.id()) || !api.models().containsKey(m.group(2))) {
                throw invalidModel("Invalid model schema specified, Model reference must be in canonical form");
            }
        }
    }

    private static void collectRefs(JsonNode node, List<String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("$ref") && e.getValue().isTextual()) {
                    out.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), out);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, out));
        }
    }

    private static RuntimeException invalidModel(String errors) {
        return ApiErrors.badRequest("Invalid model specified: Validation Result: warnings : [], errors : ["
                + errors + "]");
    }

    // Request validators.

    static ObjectNode validator(RestApiState api, String id) {
        ObjectNode v = api.requestValidators().get(id);
        if (v == null) {
            throw ApiErrors.notFound("Invalid Request Validator identifier specified");
        }
        return v;
    }

    /** Adds a validator (used by CreateRequestValidator and OpenAPI import). */
    static ObjectNode putValidator(RestApiState api, String name, boolean body, boolean parameters) {
        ObjectNode v = JsonNodeFactory.instance.objectNode();
        String id;
        do {
            id = Ids.random(6);
        } while (api.requestValidators().containsKey(id));
        v.put("id", id);
        if (name != null) {
            v.put("name", name);
        }
        v.put("validateRequestBody", body);
        v.put("validateRequestParameters", parameters);
        api.requestValidators().put(id, v);
        return v;
    }

    JsonNode createRequestValidator(RequestContext ctx, ObjectNode in) {
        return store.update(ctx, in.path("restApiId").asText(), api -> putValidator(api,
                in.path("name").asText(null), in.path("validateRequestBody").asBoolean(false),
                in.path("validateRequestParameters").asBoolean(false)).deepCopy());
    }

    JsonNode getRequestValidator(RequestContext ctx, ObjectNode in) {
        return validator(store.get(ctx, in.path("restApiId").asText()), in.path("requestValidatorId").asText());
    }

    JsonNode getRequestValidators(RequestContext ctx, ObjectNode in) {
        RestApiState api = store.get(ctx, in.path("restApiId").asText());
        return Pages.page(List.copyOf(api.requestValidators().values()), in);
    }

    JsonNode updateRequestValidator(RequestContext ctx, ObjectNode in) {
        return store.update(ctx, in.path("restApiId").asText(), api -> {
            ObjectNode v = validator(api, in.path("requestValidatorId").asText());
            Patches.applyAll(v, in.path("patchOperations"), Map.of("name", Kind.STRING,
                    "validateRequestBody", Kind.BOOLEAN, "validateRequestParameters", Kind.BOOLEAN));
            return v.deepCopy();
        });
    }

    JsonNode deleteRequestValidator(RequestContext ctx, ObjectNode in) {
        return store.update(ctx, in.path("restApiId").asText(), api -> {
            validator(api, in.path("requestValidatorId").asText());
            api.requestValidators().remove(in.path("requestValidatorId").asText());
            return null;
        });
    }
}
