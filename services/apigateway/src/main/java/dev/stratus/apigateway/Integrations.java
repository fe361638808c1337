package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
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

/** Runs a matched method's integration: Lambda proxy (payload 1.0), HTTP proxy, or a mapped one (MOCK, AWS, HTTP). */
final class Integrations {
    private static final Logger LOG = Logger.getLogger("stratus.apigateway");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern LAMBDA_URI = Pattern.compile(
            "arn:aws[a-z-]*:apigateway:[^:]+:lambda:path/2015-03-31/functions/(.+)/invocations");

    /** Writes an event straight to UTF-8 bytes: toString() then getBytes() built and encoded a String on the way. */
    private static final ObjectWriter EVENT_WRITER = MAPPER.writer();

    private static final Pattern STAGE_VARIABLE = Pattern.compile("\\$\\{stageVariables\\.([A-Za-z0-9_]+)}");

    private final OperationRegistry registry;
    private final HttpProxy httpProxy = new HttpProxy();
    private final MappedIntegrations mapped;

    private final GatewayResponses gatewayResponses;

    Integrations(OperationRegistry registry, Vtl vtl, GatewayResponses gatewayResponses) {
        this.registry = registry;
        this.gatewayResponses = gatewayResponses;
        this.mapped = new MappedIntegrations(registry, httpProxy, vtl, gatewayResponses);
    }

    HttpResponse invoke(ApiRequest req, RestApiState api, ObjectNode stage, RouteMatcher.Match match) {
        ObjectNode integration = withStageVariables((ObjectNode) match.method().get("methodIntegration"), stage);
        String type = integration.path("type").asText();
        try {
            return switch (type) {
                case "AWS_PROXY" -> lambdaProxy(req, api, stage, match, integration);
                case "MOCK", "AWS", "HTTP" -> mapped.invoke(req, api, stage, match, integration);
                case "HTTP_PROXY" -> httpProxy.forward(req, integration, match,
                        IntegrationRequestParameters.of(integration, req, match, stage));
                default -> throw IntegrationFailure.configuration();
            };
        } catch (IntegrationFailure f) {
            return gatewayResponses.render(api, f.error(), req, stage);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "integration failed for " + req.requestId(), e);
            return gatewayResponses.render(api, IntegrationFailure.CONFIGURATION, req, stage);
        }
    }

    /** A Lambda event as the JSON bytes of an Invoke's Payload. */
    static byte[] eventBytes(JsonNode event) {
        try {
            return EVENT_WRITER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of JSON nodes always serializes", e);
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

    private HttpResponse lambdaProxy(ApiRequest req, RestApiState api, ObjectNode stage, RouteMatcher.Match match,
                                     ObjectNode integration) {
        Matcher m = LAMBDA_URI.matcher(integration.path("uri").asText());
        if (!m.matches()) {
            throw IntegrationFailure.configuration();
        }
        ObjectNode event = ProxyEvent.build(req, api, stage, match);
        ObjectNode input = JsonNodeFactory.instance.objectNode();
        input.put("FunctionName", m.group(1));
        input.set("Payload", BinaryNode.valueOf(eventBytes(event)));
        RequestContext ctx = new RequestContext(RequestIds.next(), api.accountId(), api.region(), null,
                "arn:aws:iam::" + api.accountId() + ":root", req.receivedAt());
        JsonNode out;
        try {
            out = registry.call("lambda", "Invoke", ctx, input);
        } catch (AwsException | IllegalArgumentException e) {
            // AWS answers a missing function or permission as an integration configuration error.
            throw IntegrationFailure.configuration();
        }
        if (out.hasNonNull("FunctionError")) {
            throw IntegrationFailure.badGateway();
        }
        try {
            return ProxyResponse.toHttp(out.get("Payload").binaryValue());
        } catch (IOException | ProxyResponse.MalformedException e) {
            throw IntegrationFailure.badGateway();
        }
    }
}
