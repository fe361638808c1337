package dev.stratus.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.AwsException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** One IAM tag; IAM compares tag keys without regard to case. */
record Tag(String key, String value) {
    /** Tags per role, user or policy (IAM quotas). */
    static final int MAX_TAGS = 50;

    /** Tags from an input's {@code Tags} list; refuses keys given twice. */
    static List<Tag> fromInput(JsonNode tags) {
        List<Tag> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode t : tags) {
            String key = t.path("Key").asText();
            if (!seen.add(key.toLowerCase(Locale.ROOT))) {
                throw new AwsException("InvalidInput",
                        "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
            }
            out.add(new Tag(key, t.path("Value").asText("")));
        }
        return out;
    }

    /** {@code existing} with {@code added} put in (an existing key, in any case, takes the new value). */
    static List<Tag> merge(List<Tag> existing, List<Tag> added, String quota) {
        List<Tag> out = new ArrayList<>(existing);
        for (Tag t : added) {
            out.removeIf(e -> e.key.equalsIgnoreCase(t.key));
            out.add(t);
        }
        if (out.size() > MAX_TAGS) {
            throw new AwsException("LimitExceeded", "Cannot exceed quota for " + quota + ": " + MAX_TAGS);
        }
        return out;
    }

    static List<Tag> remove(List<Tag> existing, JsonNode keys) {
        List<Tag> out = new ArrayList<>(existing);
        for (JsonNode k : keys) {
            out.removeIf(e -> e.key.equalsIgnoreCase(k.asText()));
        }
        return out;
    }

    /** A List*Tags output: tags ordered by key, paginated. */
    static ObjectNode page(List<Tag> tags, JsonNode input) {
        List<Tag> sorted = tags.stream().sorted(java.util.Comparator.comparing(Tag::key)).toList();
        return Pages.page(sorted, Tag::key, t -> JsonNodeFactory.instance.objectNode().put("Key", t.key)
                .put("Value", t.value), input, "Tags", JsonNodeFactory.instance.objectNode());
    }

    /** Writes {@code Tags} when there are any: IAM leaves the element out otherwise. */
    static void putIfAny(ObjectNode n, List<Tag> tags) {
        if (!tags.isEmpty()) {
            n.set("Tags", toNode(tags));
        }
    }

    static ArrayNode toNode(List<Tag> tags) {
        ArrayNode arr = JsonNodeFactory.instance.arrayNode();
        for (Tag t : tags) {
            arr.addObject().put("Key", t.key).put("Value", t.value);
        }
        return arr;
    }
}
