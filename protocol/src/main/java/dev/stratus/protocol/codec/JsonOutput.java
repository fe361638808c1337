package dev.stratus.protocol.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.stratus.protocol.model.Member;
import dev.stratus.protocol.model.ServiceModel;
import dev.stratus.protocol.model.Shape;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a canonical output tree into the JSON body awsJson and restJson send: members renamed to their wire names
 * (API Gateway v2's {@code apiId}), timestamps in the member's format (epoch seconds unless the model says
 * iso8601/rfc822), members bound to headers or the status code left out.
 *
 * <p>Most shapes need none of that; those trees are written as they are, so DynamoDB's hot paths copy nothing.
 */
final class JsonOutput {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Per model, the names of the shapes whose trees must be rewritten for the wire. */
    private static final Map<ServiceModel, Set<String>> REWRITE = new ConcurrentHashMap<>();

    private JsonOutput() {
    }

    /** The body members of {@code value} (a structure of {@code shape}) as wire JSON. */
    static JsonNode body(Shape shape, JsonNode value) {
        if (value == null || value.isNull()) {
            return F.objectNode();
        }
        if (!needsRewrite(shape)) {
            return value;
        }
        JsonNode out = write(shape, value, 0);
        return out == null ? F.objectNode() : out;
    }

    private static JsonNode write(Shape shape, JsonNode v, int depth) {
        if (v == null || v.isNull() || depth > JsonValues.MAX_DEPTH * 2) {
            return null;
        }
        if (shape.document() || !needsRewrite(shape)) {
            return v;
        }
        switch (shape.type()) {
            case "structure" -> {
                if (!v.isObject()) {
                    return v;
                }
                ObjectNode out = F.objectNode();
                for (Member m : shape.members().values()) {
                    if (m.location() != null) {
                        continue;
                    }
                    JsonNode child = v.get(m.name());
                    JsonNode w = child == null ? null : member(m, child, depth + 1);
                    if (w != null) {
                        out.set(m.wireName(), w);
                    }
                }
                return out;
            }
            case "list" -> {
                ArrayNode out = F.arrayNode();
                for (JsonNode item : v) {
                    JsonNode w = member(shape.listMember(), item, depth + 1);
                    if (w != null) {
                        out.add(w);
                    }
                }
                return out;
            }
            case "map" -> {
                ObjectNode out = F.objectNode();
                for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    JsonNode w = member(shape.mapValue(), e.getValue(), depth + 1);
                    if (w != null) {
                        out.set(e.getKey(), w);
                    }
                }
                return out;
            }
            default -> {
                return v;
            }
        }
    }

    private static JsonNode member(Member m, JsonNode v, int depth) {
        if (v == null || v.isNull()) {
            return null;
        }
        if ("timestamp".equals(m.shape().type())) {
            return timestamp(m.timestampFormat(), v);
        }
        return write(m.shape(), v, depth);
    }

    /** A timestamp in a JSON body: epoch seconds by default, or a string in the member's declared format. */
    static JsonNode timestamp(String format, JsonNode v) {
        if (!v.isNumber() || format == null || "unixTimestamp".equals(format)) {
            return v;
        }
        var t = Timestamps.instant(v);
        return TextNode.valueOf("rfc822".equals(format) ? Timestamps.rfc822(t) : Timestamps.iso8601(t));
    }

    /** Whether any member at or below {@code shape} is renamed, bound elsewhere or reformatted. */
    static boolean needsRewrite(Shape shape) {
        return REWRITE.computeIfAbsent(shape.service(), JsonOutput::rewritingShapes).contains(shape.name());
    }

    /** The shapes that need a rewrite: those with such a member, and every shape that can reach one. */
    private static Set<String> rewritingShapes(ServiceModel model) {
        Map<String, Set<String>> referencedBy = new HashMap<>();
        Deque<String> work = new ArrayDeque<>();
        for (Shape s : model.shapes().values()) {
            if (s.document()) {
                continue;
            }
            List<Member> refs = new ArrayList<>(s.members().values());
            if (s.listMember() != null) {
                refs.add(s.listMember());
            }
            if (s.mapValue() != null) {
                refs.add(s.mapValue());
            }
            boolean direct = false;
            for (Member m : refs) {
                referencedBy.computeIfAbsent(m.shape().name(), k -> new HashSet<>()).add(s.name());
                String format = m.timestampFormat();
                boolean structMember = s.isStructure();
                direct |= structMember && (m.location() != null || !m.wireName().equals(m.name()))
                        || "timestamp".equals(m.shape().type()) && format != null && !"unixTimestamp".equals(format);
            }
            if (direct) {
                work.add(s.name());
            }
        }
        Set<String> out = new HashSet<>();
        while (!work.isEmpty()) {
            String name = work.poll();
            if (out.add(name)) {
                work.addAll(referencedBy.getOrDefault(name, Set.of()));
            }
        }
        return out;
    }
}
