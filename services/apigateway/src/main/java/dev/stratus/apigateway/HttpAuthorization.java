package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.protocol.HttpResponse;

/** What an authorizer decided: go on with this requestContext.authorizer value, or answer with this response. */
sealed interface HttpAuthorization {
    /** The request may reach the integration; {@code context} becomes requestContext.authorizer. */
    record Allowed(JsonNode context) implements HttpAuthorization {
    }

    /** The gateway answers without calling the integration. */
    record Denied(HttpResponse response) implements HttpAuthorization {
    }

    static Denied unauthorized() {
        return new Denied(ExecuteApi.error(401, "UnauthorizedException", "Unauthorized"));
    }

    static Denied forbidden() {
        return new Denied(ExecuteApi.error(403, "AccessDeniedException", "Forbidden"));
    }
}
