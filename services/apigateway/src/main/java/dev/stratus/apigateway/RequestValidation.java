package dev.stratus.apigateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.stratus.apigateway.GatewayResponses.GatewayError;
import dev.stratus.apigateway.GatewayResponses.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Basic request validation as API Gateway does it before the integration: the method's request validator decides
 * whether required parameters (method.request.{querystring,header,path}.x = true) and the body (against the
 * method's request model for the content type, JSON Schema draft 4) are checked.
 */
final class RequestValidation {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL_BASE = "https://apigateway.amazonaws.com/restapis/";

    private RequestValidation() {
    }

    /** The error to answer with, or null when the request passes (or the method has no validator). */
    static GatewayError check(ApiRequest req, RestApiState api, RouteMatcher.Match match) {
        String validatorId = match.method().path("requestValidatorId").asText(null);
        ObjectNode validator = validatorId == null ? null : api.requestValidators().get(validatorId);
        if (validator == null) {
            return null;
        }
        if (validator.path("validateRequestParameters").asBoolean(false)) {
            List<String> missing = missingParameters(req, match);
            if (!missing.isEmpty()) {
                return new GatewayError(Type.BAD_REQUEST_PARAMETERS, "BadRequestException",
                        "Missing required request parameters: [" + String.join(", ", missing) + "]");
            }
        }
        if (validator.path("validateRequestBody").asBoolean(false)) {
            String modelName = modelFor(req, match.method().path("requestModels"));
            ObjectNode model = modelName == null ? null : api.models().get(modelName);
            String errors = model != null && model.hasNonNull("schema") ? bodyErrors(req, api, modelName) : null;
            if (errors != null) {
                return new GatewayError(Type.BAD_REQUEST_BODY, "BadRequestException", "Invalid request body",
                        Type.BAD_REQUEST_BODY.status, errors);
            }
        }
        return null;
    }

    private static List<String> missingParameters(ApiRequest req, RouteMatcher.Match match) {
        List<String> missing = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> params = match.method().path("requestParameters").fields();
        while (params.hasNext()) {
            Map.Entry<String, JsonNode> p = params.next();
            if (!p.getValue().asBoolean(false)) {
                continue;
            }
            String key = p.getKey();
            String value = null;
            String name = null;
            if (key.startsWith("method.request.querystring.")) {
                name = key.substring("method.request.querystring.".length());
                List<String> values = req.http().queryParams().get(name);
                value = values == null || values.isEmpty() ? null : values.get(values.size() - 1);
            } else if (key.startsWith("method.request.header.")) {
                name = key.substring("method.request.header.".length());
                value = req.http().header(name);
            } else if (key.startsWith("method.request.path.")) {
                name = key.substring("method.request.path.".length());
                value = match.pathParameters().get(name);
            }
            if (name != null && (value == null || value.isBlank())) {
                missing.add(name);
            }
        }
        return missing;
    }

    /** The model for the request's content type (application/json when none is sent), else $default's. */
    private static String modelFor(ApiRequest req, JsonNode requestModels) {
        String contentType = req.http().header("Content-Type");
        String mediaType = contentType == null ? "application/json"
                : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        Iterator<Map.Entry<String, JsonNode>> models = requestModels.fields();
        String fallback = null;
        while (models.hasNext()) {
            Map.Entry<String, JsonNode> m = models.next();
            if (m.getKey().toLowerCase(Locale.ROOT).equals(mediaType)) {
                return m.getValue().asText();
            }
            if (m.getKey().equals("$default")) {
                fallback = m.getValue().asText();
            }
        }
        return fallback;
    }

    /** Null when the body is valid, else the validator's messages as "[a, b]" ($context.error.validationErrorString). */
    private static String bodyErrors(ApiRequest req, RestApiState api, String modelName) {
        JsonNode body;
        try {
            String text = new String(req.http().body(), StandardCharsets.UTF_8);
            // An empty body is checked as an empty object, so methods with the Empty model accept bodiless calls.
            body = JSON.readTree(text.isBlank() ? "{}" : text);
        } catch (JsonProcessingException e) {
            return "[Invalid JSON in request body]";
        }
        // Models refer to each other by their canonical URL; the registry resolves those from the API's models.
        String base = MODEL_BASE + api.id() + "/models/";
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4,
                builder -> builder.schemas(iri -> {
                    if (!iri.startsWith(base)) {
                        return null;
                    }
                    ObjectNode m = api.models().get(iri.substring(base.length()));
                    return m == null ? null : m.path("schema").asText(null);
                }));
        try {
            Schema schema = registry.getSchema(SchemaLocation.of(base + modelName));
            List<Error> errors = schema.validate(body);
            return errors.isEmpty() ? null : errors.stream().map(Error::getMessage).toList().toString();
        } catch (SchemaException e) {
            // A model whose schema (or a model it refers to) cannot be compiled cannot pass a body.
            return "[Invalid model schema]";
        }
    }
}
