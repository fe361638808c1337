package dev.stratus.apigateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RouteSelectionExpression evaluation against message bodies. */
class WebSocketRouteTest {

    @Test
    void selectsAJsonBodyMember() {
        assertThat(WebSocketRoute.select("$request.body.action", "{\"action\":\"send\"}")).isEqualTo("send");
        assertThat(WebSocketRoute.select("${request.body.action}", "{\"action\":\"send\"}")).isEqualTo("send");
        assertThat(WebSocketRoute.select("$request.body.meta.kind", "{\"meta\":{\"kind\":\"k\"}}")).isEqualTo("k");
        assertThat(WebSocketRoute.select("$request.body.n", "{\"n\":3}")).isEqualTo("3");
    }

    @Test
    void anythingElseFallsBackToDefault() {
        assertThat(WebSocketRoute.select("$request.body.action", "not json")).isNull();
        assertThat(WebSocketRoute.select("$request.body.action", "{\"other\":1}")).isNull();
        assertThat(WebSocketRoute.select("$request.body.action", "{\"action\":{\"a\":1}}")).isNull();
        assertThat(WebSocketRoute.select("$request.body.action", "{\"action\":null}")).isNull();
        assertThat(WebSocketRoute.select("$request.header.x", "{\"action\":\"a\"}")).isNull();
    }
}
