package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.apigateway.GatewayResponses.GatewayError;
import dev.stratus.apigateway.GatewayResponses.Type;
import dev.stratus.platform.OperationRegistry;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.RequestIds;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.HttpResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.PatternSyntaxException;

/**
 * Integrations with mapping templates: MOCK, AWS (Lambda, non-proxy) and HTTP (non-proxy). The request template
 * chosen by Content-Type (or the passthrough behaviour) makes the integration request; the integration response
 * chosen by selectionPattern (Lambda's errorMessage, HTTP's or MOCK's status code) maps the reply back.
 */
final class MappedIntegrations {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final GatewayError UNSUPPORTED_MEDIA_TYPE = new GatewayError(Type.UNSUPPORTED_MEDIA_TYPE,
            "UnsupportedMediaTypeException", "Unsupported Media Type");

    /** What the integration answered, before the integration response maps it. */
    private record Reply(String selector, String body, HttpRequest.Headers headers) {
    }

    /** Thrown when the configuration cannot serve the request: API Gateway answers 500. */
    static final class ConfigurationException extends RuntimeException {
        ConfigurationException(String message) {
            super(message);
        }
    }

    private final OperationRegistry registry;
    private final HttpProxy httpProxy;
    private final Vtl vtl;
    private final GatewayResponses gatewayResponses;

    MappedIntegrations(OperationRegistry registry, HttpProxy httpProxy, Vtl vtl, GatewayResponses gatewayResponses) {
        this.registry = registry;
        this.httpProxy = httpProxy;
        this.vtl = vtl;
        this.gatewayResponses = gatewayResponses;
    }

    HttpResponse invoke(ApiRequest req, RestApiState api, ObjectNode stage, RouteMatcher.Match match,
                        ObjectNode integration) {
        Map<String, Map<String, String>> params = params(req, match);
        String requestBody = new String(req.http().body(), StandardCharsets.UTF_8);
        String integrationRequest;
        try {
            integrationRequest = requestMapping(req, api, stage, match, integration, params, requestBody);
        } catch (Vtl.TemplateException e) {
            throw IntegrationFailure.configuration();
        }
        if (integrationRequest == null) {
            return gatewayResponses.render(api, UNSUPPORTED_MEDIA_TYPE, req, stage);
        }
        Reply reply = switch (integration.path("type").asText()) {
            case "MOCK" -> mock(integrationRequest);
            case "AWS" -> lambda(req, api, integration, integrationRequest);
            default -> http(req, stage, match, integration, integrationRequest);
        };
        ObjectNode response = select(integration.path("integrationResponses"), reply.selector());
        if (response == null) {
            throw IntegrationFailure.configuration();
        }
        try {
            return respond(req, api, stage, match, params, response, reply);
        } catch (Vtl.TemplateException e) {
            throw IntegrationFailure.configuration();
        }
    }

    /** The integration request body, or null when the passthrough behaviour refuses the content type (415). */
    private String requestMapping(ApiRequest req, RestApiState api, ObjectNode stage, RouteMatcher.Match match,
                                  ObjectNode integration, Map<String, Map<String, String>> params, String body)
            throws Vtl.TemplateException {
        JsonNode templates = integration.path("requestTemplates");
        String contentType = req.http().header("Content-Type");
        String key = contentType == null ? "application/json" : contentType.split(";")[0].strip();
        JsonNode template = templates.get(key);
        if (template == null) {
            String behavior = integration.path("passthroughBehavior").asText("WHEN_NO_MATCH");
            boolean passthrough = behavior.equals("WHEN_NO_MATCH")
                    || behavior.equals("WHEN_NO_TEMPLATES") && templates.isEmpty();
            return passthrough ? body : null;
        }
        if (template.isNull()) {
            return body;
        }
        return vtl.render(template.asText(), variables(req, api, stage, match, new VtlInput(body, params)));
    }

    private static Reply mock(String integrationRequest) {
        int status;
        try {
            status = MAPPER.readTree(integrationRequest).path("statusCode").asInt(-1);
        } catch (IOException e) {
            throw new ConfigurationException("MOCK request template is not JSON");
        }
        if (status < 0) {
            throw new ConfigurationException("MOCK request template has no statusCode");
        }
        return new Reply(Integer.toString(status), "", new HttpRequest.Headers());
    }

    private Reply lambda(ApiRequest req, RestApiState api, ObjectNode integration, String payload) {
        Matcher m = LambdaAuthorizer.LAMBDA_URI.matcher(integration.path("uri").asText());
        if (!m.matches()) {
            throw new ConfigurationException("AWS integrations other than Lambda are not supported");
        }
        ObjectNode input = JsonNodeFactory.instance.objectNode();
        input.put("FunctionName", m.group(1));
        input.set("Payload", BinaryNode.valueOf((payload.isBlank() ? "{}" : payload)
                .getBytes(StandardCharsets.UTF_8)));
        RequestContext ctx = new RequestContext(RequestIds.next(), api.accountId(), api.region(), null,
                "arn:aws:iam::" + api.accountId() + ":root", req.receivedAt());
        JsonNode out;
        String body;
        try {
            out = registry.call("lambda", "Invoke", ctx, input);
            body = new String(out.get("Payload").binaryValue(), StandardCharsets.UTF_8);
        } catch (AwsException | IllegalArgumentException | IOException e) {
            throw new ConfigurationException("Lambda invocation failed: " + e.getMessage());
        }
        String selector = null;
        if (out.hasNonNull("FunctionError")) {
            try {
                selector = MAPPER.readTree(body).path("errorMessage").asText("");
            } catch (IOException e) {
                selector = "";
            }
        }
        return new Reply(selector, body, new HttpRequest.Headers());
    }

    private Reply http(ApiRequest req, ObjectNode stage, RouteMatcher.Match match, ObjectNode integration,
                       String body) {
        HttpRequest original = req.http();
        HttpRequest mapped = new HttpRequest(original.method(), original.rawPath(), original.rawQuery(),
                original.headers(), body.getBytes(StandardCharsets.UTF_8));
        HttpResponse r = httpProxy.forward(req.withHttp(mapped), integration, match,
                IntegrationRequestParameters.of(integration, req, match, stage));
        return new Reply(Integer.toString(r.status()), new String(r.body(), StandardCharsets.UTF_8), r.headers());
    }

    /** The integration response whose selectionPattern matches the selector, else the default one (no pattern). */
    static ObjectNode select(JsonNode responses, String selector) {
        ObjectNode fallback = null;
        for (JsonNode r : responses) {
            String pattern = r.path("selectionPattern").asText("");
            if (pattern.isEmpty()) {
                fallback = (ObjectNode) r;
                continue;
            }
            try {
                if (selector != null && selector.matches(pattern)) {
                    return (ObjectNode) r;
                }
            } catch (PatternSyntaxException ignored) {
                // an invalid pattern never matches, as in AWS
            }
        }
        return fallback;
    }

    private HttpResponse respond(ApiRequest req, RestApiState api, ObjectNode stage, RouteMatcher.Match match,
                                 Map<String, Map<String, String>> params, ObjectNode response, Reply reply)
            throws Vtl.TemplateException {
        JsonNode templates = response.path("responseTemplates");
        String accept = req.http().header("Accept");
        String type = accept != null && templates.has(accept.split(",")[0].strip()) ? accept.split(",")[0].strip()
                : templates.has("application/json") ? "application/json"
                : templates.fieldNames().hasNext() ? templates.fieldNames().next() : "application/json";
        JsonNode template = templates.get(type);
        String body = template == null || template.isNull() ? reply.body()
                : vtl.render(template.asText(), variables(req, api, stage, match, new VtlInput(reply.body(), params)));
        HttpResponse out = HttpResponse.text(response.path("statusCode").asInt(200), type, body);
        Iterator<Map.Entry<String, JsonNode>> mappings = response.path("responseParameters").fields();
        while (mappings.hasNext()) {
            Map.Entry<String, JsonNode> p = mappings.next();
            if (p.getKey().startsWith("method.response.header.")) {
                String value = responseParameter(p.getValue().asText(), reply);
                if (value != null) {
                    out.header(p.getKey().substring("method.response.header.".length()), value);
                }
            }
        }
        return out;
    }

    /** A response parameter's source: 'literal', integration.response.header.X, .body or .body.{JSONPath}. */
    private static String responseParameter(String source, Reply reply) {
        if (source.length() >= 2 && source.startsWith("'") && source.endsWith("'")) {
            return source.substring(1, source.length() - 1);
        }
        if (source.startsWith("integration.response.header.")) {
            return reply.headers().first(source.substring("integration.response.header.".length()));
        }
        if (source.equals("integration.response.body")) {
            return reply.body();
        }
        if (source.startsWith("integration.response.body.")) {
            try {
                JsonNode n = JsonPaths.select(MAPPER.readTree(reply.body()),
                        "$." + source.substring("integration.response.body.".length()));
                return n == null ? null : n.isValueNode() ? n.asText() : n.toString();
            } catch (IOException | IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    /** $input.params(): path, querystring and header maps (last value of repeated ones). */
    private static Map<String, Map<String, String>> params(ApiRequest req, RouteMatcher.Match match) {
        Map<String, Map<String, String>> all = new LinkedHashMap<>();
        all.put("path", new LinkedHashMap<>(match.pathParameters()));
        Map<String, String> query = new LinkedHashMap<>();
        req.http().queryParams().forEach((k, v) -> query.put(k, v.get(v.size() - 1)));
        all.put("querystring", query);
        Map<String, String> headers = new LinkedHashMap<>();
        req.http().headers().asMap().forEach((k, v) -> headers.put(k, v.get(v.size() - 1)));
        all.put("header", headers);
        return all;
    }

    private static Map<String, Object> variables(ApiRequest req, RestApiState api, ObjectNode stage,
                                                 RouteMatcher.Match match, VtlInput input) {
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("input", input);
        vars.put("util", new VtlUtil());
        ObjectNode context = ProxyEvent.requestContext(req, api, match, match.resource().path("path").asText());
        vars.put("context", VtlInput.toJava(context));
        JsonNode stageVariables = stage.path("variables");
        vars.put("stageVariables", stageVariables.isObject() ? VtlInput.toJava(stageVariables) : Map.of());
        return vars;
    }
}
