package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes an HTTP API (its live configuration, or what a stage has deployed) as an OpenAPI 3.0 definition with
 * API Gateway's HTTP API extensions, as ExportApi does; ImportApi reads it back into the same routes.
 */
final class HttpOpenApiExport {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)\\}");
    /** AWS names the version of an API without one after its creation time. */
    private static final DateTimeFormatter VERSION = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'UTC'",
            Locale.ROOT).withZone(ZoneOffset.UTC);
    /** The scheme an AWS_IAM route refers to. */
    private static final String SIGV4 = "sigv4";

    private HttpOpenApiExport() {
    }

    /**
     * @param stageName the stage whose deployment is exported (with its servers entry), or null for the live API
     * @param snapshot  the routes, integrations, authorizers and CORS to write
     */
    static ObjectNode export(HttpApiState state, String stageName, HttpApiState.Snapshot snapshot,
                             boolean extensions) {
        ObjectNode api = state.api();
        ObjectNode doc = F.objectNode();
        doc.put("openapi", "3.0.1");
        ObjectNode info = doc.putObject("info");
        info.put("title", api.path("Name").asText());
        if (api.hasNonNull("Description")) {
            info.put("description", api.path("Description").asText());
        }
        info.put("version", api.hasNonNull("Version") ? api.path("Version").asText()
                : VERSION.format(Instant.ofEpochMilli((long) (api.path("CreatedDate").asDouble() * 1000))));
        if (stageName != null) {
            ObjectNode server = doc.putArray("servers").addObject();
            server.put("url", "https://" + state.id() + ".execute-api." + state.region()
                    + ".amazonaws.com/{basePath}");
            server.putObject("variables").putObject("basePath").put("default",
                    stageName.equals("$default") ? "" : stageName);
        }
        ObjectNode paths = doc.putObject("paths");
        boolean iam = false;
        List<ObjectNode> routes = snapshot.routes().values().stream()
                .sorted(Comparator.comparing(r -> r.path("RouteKey").asText())).toList();
        for (ObjectNode route : routes) {
            String key = route.path("RouteKey").asText();
            boolean defaultRoute = key.equals("$default");
            String method = defaultRoute ? "ANY" : key.substring(0, key.indexOf(' '));
            String path = defaultRoute ? "/$default" : key.substring(key.indexOf(' ') + 1);
            ObjectNode item = paths.get(path) instanceof ObjectNode existing ? existing : paths.putObject(path);
            ObjectNode op = item.putObject(method.equals("ANY") ? HttpOpenApiImport.ANY_METHOD
                    : method.toLowerCase(Locale.ROOT));
            if (defaultRoute) {
                op.put("isDefaultRoute", true);
            }
            if (route.hasNonNull("OperationName")) {
                op.put("operationId", route.path("OperationName").asText());
            }
            pathParameters(path, op);
            op.putObject("responses").putObject("default").put("description", "Default response for " + key);
            iam |= security(route, snapshot.authorizers(), op);
            String target = route.path("Target").asText("");
            ObjectNode integration = target.startsWith("integrations/")
                    ? snapshot.integrations().get(target.substring("integrations/".length())) : null;
            if (extensions && integration != null) {
                op.set(HttpOpenApiImport.INTEGRATION, integration(integration));
            }
        }
        ObjectNode schemes = securitySchemes(snapshot.authorizers(), extensions, iam);
        if (!schemes.isEmpty()) {
            doc.putObject("components").set("securitySchemes", schemes);
        }
        if (extensions && snapshot.cors() != null) {
            doc.set(HttpOpenApiImport.CORS, cors(snapshot.cors()));
        }
        if (extensions) {
            doc.put("x-amazon-apigateway-importexport-version", "1.0");
        }
        return doc;
    }

    private static void pathParameters(String path, ObjectNode op) {
        Matcher m = PATH_PARAMETER.matcher(path);
        ArrayNode parameters = null;
        while (m.find()) {
            if (parameters == null) {
                parameters = op.putArray("parameters");
            }
            ObjectNode p = parameters.addObject();
            p.put("name", m.group(1));
            p.put("in", "path");
            p.put("description", "Generated path parameter for " + m.group(1));
            p.put("required", true);
            p.putObject("schema").put("type", "string");
        }
    }

    /** The route's security requirement; true when it is AWS_IAM (which needs the sigv4 scheme). */
    private static boolean security(ObjectNode route, Map<String, ObjectNode> authorizers, ObjectNode op) {
        String type = route.path("AuthorizationType").asText("NONE");
        if (type.equals("AWS_IAM")) {
            op.putArray("security").addObject().putArray(SIGV4);
            return true;
        }
        ObjectNode authorizer = authorizers.get(route.path("AuthorizerId").asText(""));
        if (authorizer == null || type.equals("NONE")) {
            return false;
        }
        ArrayNode scopes = op.putArray("security").addObject().putArray(schemeName(authorizer));
        route.path("AuthorizationScopes").forEach(s -> scopes.add(s.asText()));
        return false;
    }

    private static String schemeName(ObjectNode authorizer) {
        return authorizer.path("Name").asText(authorizer.path("AuthorizerId").asText());
    }

    private static ObjectNode securitySchemes(Map<String, ObjectNode> authorizers, boolean extensions, boolean iam) {
        ObjectNode schemes = F.objectNode();
        for (ObjectNode a : authorizers.values()) {
            ObjectNode scheme = schemes.putObject(schemeName(a));
            ObjectNode ext = F.objectNode();
            ext.put("identitySource", String.join(", ", texts(a.path("IdentitySource"))));
            if (a.path("AuthorizerType").asText().equals("JWT")) {
                scheme.put("type", "oauth2");
                scheme.putObject("flows");
                ObjectNode jwt = ext.putObject("jwtConfiguration");
                if (a.path("JwtConfiguration").has("Audience")) {
                    jwt.set("audience", a.path("JwtConfiguration").path("Audience").deepCopy());
                }
                jwt.put("issuer", a.path("JwtConfiguration").path("Issuer").asText());
                ext.put("type", "jwt");
            } else {
                scheme.put("type", "apiKey");
                scheme.put("name", "Unused");
                scheme.put("in", "header");
                ext.put("authorizerUri", a.path("AuthorizerUri").asText());
                if (a.hasNonNull("AuthorizerCredentialsArn")) {
                    ext.put("authorizerCredentials", a.path("AuthorizerCredentialsArn").asText());
                }
                ext.put("authorizerPayloadFormatVersion", a.path("AuthorizerPayloadFormatVersion").asText());
                ext.put("authorizerResultTtlInSeconds", a.path("AuthorizerResultTtlInSeconds").asInt(0));
                ext.put("type", "request");
                ext.put("enableSimpleResponses", a.path("EnableSimpleResponses").asBoolean(false));
            }
            if (extensions) {
                scheme.set(HttpOpenApiImport.AUTHORIZER, ext);
            }
        }
        if (iam) {
            ObjectNode sigv4 = schemes.putObject(SIGV4);
            sigv4.put("type", "apiKey");
            sigv4.put("name", "Authorization");
            sigv4.put("in", "header");
            sigv4.put("x-amazon-apigateway-authtype", "awsSigv4");
        }
        return schemes;
    }

    private static List<String> texts(JsonNode array) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static ObjectNode integration(ObjectNode i) {
        ObjectNode ext = F.objectNode();
        put(ext, "payloadFormatVersion", i.path("PayloadFormatVersion"));
        ext.put("type", i.path("IntegrationType").asText().toLowerCase(Locale.ROOT));
        put(ext, "httpMethod", i.path("IntegrationMethod"));
        put(ext, "uri", i.path("IntegrationUri"));
        put(ext, "connectionType", i.path("ConnectionType"));
        put(ext, "connectionId", i.path("ConnectionId"));
        put(ext, "credentials", i.path("CredentialsArn"));
        put(ext, "integrationSubtype", i.path("IntegrationSubtype"));
        put(ext, "description", i.path("Description"));
        if (i.has("TimeoutInMillis")) {
            ext.put("timeoutInMillis", i.path("TimeoutInMillis").asInt());
        }
        if (i.get("RequestParameters") instanceof ObjectNode p) {
            ext.set("requestParameters", p.deepCopy());
        }
        if (i.get("ResponseParameters") instanceof ObjectNode p) {
            ext.set("responseParameters", p.deepCopy());
        }
        if (i.path("TlsConfig").hasNonNull("ServerNameToVerify")) {
            ext.putObject("tlsConfig").put("serverNameToVerify", i.path("TlsConfig").path("ServerNameToVerify")
                    .asText());
        }
        return ext;
    }

    private static void put(ObjectNode to, String field, JsonNode value) {
        if (value.isValueNode() && !value.isNull()) {
            to.put(field, value.asText());
        }
    }

    private static ObjectNode cors(ObjectNode c) {
        ObjectNode ext = F.objectNode();
        c.fields().forEachRemaining(e -> ext.set(Character.toLowerCase(e.getKey().charAt(0)) + e.getKey()
                .substring(1), e.getValue().deepCopy()));
        return ext;
    }
}
