package dev.stratus.apigateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Template selection expressions of WebSocket non-proxy integrations. */
class WebSocketMappedIntegrationTest {

    @Test
    void templateSelectionKeys() {
        assertThat(WebSocketMappedIntegration.selectionKey(null, "{}")).isEqualTo("$default");
        assertThat(WebSocketMappedIntegration.selectionKey("\\$default", "{}")).isEqualTo("$default");
        assertThat(WebSocketMappedIntegration.selectionKey("$request.body.kind", "{\"kind\":\"a\"}")).isEqualTo("a");
        assertThat(WebSocketMappedIntegration.selectionKey("${request.body.kind}", "{\"kind\":\"a\"}")).isEqualTo("a");
        assertThat(WebSocketMappedIntegration.selectionKey("$request.body.kind", "not json")).isEqualTo("$default");
        assertThat(WebSocketMappedIntegration.selectionKey("application/json", "{}")).isEqualTo("application/json");
    }
}
