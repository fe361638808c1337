package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** ImportRestApi, PutRestApi and GetExport: REST APIs from and to OpenAPI/Swagger definitions. */
final class OpenApiOperations {
    private final ApiStore store;
    private final RestApiOperations apis;

    OpenApiOperations(ApiStore store, RestApiOperations apis) {
        this.store = store;
        this.apis = apis;
    }

    JsonNode importRestApi(RequestContext ctx, ObjectNode in) {
        ObjectNode doc = OpenApiDocuments.parse(body(in));
        ObjectNode create = JsonNodeFactory.instance.objectNode().put("name", OpenApiImport.title(doc));
        RestApiState state = apis.newState(ctx, create);
        // Built completely before it is stored, so a failed import leaves nothing behind.
        List<String> warnings = OpenApiImport.apply(state, doc, parameters(in), false,
                in.path("failOnWarnings").asBoolean(false));
        store.create(state);
        return withWarnings(state.api(), warnings);
    }

    JsonNode putRestApi(RequestContext ctx, ObjectNode in) {
        ObjectNode doc = OpenApiDocuments.parse(body(in));
        String mode = in.path("mode").asText("merge");
        return store.update(ctx, in.path("restApiId").asText(), state -> {
            List<String> warnings = OpenApiImport.apply(state, doc, parameters(in), mode.equals("overwrite"),
                    in.path("failOnWarnings").asBoolean(false));
            return withWarnings(state.api(), warnings);
        });
    }

    JsonNode getExport(RequestContext ctx, ObjectNode in) {
        RestApiState api = store.get(ctx, in.path("restApiId").asText());
        String type = in.path("exportType").asText();
        if (!type.equals("oas30") && !type.equals("swagger")) {
            throw ApiErrors.badRequest("No API exporter for type '" + type + "'");
        }
        String accepts = in.path("accepts").asText("application/json").toLowerCase(Locale.ROOT);
        boolean yaml = accepts.contains("yaml");
        if (!yaml && !accepts.contains("json") && !accepts.contains("*/*")) {
            throw ApiErrors.badRequest("No API exporter for type '" + type + "' and accept type '" + accepts + "'");
        }
        ObjectNode doc = OpenApiExport.export(api, in.path("stageName").asText(), type.equals("oas30"),
                parameters(in).get("extensions"));
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("contentType", yaml ? "application/yaml" : "application/json");
        out.put("contentDisposition", "attachment; filename=\"" + type + "_" + api.id() + "_"
                + in.path("stageName").asText() + (yaml ? ".yaml" : ".json") + "\"");
        out.set("body", BinaryNode.valueOf(OpenApiDocuments.write(doc, yaml)));
        return out;
    }

    private static ObjectNode withWarnings(ObjectNode api, List<String> warnings) {
        ObjectNode out = api.deepCopy();
        if (!warnings.isEmpty()) {
            var list = out.putArray("warnings");
            warnings.forEach(list::add);
        }
        return out;
    }

    private static byte[] body(ObjectNode in) {
        JsonNode body = in.get("body");
        try {
            return body == null ? new byte[0] : body.isBinary() ? body.binaryValue()
                    : body.asText().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ApiErrors.badRequest("Invalid OpenAPI input.");
        }
    }

    private static Map<String, String> parameters(ObjectNode in) {
        Map<String, String> out = new LinkedHashMap<>();
        in.path("parameters").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }
}
