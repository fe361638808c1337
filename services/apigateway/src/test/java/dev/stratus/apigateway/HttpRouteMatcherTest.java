package dev.stratus.apigateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** HTTP API route selection: most specific route first, exact method over ANY, $default for the rest. */
class HttpRouteMatcherTest {
    final List<ObjectNode> routes = new ArrayList<>();

    HttpRouteMatcherTest() {
        for (String key : List.of("ANY /{proxy+}", "GET /pets", "GET /pets/{id}", "ANY /pets/{id}", "POST /pets/mine",
                "GET /pets/{id}/toys/{toy}", "GET /pets/{id}/{rest+}", "GET /")) {
            routes.add(JsonNodeFactory.instance.objectNode().put("RouteKey", key));
        }
    }

    String key(String method, String path) {
        HttpRouteMatcher.Match m = HttpRouteMatcher.match(routes, method, path);
        return m == null ? null : m.route().path("RouteKey").asText();
    }

    @Test
    void literalOverParameterOverGreedy() {
        assertThat(key("GET", "/pets")).isEqualTo("GET /pets");
        assertThat(key("GET", "/pets/7")).isEqualTo("GET /pets/{id}");
        assertThat(key("DELETE", "/pets/7")).isEqualTo("ANY /pets/{id}");
        assertThat(key("POST", "/pets/mine")).isEqualTo("POST /pets/mine");
        assertThat(key("GET", "/pets/mine")).as("a literal without the method falls back").isEqualTo("GET /pets/{id}");
        assertThat(key("GET", "/pets/7/toys/ball")).isEqualTo("GET /pets/{id}/toys/{toy}");
        assertThat(key("GET", "/pets/7/toys/ball/red")).isEqualTo("GET /pets/{id}/{rest+}");
        assertThat(key("PUT", "/anything/at/all")).isEqualTo("ANY /{proxy+}");
        assertThat(key("GET", "/")).isEqualTo("GET /");
        assertThat(key("POST", "/")).as("greedy needs a segment").isNull();
    }

    @Test
    void pathParametersAndDefault() {
        assertThat(HttpRouteMatcher.match(routes, "GET", "/pets/7/a/b").pathParameters())
                .isEqualTo(Map.of("id", "7", "rest", "a/b"));
        routes.add(JsonNodeFactory.instance.objectNode().put("RouteKey", "$default"));
        assertThat(key("POST", "/")).isEqualTo("$default");
        assertThat(key("GET", "/pets")).isEqualTo("GET /pets");
    }
}
