package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.apigateway.GatewayResponses.GatewayError;
import java.time.Instant;

/**
 * Admission of a WebSocket route invocation ($connect or a message): the route's API key, when it has
 * ApiKeyRequired, checked against the REST usage plans of the stage (their throttle and quota apply), then the
 * stage's DefaultRouteSettings / RouteSettings throttle. A refusal is the gateway error to answer with: on $connect
 * its status refuses the upgrade, on a message its text comes back as the error frame.
 */
final class WebSocketAdmission {
    /** The expression that takes the key from the $connect authorizer's reply. */
    static final String FROM_AUTHORIZER = "$context.authorizer.usageIdentifierKey";

    private final UsageGuard usage;
    private final HttpThrottle throttle = new HttpThrottle();

    WebSocketAdmission(UsageGuard usage) {
        this.usage = usage;
    }

    /** What admission decided: the key that was used (its id and value), or the refusal. */
    record Verdict(String apiKeyId, String apiKey, GatewayError refusal) {
        static final Verdict ADMITTED = new Verdict(null, null, null);
    }

    Verdict admit(WebSocketConnection connection, ObjectNode route, Instant now) {
        WebSocketRoute.Target target = connection.target();
        HttpApiState api = target.api();
        String routeKey = route.path("RouteKey").asText();
        Verdict verdict = Verdict.ADMITTED;
        if (route.path("ApiKeyRequired").asBoolean(false)) {
            String value = apiKey(connection);
            UsageGuard.KeyVerdict key = usage.admitKey(api.accountId(), api.region(), api.id(), target.stage(), value,
                    routeKey, now);
            if (key.refusal() != null) {
                return new Verdict(null, null, key.refusal());
            }
            verdict = new Verdict(key.keyId(), value, null);
        }
        ObjectNode stage = api.stages().get(target.stage());
        if (stage != null && !throttle.admit(api.id(), target.stage(), stage, routeKey, now)) {
            return new Verdict(null, null, UsageGuard.THROTTLED);
        }
        return verdict;
    }

    /**
     * The API key the API's ApiKeySelectionExpression selects: the upgrade's {@code x-api-key} header, or the
     * $connect authorizer's {@code usageIdentifierKey}.
     */
    private static String apiKey(WebSocketConnection connection) {
        String expression = connection.target().api().api().path("ApiKeySelectionExpression")
                .asText("$request.header.x-api-key");
        if (expression.equals(FROM_AUTHORIZER)) {
            return connection.usageIdentifierKey();
        }
        return connection.upgrade().header("x-api-key");
    }
}
