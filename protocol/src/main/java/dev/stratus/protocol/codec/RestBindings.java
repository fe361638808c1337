package dev.stratus.protocol.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.model.Member;
import dev.stratus.protocol.model.Shape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The HTTP bindings restJson and restXml share: input members bound to URI labels, query parameters and headers,
 * output members bound to headers and the status code.
 */
final class RestBindings {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** Builds the protocol's error for a bound value its member's type cannot hold. */
    interface Malformed {
        AwsException of(String parameter, String value, Shape expected);
    }

    /** Where a request's bound values come from. */
    record Sources(Map<String, String> labels, Map<String, List<String>> query, Set<String> literalQuery,
                   HttpRequest.Headers headers) {
    }

    private RestBindings() {
    }

    /** Reads every URI, query and header member of {@code input} into {@code out} (canonical member names). */
    static void decode(Shape input, Sources src, ObjectNode out, Malformed malformed) {
        Set<String> boundQuery = new HashSet<>(src.literalQuery());
        Member queryMap = null;
        for (Member m : input.members().values()) {
            String loc = m.location();
            if (loc == null) {
                continue;
            }
            JsonNode v = switch (loc) {
                case "uri" -> {
                    String raw = src.labels().get(m.wireName());
                    yield raw == null ? null : scalar(m, raw, malformed);
                }
                case "querystring" -> {
                    if ("map".equals(m.shape().type()) && !m.json().has("locationName")) {
                        queryMap = m; // takes what no other member claims, so it is read last
                        yield null;
                    }
                    boundQuery.add(m.wireName());
                    yield query(m, src.query().get(m.wireName()), malformed);
                }
                case "header" -> header(m, src.headers().all(m.wireName()), malformed);
                case "headers" -> prefixedHeaders(m, src.headers());
                default -> null; // statusCode is output-only
            };
            if (v != null) {
                out.set(m.name(), v);
            }
        }
        if (queryMap != null) {
            ObjectNode map = F.objectNode();
            boolean listValues = "list".equals(queryMap.shape().mapValue().shape().type());
            for (Map.Entry<String, List<String>> e : src.query().entrySet()) {
                if (boundQuery.contains(e.getKey()) || e.getValue().isEmpty()) {
                    continue;
                }
                if (listValues) {
                    ArrayNode arr = map.putArray(e.getKey());
                    e.getValue().forEach(arr::add);
                } else {
                    map.put(e.getKey(), e.getValue().get(0));
                }
            }
            if (!map.isEmpty()) {
                out.set(queryMap.name(), map);
            }
        }
    }

    private static JsonNode query(Member m, List<String> values, Malformed malformed) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        if ("list".equals(m.shape().type())) {
            Member item = m.shape().listMember();
            ArrayNode arr = F.arrayNode();
            for (String raw : values) {
                arr.add(scalar(item, m.wireName(), raw, malformed));
            }
            return arr;
        }
        return scalar(m, values.get(0), malformed);
    }

    private static JsonNode header(Member m, List<String> values, Malformed malformed) {
        if (values.isEmpty()) {
            return null;
        }
        if ("list".equals(m.shape().type())) {
            Member item = m.shape().listMember();
            ArrayNode arr = F.arrayNode();
            for (String raw : splitHeaderList(String.join(",", values), item)) {
                arr.add(scalar(item, m.wireName(), raw, malformed));
            }
            return arr;
        }
        String raw = values.get(0);
        if ("timestamp".equals(m.shape().type())) {
            // HTTP ignores a date header it cannot read (If-Modified-Since: garbage is no condition at all).
            JsonNode t = JsonValues.scalarFromString(m.shape(), raw);
            return t != null && t.isNumber() ? t : null;
        }
        if (m.jsonValue()) {
            try {
                return AwsJsonCodec.MAPPER.readTree(Base64.getDecoder().decode(raw.trim()));
            } catch (IOException | IllegalArgumentException e) {
                throw malformed.of(m.wireName(), raw, m.shape());
            }
        }
        return scalar(m, raw, malformed);
    }

    private static JsonNode prefixedHeaders(Member m, HttpRequest.Headers headers) {
        String prefix = m.wireName().toLowerCase(Locale.ROOT);
        ObjectNode map = F.objectNode();
        for (Map.Entry<String, List<String>> h : headers.asMap().entrySet()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (name.startsWith(prefix) && name.length() > prefix.length() && !h.getValue().isEmpty()) {
                // Header names are case-insensitive, so the map keys are lower case, as S3 returns metadata.
                map.put(name.substring(prefix.length()), String.join(",", h.getValue()));
            }
        }
        return map.isEmpty() ? null : map;
    }

    private static JsonNode scalar(Member m, String raw, Malformed malformed) {
        return scalar(m, m.wireName(), raw, malformed);
    }

    private static JsonNode scalar(Member m, String parameter, String raw, Malformed malformed) {
        if ("string".equals(m.shape().type())) {
            return F.textNode(raw);
        }
        JsonNode v = JsonValues.scalarFromString(m.shape(), raw);
        if (v == null || v.isContainerNode()) {
            throw malformed.of(parameter, raw, m.shape());
        }
        return v;
    }

    /**
     * Splits a comma-separated header list; double-quoted items may hold commas. HTTP dates contain a comma of
     * their own, so a list of them is split at every second comma.
     */
    static List<String> splitHeaderList(String value, Member item) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && quoted && i + 1 < value.length()) {
                cur.append(value.charAt(++i));
            } else if (c == ',' && !quoted) {
                parts.add(cur.toString().trim());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        parts.add(cur.toString().trim());
        String format = item.timestampFormat();
        if ("timestamp".equals(item.shape().type()) && (format == null || "rfc822".equals(format))) {
            List<String> dates = new ArrayList<>();
            for (int i = 0; i < parts.size(); i += 2) {
                dates.add(i + 1 < parts.size() ? parts.get(i) + ", " + parts.get(i + 1) : parts.get(i));
            }
            return dates;
        }
        return parts;
    }

    /**
     * Writes the header and statusCode members of {@code output} onto {@code response}.
     *
     * @return the status the statusCode member asks for, or {@code defaultStatus}
     */
    static int encode(Shape output, JsonNode value, HttpRequest.Headers response, int defaultStatus) {
        int status = defaultStatus;
        if (output == null || value == null || !value.isObject()) {
            return status;
        }
        for (Member m : output.members().values()) {
            JsonNode v = value.get(m.name());
            if (m.location() == null || v == null || v.isNull()) {
                continue;
            }
            switch (m.location()) {
                case "statusCode" -> {
                    if (v.canConvertToInt() && v.intValue() >= 100 && v.intValue() <= 599) {
                        status = v.intValue();
                    }
                }
                case "header" -> {
                    String text = headerText(m, v);
                    if (text != null) {
                        response.set(m.wireName(), text);
                    }
                }
                case "headers" -> {
                    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> e = it.next();
                        if (!e.getValue().isNull()) {
                            response.set(m.wireName() + e.getKey(), headerSafe(e.getValue().asText()));
                        }
                    }
                }
                default -> {
                    // uri and querystring members do not exist on outputs
                }
            }
        }
        return status;
    }

    /** A member value as header text: http-date timestamps, comma-joined lists, base64 JSON values. */
    static String headerText(Member m, JsonNode v) {
        if (m.jsonValue()) {
            return Base64.getEncoder().encodeToString(AwsJsonCodec.write(v));
        }
        Shape s = m.shape();
        return switch (s.type()) {
            case "list" -> {
                List<String> items = new ArrayList<>();
                for (JsonNode item : v) {
                    String t = item.isNull() ? null : headerItem(s.listMember(), item);
                    if (t != null) {
                        boolean quote = "string".equals(s.listMember().shape().type())
                                && (t.indexOf(',') >= 0 || t.indexOf('"') >= 0);
                        items.add(quote ? '"' + t.replace("\\", "\\\\").replace("\"", "\\\"") + '"' : t);
                    }
                }
                yield items.isEmpty() ? null : headerSafe(String.join(", ", items));
            }
            case "map", "structure" -> null;
            default -> headerSafe(headerItem(m, v));
        };
    }

    private static String headerItem(Member m, JsonNode v) {
        if ("timestamp".equals(m.shape().type()) && v.isNumber()) {
            String f = m.timestampFormat();
            var t = Timestamps.instant(v);
            return "iso8601".equals(f) ? Timestamps.iso8601(t)
                    : "unixTimestamp".equals(f) ? v.decimalValue().toPlainString() : Timestamps.rfc822(t);
        }
        return XmlWriter.scalar(m, v);
    }

    /**
     * Header values travel as ISO-8859-1 text without line breaks: control characters become spaces (no header
     * injection), and text beyond ASCII is sent RFC 2047-encoded, as S3 does for non-ASCII metadata.
     */
    static String headerSafe(String text) {
        boolean ascii = true;
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0x7E) {
                ascii = false;
            } else if (c < 0x20 && c != '\t' || c == 0x7F) {
                if (out == null) {
                    out = new StringBuilder(text);
                }
                out.setCharAt(i, ' ');
            }
        }
        String clean = out == null ? text : out.toString();
        if (ascii) {
            return clean;
        }
        return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(clean.getBytes(StandardCharsets.UTF_8)) + "?=";
    }
}
