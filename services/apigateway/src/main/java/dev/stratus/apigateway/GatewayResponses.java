package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * API Gateway's own answers (gateway responses): AWS's default status, error type and body per response type, or
 * the API's customisation of that type (PutGatewayResponse), falling back to its DEFAULT_4XX / DEFAULT_5XX; templates
 * are VTL like mapping templates.
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

    /**
     * One gateway error: its response type, the x-amzn-ErrorType, the message (null renders as null), the
     * status (the type's unless given) and, for request validation, $context.error.validationErrorString.
     */
    record GatewayError(Type type, String errorType, String message, int status, String validationErrors) {
        GatewayError(Type type, String errorType, String message) {
            this(type, errorType, message, type.status, "");
        }

        GatewayError(Type type, String errorType, String message, int status) {
            this(type, errorType, message, status, "");
        }
    }

    private final Vtl vtl;

    GatewayResponses(Vtl vtl) {
        this.vtl = vtl;
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
    HttpResponse render(RestApiState api, GatewayError error, ApiRequest req, ObjectNode stage) {
        ObjectNode custom = api == null ? null : api.gatewayResponses().get(error.type().name());
        int status = error.status();
        if (custom == null && api != null) {
            custom = api.gatewayResponses().get(status >= 500 ? "DEFAULT_5XX" : "DEFAULT_4XX");
        }
        ObjectNode definition = defaultDefinition(error.type());
        String defaultTemplate = definition.path("responseTemplates").path("application/json").asText();
        if (custom != null) {
            if (custom.hasNonNull("statusCode") && custom.get("responseType").asText().equals(error.type().name())) {
                status = Integer.parseInt(custom.get("statusCode").asText());
            }
            if (custom.path("responseTemplates").has("application/json")) {
                definition.set("responseTemplates", custom.get("responseTemplates"));
            }
            definition.set("responseParameters", custom.path("responseParameters"));
        }
        Map<String, Object> variables = variables(api, error, req, stage);
        String template = definition.path("responseTemplates").path("application/json").asText();
        String body;
        try {
            body = vtl.render(template, variables);
        } catch (Vtl.TemplateException e) {
            // A broken customisation must not hide the error itself: fall back to AWS's default body.
            body = substituteDefault(defaultTemplate, error);
        }
        HttpResponse out = HttpResponse.of(status, "application/json", body.getBytes(StandardCharsets.UTF_8))
                .header("x-amzn-ErrorType", error.errorType());
        Iterator<Map.Entry<String, JsonNode>> params = definition.path("responseParameters").fields();
        while (params.hasNext()) {
            Map.Entry<String, JsonNode> p = params.next();
            if (p.getKey().startsWith("gatewayresponse.header.")) {
                String value = headerValue(p.getValue().asText(), req, stage);
                if (value != null) {
                    out.header(p.getKey().substring("gatewayresponse.header.".length()), value);
                }
            }
        }
        return out;
    }

    /** A header's source: 'literal', method.request.header.X, method.request.querystring.x, stageVariables.x. */
    private static String headerValue(String source, ApiRequest req, ObjectNode stage) {
        if (source.length() >= 2 && source.startsWith("'") && source.endsWith("'")) {
            return source.substring(1, source.length() - 1);
        }
        if (req != null && source.startsWith("method.request.header.")) {
            return req.http().header(source.substring("method.request.header.".length()));
        }
        if (req != null && source.startsWith("method.request.querystring.")) {
            List<String> values = req.http().queryParams().get(source.substring("method.request.querystring.".length()));
            return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
        }
        if (stage != null && source.startsWith("stageVariables.")) {
            JsonNode v = stage.path("variables").get(source.substring("stageVariables.".length()));
            return v == null ? null : v.asText();
        }
        return null;
    }

    /** $context (error, request id, stage, API, identity, authorizer), $stageVariables and $util. */
    private static Map<String, Object> variables(RestApiState api, GatewayError error, ApiRequest req,
                                                 ObjectNode stage) {
        Map<String, Object> context = new LinkedHashMap<>();
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("message", error.message() == null ? "" : error.message());
        err.put("messageString", quoted(error));
        err.put("responseType", error.type().name());
        err.put("validationErrorString", error.validationErrors() == null ? "" : error.validationErrors());
        context.put("error", err);
        if (req != null) {
            context.put("requestId", req.requestId());
            context.put("extendedRequestId", req.extendedRequestId());
            context.put("stage", req.stage());
            context.put("apiId", req.apiId());
            context.put("httpMethod", req.http().method());
            context.put("domainName", req.domainName());
            context.put("path", "/" + req.stage() + req.path());
            Map<String, Object> identity = new LinkedHashMap<>();
            identity.put("sourceIp", ProxyEvent.sourceIp(req));
            identity.put("userAgent", req.http().header("User-Agent"));
            context.put("identity", identity);
            if (req.caller().authorizer() != null) {
                context.put("authorizer", VtlInput.toJava(req.caller().authorizer()));
            }
        }
        if (api != null) {
            context.put("accountId", api.accountId());
        }
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("context", context);
        JsonNode stageVariables = stage == null ? null : stage.path("variables");
        vars.put("stageVariables", stageVariables != null && stageVariables.isObject()
                ? VtlInput.toJava(stageVariables) : Map.of());
        vars.put("util", new VtlUtil());
        return vars;
    }

    private static String quoted(GatewayError error) {
        return error.message() == null ? "null" : JsonNodeFactory.instance.textNode(error.message()).toString();
    }

    private static String substituteDefault(String template, GatewayError error) {
        return template.replace("$context.error.messageString", quoted(error));
    }
}
