package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** API Gateway's collections: {@code items} plus an opaque {@code position} while more remain (25 by default). */
final class Pages {
    private Pages() {
    }

    static ObjectNode page(List<? extends JsonNode> all, ObjectNode input) {
        int limit = input.path("limit").asInt(25);
        if (limit <= 0 || limit > 500) {
            throw ApiErrors.badRequest("Invalid value for parameter limit. Must be between 1 and 500.");
        }
        int start = 0;
        String position = input.path("position").asText(null);
        if (position != null) {
            try {
                start = Integer.parseInt(position);
            } catch (NumberFormatException e) {
                throw ApiErrors.badRequest("Invalid position parameter");
            }
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        var items = out.putArray("items");
        int end = Math.min(all.size(), start + limit);
        for (int i = Math.max(0, start); i < end; i++) {
            items.add(all.get(i));
        }
        if (end < all.size()) {
            out.put("position", Integer.toString(end));
        }
        return out;
    }
}
