package dev.stratus.apigateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Resource matching: literal over {param} over {proxy+}, exact method or ANY, the most specific resource decides. */
class RouteMatcherTest {
    final Map<String, ObjectNode> tree = new LinkedHashMap<>();

    RouteMatcherTest() {
        add("root", null, null, "/");
        add("proxy", "root", "{proxy+}", "/{proxy+}", "ANY");
        add("pets", "root", "pets", "/pets", "GET");
        add("pet", "pets", "{petId}", "/pets/{petId}", "GET", "DELETE");
        add("mine", "pets", "mine", "/pets/mine", "POST");
        add("files", "root", "files", "/files");
        add("file", "files", "{key+}", "/files/{key+}", "PUT");
    }

    void add(String id, String parent, String part, String path, String... methods) {
        ObjectNode r = JsonNodeFactory.instance.objectNode().put("id", id).put("path", path);
        if (parent != null) {
            r.put("parentId", parent).put("pathPart", part);
        }
        for (String m : methods) {
            r.with("resourceMethods").putObject(m).put("httpMethod", m);
        }
        tree.put(id, r);
    }

    RouteMatcher.Match match(String method, String path) {
        return new RouteMatcher(tree).match(method, path);
    }

    @Test
    void literalsWinOverParametersWhichWinOverTheGreedyProxy() {
        assertThat(match("POST", "/pets/mine").resource().path("id").asText()).isEqualTo("mine");
        RouteMatcher.Match pet = match("GET", "/pets/7");
        assertThat(pet.resource().path("id").asText()).isEqualTo("pet");
        assertThat(pet.pathParameters()).containsExactly(Map.entry("petId", "7"));
        RouteMatcher.Match deep = match("GET", "/pets/7/toys/1");
        assertThat(deep.resource().path("id").asText()).isEqualTo("proxy");
        assertThat(deep.pathParameters()).containsExactly(Map.entry("proxy", "pets/7/toys/1"));
        assertThat(match("PUT", "/files/a/b.txt").pathParameters()).containsExactly(Map.entry("key", "a/b.txt"));
    }

    @Test
    void theMostSpecificResourceMustHaveTheMethodOrAny() {
        assertThat(match("GET", "/pets/mine")).isNull();
        assertThat(match("DELETE", "/pets/7").method().path("httpMethod").asText()).isEqualTo("DELETE");
        assertThat(match("PATCH", "/anything").method().path("httpMethod").asText()).isEqualTo("ANY");
        assertThat(match("GET", "/")).isNull();
        assertThat(match("GET", "/files")).isNull();
    }
}
