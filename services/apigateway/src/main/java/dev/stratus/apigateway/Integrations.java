package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.OperationRegistry;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.RequestIds;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.HttpResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Runs a matched method's integration: Lambda proxy (payload 1.0) and MOCK. */
final class Integrations {
    private static final Logger LOG = Logger.getLogger("stratus.apigateway");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern LAMBDA_URI = Pattern.compile(
            "arn:aws[a-z-]*:apigateway:[^:]+:lambda:path/2015-03-31/functions/(.+)/invocations");

    private static final Pattern STAGE_VARIABLE = Pattern.compile("\\$\\{stageVariables\\.([A-Za-z0-9_]+)}");

    private final OperationRegistry registry;
    private final HttpProxy httpProxy = new HttpProxy();

    Integrations(OperationRegistry registry) {
        this.registry = registry;
    }

    HttpResponse invoke(ApiRequest req, RestApiState api, ObjectNode stage, RouteMatcher.Match match) {
        ObjectNode integration = withStageVariables((ObjectNode) match.method().get("methodIntegration"), stage);
        String type = integration.path("type").asText();
        try {
            return switch (type) {
                case "AWS_PROXY" -> lambdaProxy(req, api, stage, match, integration);
                case "MOCK" -> mock(req, integration);
                case "HTTP_PROXY" -> httpProxy.forward(req, integration, match);
                default -> internalError();
            };
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "integration failed for " + req.requestId(), e);
            return internalError();
        }
    }

    /** The integration with {@code ${stageVariables.name}} in its URI replaced from the stage (unknown: empty). */
    static ObjectNode withStageVariables(ObjectNode integration, ObjectNode stage) {
        String uri = integration.path("uri").asText(null);
        if (uri == null || !uri.contains("${stageVariables.")) {
            return integration;
        }
        Matcher m = STAGE_VARIABLE.matcher(uri);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(stage.path("variables").path(m.group(1)).asText("")));
        }
        m.appendTail(sb);
        ObjectNode copy = integration.deepCopy();
        copy.put("uri", sb.toString());
        return copy;
    }

    static HttpResponse internalError() {
        return ExecuteApi.error(500, "InternalServerErrorException", "Internal server error");
    }

    private static HttpResponse badGateway() {
        return ExecuteApi.error(502, "InternalServerErrorException", "Internal server error");
    }

    private HttpResponse lambdaProxy(ApiRequest req, RestApiState api, ObjectNode stage, RouteMatcher.Match match,
                                     ObjectNode integration) {
        Matcher m = LAMBDA_URI.matcher(integration.path("uri").asText());
        if (!m.matches()) {
            return internalError();
        }
        ObjectNode event = ProxyEvent.build(req, api, stage, match);
        ObjectNode input = JsonNodeFactory.instance.objectNode();
        input.put("FunctionName", m.group(1));
        input.set("Payload", BinaryNode.valueOf(event.toString().getBytes(StandardCharsets.UTF_8)));
        RequestContext ctx = new RequestContext(RequestIds.next(), api.accountId(), api.region(), null,
                "arn:aws:iam::" + api.accountId() + ":root", req.receivedAt());
        JsonNode out;
        try {
            out = registry.call("lambda", "Invoke", ctx, input);
        } catch (AwsException | IllegalArgumentException e) {
            // AWS answers a missing function or permission as an integration configuration error.
            return internalError();
        }
        if (out.hasNonNull("FunctionError")) {
            return badGateway();
        }
        try {
            return ProxyResponse.toHttp(out.get("Payload").binaryValue());
        } catch (IOException | ProxyResponse.MalformedException e) {
            return badGateway();
        }
    }

    /** MOCK: the status code comes from the request template; the integration response picked by it answers. */
    private static HttpResponse mock(ApiRequest req, ObjectNode integration) {
        JsonNode templates = integration.path("requestTemplates");
        String contentType = req.http().header("Content-Type");
        String key = contentType == null ? "application/json" : contentType.split(";")[0].strip();
        JsonNode template = templates.has(key) ? templates.get(key) : templates.get("application/json");
        if (template == null) {
            return internalError();
        }
        int status;
        try {
            status = MAPPER.readTree(template.asText()).path("statusCode").asInt(-1);
        } catch (IOException e) {
            return internalError();
        }
        if (status < 0) {
            return internalError();
        }
        ObjectNode response = select(integration.path("integrationResponses"), Integer.toString(status));
        if (response == null) {
            return internalError();
        }
        String body = response.path("responseTemplates").path("application/json").asText("");
        HttpResponse out = HttpResponse.text(response.path("statusCode").asInt(200), "application/json", body);
        Iterator<Map.Entry<String, JsonNode>> params = response.path("responseParameters").fields();
        while (params.hasNext()) {
            Map.Entry<String, JsonNode> p = params.next();
            String value = p.getValue().asText();
            if (p.getKey().startsWith("method.response.header.") && value.length() >= 2 && value.startsWith("'")
                    && value.endsWith("'")) {
                out.header(p.getKey().substring("method.response.header.".length()),
                        value.substring(1, value.length() - 1));
            }
        }
        return out;
    }

    /** The integration response whose selectionPattern matches, else the default one (no pattern). */
    private static ObjectNode select(JsonNode responses, String status) {
        ObjectNode fallback = null;
        for (JsonNode r : responses) {
            String pattern = r.path("selectionPattern").asText("");
            if (pattern.isEmpty()) {
                fallback = (ObjectNode) r;
                continue;
            }
            try {
                if (status.matches(pattern)) {
                    return (ObjectNode) r;
                }
            } catch (PatternSyntaxException ignored) {
                // an invalid pattern never matches, as in AWS
            }
        }
        return fallback;
    }
}
