package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * API Gateway's own answers (gateway responses): AWS's default status, error type and body per response type, or
 * the API's customisation of that type (PutGatewayResponse), falling back to its DEFAULT_4XX / DEFAULT_5XX.
 */
final class GatewayResponses {
    private static final String DEFAULT_TEMPLATE = "{\"message\":$context.error.messageString}";
    /** ACCESS_DENIED is the one type whose default body says "Message". */
    private static final String ACCESS_DENIED_TEMPLATE = "{\"Message\":$context.error.messageString}";

    /** The gateway response types with AWS's default status codes (DEFAULT_* apply to their class). */
    enum Type {
        ACCESS_DENIED(403), API_CONFIGURATION_ERROR(500), AUTHORIZER_CONFIGURATION_ERROR(500),
        AUTHORIZER_FAILURE(500), BAD_REQUEST_PARAMETERS(400), BAD_REQUEST_BODY(400), DEFAULT_4XX(0),
        DEFAULT_5XX(0), EXPIRED_TOKEN(403), INTEGRATION_FAILURE(504), INTEGRATION_TIMEOUT(504),
        INVALID_API_KEY(403), INVALID_SIGNATURE(403), MISSING_AUTHENTICATION_TOKEN(403), QUOTA_EXCEEDED(429),
        REQUEST_TOO_LARGE(413), RESOURCE_NOT_FOUND(404), THROTTLED(429), UNAUTHORIZED(401),
        UNSUPPORTED_MEDIA_TYPE(415), WAF_FILTERED(403);

        final int status;

        Type(int status) {
            this.status = status;
        }

        static List<String> names() {
            return Arrays.stream(values()).map(Enum::name).toList();
        }
    }

    /** One gateway error: its response type, the x-amzn-ErrorType, and the message (null renders as null). */
    record GatewayError(Type type, String errorType, String message) {
    }

    private GatewayResponses() {
    }

    /** AWS's default definition of a type, as GetGatewayResponse shows it when the API has not customised it. */
    static ObjectNode defaultDefinition(Type type) {
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.put("responseType", type.name());
        if (type.status != 0) {
            r.put("statusCode", Integer.toString(type.status));
        }
        r.putObject("responseParameters");
        r.putObject("responseTemplates").put("application/json",
                type == Type.ACCESS_DENIED ? ACCESS_DENIED_TEMPLATE : DEFAULT_TEMPLATE);
        r.put("defaultResponse", true);
        return r;
    }

    /** The response for an error, customised by the API when it has a gateway response for the type. */
    static HttpResponse render(RestApiState api, GatewayError error, String requestId) {
        ObjectNode custom = api == null ? null : api.gatewayResponses().get(error.type().name());
        int status = error.type().status;
        if (custom == null && api != null) {
            custom = api.gatewayResponses().get(status >= 500 ? "DEFAULT_5XX" : "DEFAULT_4XX");
        }
        ObjectNode definition = defaultDefinition(error.type());
        if (custom != null) {
            if (custom.hasNonNull("statusCode") && custom.get("responseType").asText().equals(error.type().name())) {
                status = Integer.parseInt(custom.get("statusCode").asText());
            }
            if (custom.path("responseTemplates").has("application/json")) {
                definition.set("responseTemplates", custom.get("responseTemplates"));
            }
            definition.set("responseParameters", custom.path("responseParameters"));
        }
        String body = substitute(definition.path("responseTemplates").path("application/json").asText(), error,
                requestId);
        HttpResponse out = HttpResponse.of(status, "application/json", body.getBytes(StandardCharsets.UTF_8))
                .header("x-amzn-ErrorType", error.errorType());
        Iterator<Map.Entry<String, JsonNode>> params = definition.path("responseParameters").fields();
        while (params.hasNext()) {
            Map.Entry<String, JsonNode> p = params.next();
            String value = p.getValue().asText();
            if (p.getKey().startsWith("gatewayresponse.header.") && value.length() >= 2 && value.startsWith("'")
                    && value.endsWith("'")) {
                out.header(p.getKey().substring("gatewayresponse.header.".length()),
                        value.substring(1, value.length() - 1));
            }
        }
        return out;
    }

    /** The $context variables a gateway response template may use (a template is not otherwise evaluated). */
    private static String substitute(String template, GatewayError error, String requestId) {
        String quoted = error.message() == null ? "null"
                : JsonNodeFactory.instance.textNode(error.message()).toString();
        return template.replace("$context.error.messageString", quoted)
                .replace("$context.error.message", error.message() == null ? "" : error.message())
                .replace("$context.error.responseType", error.type().name())
                .replace("$context.requestId", requestId == null ? "" : requestId);
    }
}
