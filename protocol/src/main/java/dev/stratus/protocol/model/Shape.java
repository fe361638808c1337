package dev.stratus.protocol.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** One shape of a service model: a type with its constraints and, for aggregates, its members. */
public final class Shape {
    private final ServiceModel service;
    private final String name;
    private final JsonNode json;
    private final String type;
    private final Map<String, Member> members = new LinkedHashMap<>();
    private final Set<String> required = new LinkedHashSet<>();
    private final List<String> enumValues;
    private final Member listMember;
    private final Member mapKey;
    private final Member mapValue;
    private final boolean document;
    private volatile Pattern pattern;
    private volatile boolean patternCompiled;

    Shape(ServiceModel service, String name, JsonNode json) {
        this.service = service;
        this.name = name;
        this.json = json;
        this.type = json.path("type").asText();
        this.document = json.path("document").asBoolean(false);
        json.path("members").fields().forEachRemaining(e ->
                members.put(e.getKey(), new Member(service, e.getKey(), e.getValue())));
        json.path("required").forEach(r -> required.add(r.asText()));
        List<String> en = new ArrayList<>();
        json.path("enum").forEach(v -> en.add(v.asText()));
        this.enumValues = Collections.unmodifiableList(en);
        this.listMember = json.has("member") ? new Member(service, "member", json.get("member")) : null;
        this.mapKey = json.has("key") ? new Member(service, "key", json.get("key")) : null;
        this.mapValue = json.has("value") ? new Member(service, "value", json.get("value")) : null;
    }

    public String name() {
        return name;
    }

    /** structure, list, map, string, integer, long, float, double, bigdecimal, biginteger, boolean, timestamp, blob. */
    public String type() {
        return type;
    }

    public boolean isStructure() {
        return "structure".equals(type);
    }

    public Map<String, Member> members() {
        return members;
    }

    public Member member(String memberName) {
        return members.get(memberName);
    }

    public Set<String> required() {
        return required;
    }

    public List<String> enumValues() {
        return enumValues;
    }

    public Member listMember() {
        return listMember;
    }

    public Member mapKey() {
        return mapKey;
    }

    public Member mapValue() {
        return mapValue;
    }

    public Double min() {
        return json.has("min") ? json.get("min").asDouble() : null;
    }

    public Double max() {
        return json.has("max") ? json.get("max").asDouble() : null;
    }

    /** The model's regular expression, or null when absent or not expressible in Java. */
    public Pattern pattern() {
        if (!patternCompiled) {
            String p = json.path("pattern").asText(null);
            Pattern compiled = null;
            if (p != null) {
                try {
                    compiled = Pattern.compile(p);
                } catch (PatternSyntaxException e) {
                    compiled = null;
                }
            }
            pattern = compiled;
            patternCompiled = true;
        }
        return pattern;
    }

    public String patternSource() {
        return json.path("pattern").asText(null);
    }

    public boolean flattened() {
        return json.path("flattened").asBoolean(false);
    }

    public String locationName() {
        return json.path("locationName").asText(null);
    }

    public String timestampFormat() {
        return json.path("timestampFormat").asText(null);
    }

    public String payload() {
        return json.path("payload").asText(null);
    }

    public boolean isException() {
        return json.path("exception").asBoolean(false);
    }

    public boolean streaming() {
        return json.path("streaming").asBoolean(false);
    }

    public boolean document() {
        return document;
    }

    /** The wire error code: error.code when the model gives one, otherwise the shape name. */
    public String errorCode() {
        return json.path("error").path("code").asText(name);
    }

    /** The HTTP status of an error shape, or 0 when the model is silent. */
    public int errorStatus() {
        return json.path("error").path("httpStatusCode").asInt(0);
    }

    public boolean senderFault() {
        return json.path("error").path("senderFault").asBoolean(!"server".equals(json.path("fault").asText()));
    }

    public String xmlNamespaceUri() {
        return json.path("xmlNamespace").path("uri").asText(null);
    }

    public JsonNode json() {
        return json;
    }

    public ServiceModel service() {
        return service;
    }

    @Override
    public String toString() {
        return name + ":" + type;
    }
}
