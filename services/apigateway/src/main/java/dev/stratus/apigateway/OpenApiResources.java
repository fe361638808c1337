package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Finds or creates the resources along a path, as an import lays out an API's tree. */
final class OpenApiResources {
    private OpenApiResources() {
    }

    static ObjectNode ensure(RestApiState api, String path) {
        ObjectNode current = api.resources().get(api.api().path("rootResourceId").asText());
        StringBuilder sofar = new StringBuilder();
        for (String part : path.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            sofar.append('/').append(part);
            String parentId = current.path("id").asText();
            ObjectNode next = ResourceOperations.children(api, parentId).stream()
                    .filter(r -> r.path("pathPart").asText().equals(part)).findFirst().orElse(null);
            if (next == null) {
                next = JsonNodeFactory.instance.objectNode();
                String id;
                do {
                    id = Ids.random(6);
                } while (api.resources().containsKey(id));
                next.put("id", id);
                next.put("parentId", parentId);
                next.put("pathPart", part);
                next.put("path", sofar.toString());
                api.resources().put(id, next);
            }
            current = next;
        }
        return current;
    }
}
