package dev.stratus.apigateway;

import static dev.stratus.apigateway.RestApiOperations.copy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import dev.stratus.apigateway.Patches.Kind;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Methods, method responses, integrations and integration responses, nested in their resource. */
final class MethodOperations {
    static final Set<String> HTTP_METHODS = Set.of("GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS", "HEAD", "ANY");
    /** What an AWS or AWS_PROXY integration URI must look like. */
    static final Pattern AWS_URI = Pattern.compile("arn:aws[a-z-]*:apigateway:[^:]+:[^:]+:(path|action)/.+");

    private final ApiStore store;

    MethodOperations(ApiStore store) {
        this.store = store;
    }

    private static ObjectNode method(RestApiState api, ObjectNode in) {
        ObjectNode resource = ResourceOperations.resource(api, in.path("resourceId").asText());
        JsonNode m = resource.path("resourceMethods").get(in.path("httpMethod").asText());
        if (m == null) {
            throw ApiErrors.notFound("Invalid Method identifier specified");
        }
        return (ObjectNode) m;
    }

    private static ObjectNode integration(RestApiState api, ObjectNode in) {
        JsonNode i = method(api, in).get("methodIntegration");
        if (i == null) {
            throw ApiErrors.notFound("Invalid Integration identifier specified");
        }
        return (ObjectNode) i;
    }

    private <T> T change(RequestContext ctx, ObjectNode in, java.util.function.Function<RestApiState, T> f) {
        return store.update(ctx, in.path("restApiId").asText(), f);
    }

    private RestApiState read(RequestContext ctx, ObjectNode in) {
        return store.get(ctx, in.path("restApiId").asText());
    }

    JsonNode putMethod(RequestContext ctx, ObjectNode in) {
        String httpMethod = in.path("httpMethod").asText();
        return change(ctx, in, api -> {
            ObjectNode resource = ResourceOperations.resource(api, in.path("resourceId").asText());
            if (!HTTP_METHODS.contains(httpMethod)) {
                throw ApiErrors.badRequest("Invalid HttpMethod specified. Valid options are "
                        + "GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY");
            }
            ObjectNode methods = resource.has("resourceMethods") ? (ObjectNode) resource.get("resourceMethods")
                    : resource.putObject("resourceMethods");
            if (methods.has(httpMethod)) {
                throw ApiErrors.conflict("Method already exists for this resource");
            }
            if (in.hasNonNull("requestValidatorId")) {
                ModelOperations.validator(api, in.get("requestValidatorId").asText());
            }
            for (JsonNode model : in.path("requestModels")) {
                ModelOperations.model(api, model.asText());
            }
            ObjectNode m = JsonNodeFactory.instance.objectNode();
            m.put("httpMethod", httpMethod);
            m.put("authorizationType", in.path("authorizationType").asText());
            copy(in, m, "authorizerId");
            m.put("apiKeyRequired", in.path("apiKeyRequired").asBoolean(false));
            copy(in, m, "requestValidatorId", "operationName", "requestParameters", "requestModels",
                    "authorizationScopes");
            methods.set(httpMethod, m);
            return m.deepCopy();
        });
    }

    JsonNode getMethod(RequestContext ctx, ObjectNode in) {
        return method(read(ctx, in), in);
    }

    JsonNode updateMethod(RequestContext ctx, ObjectNode in) {
        return change(ctx, in, api -> {
            ObjectNode m = method(api, in);
            Patches.applyAll(m, in.path("patchOperations"), Map.of("authorizationType", Kind.STRING,
                    "authorizerId", Kind.STRING, "apiKeyRequired", Kind.BOOLEAN, "operationName", Kind.STRING,
                    "requestValidatorId", Kind.STRING, "requestParameters", Kind.BOOLEAN_MAP, "requestModels",
                    Kind.MAP, "authorizationScopes", Kind.LIST));
            return m.deepCopy();
        });
    }

    JsonNode updateMethodResponse(RequestContext ctx, ObjectNode in) {
        return change(ctx, in, api -> {
            JsonNode r = method(api, in).path("methodResponses").get(in.path("statusCode").asText());
            if (r == null) {
                throw ApiErrors.notFound("Invalid Response status code specified");
            }
            Patches.applyAll((ObjectNode) r, in.path("patchOperations"), Map.of("responseParameters",
                    Kind.BOOLEAN_MAP, "responseModels", Kind.MAP));
            return r.deepCopy();
        });
    }

    JsonNode updateIntegration(RequestContext ctx, ObjectNode in) {
        return change(ctx, in, api -> {
            ObjectNode i = integration(api, in);
            Patches.applyAll(i, in.path("patchOperations"), Map.of("uri", Kind.STRING, "httpMethod", Kind.STRING,
                    "connectionType", Kind.STRING, "connectionId", Kind.STRING, "credentials", Kind.STRING,
                    "requestParameters", Kind.MAP, "requestTemplates", Kind.MAP, "passthroughBehavior", Kind.STRING,
                    "contentHandling", Kind.STRING, "timeoutInMillis", Kind.INTEGER));
            return i.deepCopy();
        });
    }

    JsonNode updateIntegrationResponse(RequestContext ctx, ObjectNode in) {
        return change(ctx, in, api -> {
            JsonNode r = integration(api, in).path("integrationResponses").get(in.path("statusCode").asText());
            if (r == null) {
                throw ApiErrors.notFound("Invalid Response status code specified");
            }
            Patches.applyAll((ObjectNode) r, in.path("patchOperations"), Map.of("selectionPattern", Kind.STRING,
                    "responseParameters", Kind.MAP, "responseTemplates", Kind.MAP, "contentHandling", Kind.STRING));
            return r.deepCopy();
        });
    }

    JsonNode deleteMethod(RequestContext ctx, ObjectNode in) {
        return change(ctx, in, api -> {
            method(api, in);
            ObjectNode resource = ResourceOperations.resource(api, in.path("resourceId").asText());
            ((ObjectNode) resource.get("resourceMethods")).remove(in.path("httpMethod").asText());
            return null;
        });
    }

    JsonNode putMethodResponse(RequestContext ctx, ObjectNode in) {
        return change(ctx, in, api -> {
            ObjectNode m = method(api, in);
            ObjectNode responses = m.has("methodResponses") ? (ObjectNode) m.get("methodResponses")
                    : m.putObject("methodResponses");
            ObjectNode r = JsonNodeFactory.instance.objectNode();
            r.put("statusCode", in.path("statusCode").asText());
            copy(in, r, "responseParameters", "responseModels");
            responses.set(in.path("statusCode").asText(), r);
            return r.deepCopy();
        });
    }

    JsonNode getMethodResponse(RequestContext ctx, ObjectNode in) {
        JsonNode r = method(read(ctx, in), in).path("methodResponses").get(in.path("statusCode").asText());
        if (r == null) {
            throw ApiErrors.notFound("Invalid Response status code specified");
        }
        return r;
    }

    JsonNode deleteMethodResponse(RequestContext ctx, ObjectNode in) {
        return change(ctx, in, api -> {
            JsonNode responses = method(api, in).get("methodResponses");
            if (responses == null || ((ObjectNode) responses).remove(in.path("statusCode").asText()) == null) {
                throw ApiErrors.notFound("Invalid Response status code specified");
            }
            return null;
        });
    }

    JsonNode putIntegration(RequestContext ctx, ObjectNode in) {
        String type = in.path("type").asText();
        String uri = in.path("uri").asText(null);
        String integrationMethod = in.path("integrationHttpMethod").asText(null);
        return change(ctx, in, api -> {
            ObjectNode m = method(api, in);
            if (!type.equals("MOCK")) {
                if (integrationMethod == null || integrationMethod.isEmpty()) {
                    throw ApiErrors.badRequest("Enumeration value for HttpMethod must be non-empty");
                }
                if (uri == null || uri.isEmpty()) {
                    throw ApiErrors.badRequest("Invalid integration URI specified");
                }
                if ((type.equals("AWS") || type.equals("AWS_PROXY")) && !AWS_URI.matcher(uri).matches()) {
                    throw ApiErrors.badRequest("AWS ARN for integration must contain path or action");
                }
                if ((type.equals("HTTP") || type.equals("HTTP_PROXY"))
                        && !(uri.startsWith("http://") || uri.startsWith("https://"))) {
                    throw ApiErrors.badRequest("Invalid HTTP endpoint specified for URI");
                }
            }
            ObjectNode i = JsonNodeFactory.instance.objectNode();
            i.put("type", type);
            if (integrationMethod != null) {
                i.put("httpMethod", integrationMethod);
            }
            if (uri != null) {
                i.put("uri", uri);
            }
            copy(in, i, "connectionType", "connectionId", "credentials", "requestParameters", "requestTemplates");
            i.put("passthroughBehavior", in.path("passthroughBehavior").asText("WHEN_NO_MATCH"));
            copy(in, i, "contentHandling");
            i.put("timeoutInMillis", in.path("timeoutInMillis").asInt(29000));
            i.put("cacheNamespace", in.path("cacheNamespace").asText(in.path("resourceId").asText()));
            i.set("cacheKeyParameters", in.has("cacheKeyParameters") ? in.get("cacheKeyParameters").deepCopy()
                    : JsonNodeFactory.instance.arrayNode());
            copy(in, i, "tlsConfig");
            m.set("methodIntegration", i);
            return i.deepCopy();
        });
    }

    JsonNode getIntegration(RequestContext ctx, ObjectNode in) {
        return integration(read(ctx, in), in);
    }

    JsonNode deleteIntegration(RequestContext ctx, ObjectNode in) {
        return change(ctx, in, api -> {
            integration(api, in);
            method(api, in).remove("methodIntegration");
            return null;
        });
    }

    JsonNode putIntegrationResponse(RequestContext ctx, ObjectNode in) {
        return change(ctx, in, api -> {
            ObjectNode i = integration(api, in);
            String status = in.path("statusCode").asText();
            if (!method(api, in).path("methodResponses").has(status)) {
                throw ApiErrors.notFound("Invalid Response status code specified");
            }
            ObjectNode responses = i.has("integrationResponses") ? (ObjectNode) i.get("integrationResponses")
                    : i.putObject("integrationResponses");
            ObjectNode r = JsonNodeFactory.instance.objectNode();
            r.put("statusCode", status);
            copy(in, r, "selectionPattern", "responseParameters", "responseTemplates", "contentHandling");
            responses.set(status, r);
            return r.deepCopy();
        });
    }

    JsonNode getIntegrationResponse(RequestContext ctx, ObjectNode in) {
        JsonNode r = integration(read(ctx, in), in).path("integrationResponses").get(in.path("statusCode").asText());
        if (r == null) {
            throw ApiErrors.notFound("Invalid Response status code specified");
        }
        return r;
    }

    JsonNode deleteIntegrationResponse(RequestContext ctx, ObjectNode in) {
        return change(ctx, in, api -> {
            JsonNode responses = integration(api, in).get("integrationResponses");
            if (responses == null || ((ObjectNode) responses).remove(in.path("statusCode").asText()) == null) {
                throw ApiErrors.notFound("Invalid Response status code specified");
            }
            return null;
        });
    }
}
