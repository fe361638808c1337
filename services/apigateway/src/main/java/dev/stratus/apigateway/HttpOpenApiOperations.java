package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import java.util.List;

/** ImportApi, ReimportApi and ExportApi of HTTP APIs: OpenAPI 3.0 definitions in and out. */
final class HttpOpenApiOperations {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** AWS's limits on an API's name and version (the model checks them for CreateApi, not for an import). */
    private static final int MAX_NAME = 128;
    private static final int MAX_VERSION = 64;

    private final HttpApiStore store;
    private final HttpApiOperations apis;
    private final HttpStageOperations stages;

    HttpOpenApiOperations(HttpApiStore store, HttpApiOperations apis, HttpStageOperations stages) {
        this.store = store;
        this.apis = apis;
        this.stages = stages;
    }

    JsonNode importApi(RequestContext ctx, ObjectNode in) {
        HttpOpenApiImport.Result result = read(in);
        ObjectNode create = F.objectNode();
        create.put("Name", result.name());
        create.put("ProtocolType", "HTTP");
        HttpApiState state = apis.newApi(ctx, create);
        apply(state, result);
        store.put(state);
        return response(state, result);
    }

    JsonNode reimportApi(RequestContext ctx, ObjectNode in) {
        HttpApiState state = store.get(ctx, in.path("ApiId").asText());
        if (WebSocketRoute.isWebSocket(state)) {
            throw ApiErrors.badRequest("Reimport is not supported for WebSocket APIs");
        }
        HttpOpenApiImport.Result result = read(in);
        state.routes().clear();
        state.integrations().clear();
        state.authorizers().clear();
        apply(state, result);
        stages.autoDeploy(state);
        store.put(state);
        return response(state, result);
    }

    private static HttpOpenApiImport.Result read(ObjectNode in) {
        HttpOpenApiImport.Result result = HttpOpenApiImport.read(in.path("Body").asText(null),
                in.path("Basepath").asText(null), in.path("FailOnWarnings").asBoolean(false));
        if (result.name().length() > MAX_NAME) {
            throw ApiErrors.badRequest("Errors found during import:\n\tinfo.title must be at most " + MAX_NAME
                    + " characters");
        }
        if (result.version() != null && (result.version().isEmpty() || result.version().length() > MAX_VERSION)) {
            throw ApiErrors.badRequest("Errors found during import:\n\tinfo.version must be 1 to " + MAX_VERSION
                    + " characters");
        }
        return result;
    }

    /** The definition's name, version, description, CORS, routes, integrations and authorizers replace the API's. */
    private static void apply(HttpApiState state, HttpOpenApiImport.Result result) {
        ObjectNode api = state.api();
        api.put("Name", result.name());
        setOrRemove(api, "Version", result.version());
        setOrRemove(api, "Description", result.description());
        if (result.cors() != null) {
            api.set("CorsConfiguration", result.cors());
        } else {
            api.remove("CorsConfiguration");
        }
        state.integrations().putAll(result.integrations());
        state.authorizers().putAll(result.authorizers());
        state.routes().putAll(result.routes());
    }

    private static void setOrRemove(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        } else {
            node.remove(field);
        }
    }

    private static ObjectNode response(HttpApiState state, HttpOpenApiImport.Result result) {
        ObjectNode out = state.api().deepCopy();
        list(out, "Warnings", result.warnings());
        list(out, "ImportInfo", result.info());
        return out;
    }

    private static void list(ObjectNode out, String field, List<String> values) {
        if (!values.isEmpty()) {
            var array = out.putArray(field);
            values.forEach(array::add);
        }
    }

    JsonNode exportApi(RequestContext ctx, ObjectNode in) {
        HttpApiState state = store.get(ctx, in.path("ApiId").asText());
        String specification = in.path("Specification").asText();
        if (!specification.equals("OAS30")) {
            throw ApiErrors.badRequest("Invalid specification " + specification + ". Valid values are OAS30");
        }
        String outputType = in.path("OutputType").asText();
        if (!outputType.equals("JSON") && !outputType.equals("YAML")) {
            throw ApiErrors.badRequest("Invalid output type " + outputType + ". Valid values are JSON, YAML");
        }
        String version = in.path("ExportVersion").asText("1.0");
        if (!version.equals("1.0")) {
            throw ApiErrors.badRequest("Invalid export version " + version + ". Valid values are 1.0");
        }
        if (WebSocketRoute.isWebSocket(state)) {
            throw ApiErrors.badRequest("Export is not supported for WebSocket APIs");
        }
        String stageName = in.path("StageName").asText(null);
        HttpApiState.Snapshot snapshot;
        if (stageName == null) {
            snapshot = state.snapshot();
        } else {
            ObjectNode stage = HttpStageOperations.stage(state, stageName);
            HttpApiState.Deployment deployment = state.deployments().get(stage.path("DeploymentId").asText(""));
            if (deployment == null) {
                throw ApiErrors.badRequest("Stage " + stageName + " has no deployment to export");
            }
            snapshot = deployment.snapshot();
        }
        ObjectNode doc = HttpOpenApiExport.export(state, stageName, snapshot,
                in.path("IncludeExtensions").asBoolean(true));
        ObjectNode out = F.objectNode();
        out.set("body", BinaryNode.valueOf(OpenApiDocuments.write(doc, outputType.equals("YAML"))));
        return out;
    }
}
