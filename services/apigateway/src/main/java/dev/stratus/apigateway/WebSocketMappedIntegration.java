package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.OperationRegistry;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.RequestIds;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.PatternSyntaxException;

/**
 * WebSocket routes' non-proxy integrations: MOCK, AWS (Lambda's Invoke with the mapped payload) and HTTP (HTTP_PROXY
 * is HTTP without mapping). The integration's TemplateSelectionExpression picks a request template (else
 * {@code $default}, else the PassthroughBehavior decides); the IntegrationResponseSelectionExpression's value picks
 * an integration response by key ({@code /regex/}, exact, else {@code $default}), whose response template maps the
 * backend's answer into what a two-way route sends back.
 */
final class WebSocketMappedIntegration {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String DEFAULT = "$default";
    /** WebSocket integrations time out after 29 s at most (AWS's limit). */
    private static final int MAX_TIMEOUT_MILLIS = 29_000;

    /** What the integration answered after mapping: a status (for $connect) and the body a two-way route sends. */
    record Result(int status, String body) {
    }

    /** The backend's own answer, before the integration response maps it. */
    private record Reply(int status, String body, String errorMessage) {
    }

    /** The configuration or the backend failed: the client gets "Internal server error". */
    static final class Failure extends Exception {
        Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final OperationRegistry registry;
    private final Vtl vtl = new Vtl();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    WebSocketMappedIntegration(OperationRegistry registry) {
        this.registry = registry;
    }

    static boolean isMapped(String type) {
        return Set.of("AWS", "HTTP", "MOCK", "HTTP_PROXY").contains(type);
    }

    /** CreateIntegration / UpdateIntegration of a WebSocket API: its types and template members. */
    static void applyControlPlane(ObjectNode integration, ObjectNode in, Set<String> types) {
        RestApiOperations.copy(in, integration, "RequestTemplates", "TemplateSelectionExpression",
                "PassthroughBehavior", "ContentHandlingStrategy");
        String type = integration.path("IntegrationType").asText();
        if (!types.contains(type)) {
            throw ApiErrors.badRequest("Stratus supports the integration types " + types + " for WebSocket APIs, not "
                    + type);
        }
        if (!type.equals("MOCK") && !integration.hasNonNull("IntegrationUri")) {
            throw ApiErrors.badRequest("IntegrationUri is required for integration type " + type);
        }
        if (type.startsWith("HTTP") && !integration.hasNonNull("IntegrationMethod")) {
            throw ApiErrors.badRequest("IntegrationMethod is required for integration type " + type);
        }
        if (type.startsWith("AWS")) {
            integration.put("IntegrationMethod", "POST");
        }
        if (!integration.hasNonNull("PassthroughBehavior") && !type.endsWith("PROXY")) {
            integration.put("PassthroughBehavior", "WHEN_NO_MATCH");
        }
        // What AWS sets (it is not an input): Lambda's errorMessage, else the backend's status code.
        if (type.equals("AWS")) {
            integration.put("IntegrationResponseSelectionExpression", "${integration.response.body.errorMessage}");
        } else if (type.equals("HTTP") || type.equals("MOCK")) {
            integration.put("IntegrationResponseSelectionExpression", "${integration.response.statuscode}");
        } else {
            integration.remove("IntegrationResponseSelectionExpression");
        }
        integration.put("PayloadFormatVersion", "1.0");
    }

    /**
     * Runs the integration for one event.
     *
     * @param event the proxy event the route would get (its requestContext is {@code $context})
     * @param body  the message ("" for $connect)
     */
    Result invoke(WebSocketRoute.Target target, ObjectNode integration, ObjectNode event, String body, Instant now)
            throws Failure {
        Map<String, Object> variables = variables(target, event, body);
        String request = requestMapping(integration, body, variables);
        Reply reply = switch (integration.path("IntegrationType").asText()) {
            case "MOCK" -> mock(request);
            case "AWS" -> lambda(target.api(), integration, request, now);
            default -> http(integration, request);
        };
        // Without integration responses (HTTP_PROXY, or none made yet) the backend's answer passes through.
        if (integration.path("IntegrationType").asText().equals("HTTP_PROXY")
                || WebSocketIntegrationResponseOperations.responses(integration).isEmpty()) {
            return new Result(reply.status(), reply.body().isEmpty() ? null : reply.body());
        }
        ObjectNode response = select(integration, reply);
        if (response == null) {
            throw new Failure("No match for output mapping and no default output mapping configured", null);
        }
        JsonNode templates = response.path("ResponseTemplates");
        String key = selectionKey(response.path("TemplateSelectionExpression").asText(null), reply.body());
        JsonNode template = templates.has(key) ? templates.get(key) : templates.get(DEFAULT);
        if (template == null || template.isNull()) {
            return new Result(reply.status(), reply.body().isEmpty() ? null : reply.body());
        }
        variables.put("input", new VtlInput(reply.body(), Map.of()));
        return new Result(reply.status(), render(template.asText(), variables));
    }

    private String requestMapping(ObjectNode integration, String body, Map<String, Object> variables)
            throws Failure {
        JsonNode templates = integration.path("RequestTemplates");
        String key = selectionKey(integration.path("TemplateSelectionExpression").asText(null), body);
        JsonNode template = templates.has(key) ? templates.get(key) : templates.get(DEFAULT);
        if (template == null || template.isNull()) {
            String behavior = integration.path("PassthroughBehavior").asText("WHEN_NO_MATCH");
            if (behavior.equals("NEVER") || behavior.equals("WHEN_NO_TEMPLATES") && !templates.isEmpty()) {
                throw new Failure("no request template for " + key + " and PassthroughBehavior " + behavior, null);
            }
            return body;
        }
        return render(template.asText(), variables);
    }

    /**
     * A template selection expression's key: {@code \$default} (escaped) or nothing is {@code $default}, a
     * {@code $request.body...} expression is evaluated on the message, anything else is a literal key.
     */
    static String selectionKey(String expression, String body) {
        if (expression == null || expression.isBlank() || expression.equals("\\" + DEFAULT)) {
            return DEFAULT;
        }
        if (expression.contains("request.body")) {
            String value = WebSocketRoute.select(expression, body);
            return value == null ? DEFAULT : value;
        }
        return expression.startsWith("\\$") ? expression.substring(1) : expression;
    }

    private static Reply mock(String request) throws Failure {
        try {
            int status = MAPPER.readTree(request).path("statusCode").asInt(-1);
            if (status < 0) {
                throw new Failure("MOCK request template has no statusCode", null);
            }
            return new Reply(status, "", null);
        } catch (IOException e) {
            throw new Failure("MOCK request template is not JSON", e);
        }
    }

    private Reply lambda(HttpApiState api, ObjectNode integration, String payload, Instant now) throws Failure {
        String uri = integration.path("IntegrationUri").asText();
        if (!LambdaAuthorizer.LAMBDA_URI.matcher(uri).matches() && !uri.startsWith("arn:aws:lambda:")) {
            throw new Failure("AWS integrations other than Lambda are not supported: " + uri, null);
        }
        ObjectNode input = JsonNodeFactory.instance.objectNode();
        input.put("FunctionName", HttpIntegrationCall.functionName(uri));
        input.set("Payload", BinaryNode.valueOf((payload.isBlank() ? "{}" : payload).getBytes(StandardCharsets.UTF_8)));
        RequestContext ctx = new RequestContext(RequestIds.next(), api.accountId(), api.region(), null,
                "arn:aws:iam::" + api.accountId() + ":root", now);
        try {
            JsonNode out = registry.call("lambda", "Invoke", ctx, input);
            String body = new String(out.get("Payload").binaryValue(), StandardCharsets.UTF_8);
            if (out.hasNonNull("FunctionError")) {
                String message;
                try {
                    message = MAPPER.readTree(body).path("errorMessage").asText("");
                } catch (IOException notJson) {
                    message = "";
                }
                return new Reply(200, body, message);
            }
            return new Reply(200, body, null);
        } catch (RuntimeException | IOException e) {
            throw new Failure("Lambda invocation failed", e);
        }
    }

    private Reply http(ObjectNode integration, String body) throws Failure {
        int timeout = Math.min(integration.path("TimeoutInMillis").asInt(MAX_TIMEOUT_MILLIS), MAX_TIMEOUT_MILLIS);
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(integration.path("IntegrationUri").asText()))
                    .timeout(Duration.ofMillis(timeout))
                    .header("Content-Type", "application/json")
                    .method(integration.path("IntegrationMethod").asText("POST"),
                            HttpRequest.BodyPublishers.ofString(body))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), null);
        } catch (IOException | IllegalArgumentException e) {
            throw new Failure("HTTP integration failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("HTTP integration interrupted", e);
        }
    }

    /**
     * The integration response for this reply: the IntegrationResponseSelectionExpression (status code by default;
     * {@code ...errorMessage} for Lambda errors) gives a value; a {@code /regex/} key matching it, or an equal key,
     * wins over {@code $default}.
     */
    private static ObjectNode select(ObjectNode integration, Reply reply) {
        String expression = integration.path("IntegrationResponseSelectionExpression").asText("");
        String value = expression.contains("errorMessage") ? (reply.errorMessage() == null ? "" : reply.errorMessage())
                : Integer.toString(reply.status());
        ObjectNode fallback = null;
        for (ObjectNode r : WebSocketIntegrationResponseOperations.responses(integration)) {
            String key = r.path("IntegrationResponseKey").asText();
            if (key.equals(DEFAULT)) {
                fallback = r;
            } else if (key.length() > 1 && key.startsWith("/") && key.endsWith("/")) {
                try {
                    if (value.matches(key.substring(1, key.length() - 1))) {
                        return r;
                    }
                } catch (PatternSyntaxException ignored) {
                    // an invalid pattern never matches
                }
            } else if (key.equals(value)) {
                return r;
            }
        }
        return fallback;
    }

    private String render(String template, Map<String, Object> variables) throws Failure {
        try {
            return vtl.render(template, variables);
        } catch (Vtl.TemplateException e) {
            throw new Failure("mapping template failed: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> variables(WebSocketRoute.Target target, ObjectNode event, String body) {
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("input", new VtlInput(body, Map.of()));
        vars.put("util", new VtlUtil());
        vars.put("context", VtlInput.toJava(event.path("requestContext")));
        ObjectNode stage = target.api().stages().get(target.stage());
        JsonNode stageVariables = stage == null ? null : stage.get("StageVariables");
        vars.put("stageVariables", stageVariables instanceof ObjectNode v ? VtlInput.toJava(v) : Map.of());
        return vars;
    }
}
