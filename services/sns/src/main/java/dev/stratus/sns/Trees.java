package dev.stratus.sns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Small conversions between the canonical tree and the records. */
final class Trees {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();

    private Trees() {
    }

    static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText());
            }
        }
        return out;
    }

    static ObjectNode object(Map<String, String> map) {
        ObjectNode o = NODES.objectNode();
        map.forEach(o::put);
        return o;
    }

    /** {@code [{Key, Value}]} as a map, later keys winning. */
    static Map<String, String> tags(JsonNode list) {
        Map<String, String> out = new LinkedHashMap<>();
        if (list != null) {
            for (JsonNode t : list) {
                out.put(t.path("Key").asText(), t.path("Value").asText(""));
            }
        }
        return out;
    }

    static String text(JsonNode input, String member) {
        JsonNode v = input.get(member);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** One page of {@code items} after the token, with the next token when more remain. */
    static <T> ObjectNode page(List<T> items, String token, int pageSize, Function<T, String> key,
                               String listMember, Function<T, JsonNode> render) {
        items = items.stream().sorted(java.util.Comparator.comparing(key)).toList();
        int start = 0;
        if (token != null && !token.isEmpty()) {
            String after;
            try {
                after = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw Errors.invalidParameter("NextToken");
            }
            while (start < items.size() && key.apply(items.get(start)).compareTo(after) <= 0) {
                start++;
            }
        }
        ObjectNode out = NODES.objectNode();
        ArrayNode list = out.putArray(listMember);
        int end = Math.min(items.size(), start + pageSize);
        for (int i = start; i < end; i++) {
            list.add(render.apply(items.get(i)));
        }
        if (end < items.size()) {
            out.put("NextToken", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(key.apply(items.get(end - 1)).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }
}
