package dev.stratus.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.HttpRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Tag sets of buckets and objects: reading them from XML or the x-amz-tagging header, checking S3's limits. */
final class Tags {
    static final int MAX_OBJECT_TAGS = 10;
    static final int MAX_BUCKET_TAGS = 50;
    static final int MAX_KEY_LENGTH = 128;
    static final int MAX_VALUE_LENGTH = 256;

    private Tags() {
    }

    /** A {@code Tagging} structure's {@code TagSet}. */
    static Map<String, String> fromTagging(JsonNode tagging, int max) {
        Map<String, String> out = new LinkedHashMap<>();
        if (tagging == null) {
            return out;
        }
        for (JsonNode t : tagging.path("TagSet")) {
            put(out, t.path("Key").asText(""), t.path("Value").asText(""));
        }
        check(out, max);
        return out;
    }

    /** The {@code x-amz-tagging} header: a URL query string of key=value pairs. */
    static Map<String, String> fromHeader(JsonNode header) {
        Map<String, String> out = new LinkedHashMap<>();
        if (header == null || header.isNull()) {
            return out;
        }
        for (Map.Entry<String, List<String>> e : HttpRequest.parseForm(header.asText()).entrySet()) {
            for (String v : e.getValue()) {
                put(out, e.getKey(), v);
            }
        }
        check(out, MAX_OBJECT_TAGS);
        return out;
    }

    private static void put(Map<String, String> out, String key, String value) {
        if (out.put(key, value) != null) {
            throw new AwsException("InvalidTag", "Cannot provide multiple Tags with the same key", 400)
                    .with("TagKey", key);
        }
    }

    private static void check(Map<String, String> tags, int max) {
        if (tags.size() > max) {
            throw new AwsException("BadRequest", max == MAX_OBJECT_TAGS ? "Object tags cannot be greater than 10"
                    : "Bucket tag count cannot be greater than 50", 400);
        }
        for (Map.Entry<String, String> e : tags.entrySet()) {
            if (e.getKey().isEmpty() || e.getKey().length() > MAX_KEY_LENGTH) {
                throw new AwsException("InvalidTag", "The TagKey you have provided is invalid", 400)
                        .with("TagKey", e.getKey());
            }
            if (e.getValue().length() > MAX_VALUE_LENGTH) {
                throw new AwsException("InvalidTag", "The TagValue you have provided is invalid", 400)
                        .with("TagKey", e.getKey()).with("TagValue", e.getValue());
            }
        }
    }

    /** The {@code TagSet} list for an output. */
    static ArrayNode tagSet(Map<String, String> tags) {
        ArrayNode set = JsonNodeFactory.instance.arrayNode();
        if (tags != null) {
            tags.forEach((k, v) -> set.addObject().put("Key", k).put("Value", v));
        }
        return set;
    }
}
