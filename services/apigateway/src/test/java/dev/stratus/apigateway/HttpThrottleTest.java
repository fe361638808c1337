package dev.stratus.apigateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Token buckets per route: the burst passes at once, then requests pass at the rate limit. */
class HttpThrottleTest {
    final HttpThrottle throttle = new HttpThrottle();
    final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

    HttpInvocation invocation(String routeKey, ObjectNode stage) {
        ObjectNode api = JsonNodeFactory.instance.objectNode().put("ApiId", "api1");
        ObjectNode route = JsonNodeFactory.instance.objectNode().put("RouteKey", routeKey);
        return new HttpInvocation(new HttpApiState("000000000000", "us-east-1", api), "$default", stage, null, "/",
                "/", route, Map.of());
    }

    @Test
    void burstThenRate() {
        ObjectNode stage = JsonNodeFactory.instance.objectNode();
        stage.putObject("DefaultRouteSettings").put("ThrottlingBurstLimit", 2).put("ThrottlingRateLimit", 1.0);
        HttpInvocation inv = invocation("GET /a", stage);
        assertThat(throttle.admit(inv, t0)).isTrue();
        assertThat(throttle.admit(inv, t0)).isTrue();
        assertThat(throttle.admit(inv, t0)).isFalse();
        assertThat(throttle.admit(inv, t0.plusMillis(500))).isFalse();
        assertThat(throttle.admit(inv, t0.plusMillis(1000))).isTrue();
        assertThat(throttle.admit(inv, t0.plusMillis(1000))).isFalse();
        assertThat(throttle.admit(inv, t0.plusSeconds(60))).isTrue();
        assertThat(throttle.admit(inv, t0.plusSeconds(60))).as("never more than the burst").isTrue();
        assertThat(throttle.admit(inv, t0.plusSeconds(60))).isFalse();
    }

    @Test
    void routeSettingsOverrideDefaultsAndNoLimitsMeansNoThrottle() {
        ObjectNode stage = JsonNodeFactory.instance.objectNode();
        stage.putObject("DefaultRouteSettings").put("ThrottlingBurstLimit", 1).put("ThrottlingRateLimit", 1.0);
        stage.putObject("RouteSettings").putObject("GET /b").put("ThrottlingBurstLimit", 0);
        assertThat(throttle.admit(invocation("GET /b", stage), t0)).isFalse();
        ObjectNode open = JsonNodeFactory.instance.objectNode();
        open.putObject("DefaultRouteSettings").put("DetailedMetricsEnabled", false);
        for (int i = 0; i < 100; i++) {
            assertThat(throttle.admit(invocation("GET /c", open), t0)).isTrue();
        }
    }
}
