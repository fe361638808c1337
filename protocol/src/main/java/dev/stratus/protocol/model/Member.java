package dev.stratus.protocol.model;

import com.fasterxml.jackson.databind.JsonNode;

/** A reference from an aggregate shape to a target shape, with its wire traits (location, names, flattening). */
public final class Member {
    private final ServiceModel service;
    private final String name;
    private final JsonNode json;
    private final String target;
    /** Resolved on first use (the service's shapes are not all built yet when members are): codecs ask per value. */
    private Shape shape;
    private final String location;

    Member(ServiceModel service, String name, JsonNode json) {
        this.service = service;
        this.name = name;
        this.json = json;
        this.target = json.path("shape").asText();
        this.location = json.path("location").asText(null);
    }

    public String name() {
        return name;
    }

    public Shape shape() {
        Shape s = shape;
        if (s == null) {
            s = service.shape(target); // a benign race: every thread finds the same shape
            shape = s;
        }
        return s;
    }

    /** header, headers, uri, querystring, statusCode, or null for the body. */
    public String location() {
        return location;
    }

    /** The wire name: the member's locationName, else the target shape's, else the member name (as botocore). */
    public String wireName() {
        String ln = locationName();
        return ln != null ? ln : name;
    }

    /** locationName when given on the member or its target shape (used by XML list members), else null. */
    public String locationName() {
        String ln = json.path("locationName").asText(null);
        return ln != null ? ln : shape().locationName();
    }

    public String queryName() {
        return json.path("queryName").asText(null);
    }

    public boolean flattened() {
        return json.path("flattened").asBoolean(false) || shape().flattened();
    }

    /** Whether the member's blob streams (botocore puts the trait on the member, older models on its shape). */
    public boolean streaming() {
        return json.path("streaming").asBoolean(false) || shape().streaming();
    }

    public boolean xmlAttribute() {
        return json.path("xmlAttribute").asBoolean(false);
    }

    public boolean idempotencyToken() {
        return json.path("idempotencyToken").asBoolean(false);
    }

    public boolean jsonValue() {
        return json.path("jsonvalue").asBoolean(false);
    }

    public boolean hostLabel() {
        return json.path("hostLabel").asBoolean(false);
    }

    public String timestampFormat() {
        String f = json.path("timestampFormat").asText(null);
        return f != null ? f : shape().timestampFormat();
    }

    public String xmlNamespaceUri() {
        return json.path("xmlNamespace").path("uri").asText(null);
    }

    public String xmlNamespacePrefix() {
        return json.path("xmlNamespace").path("prefix").asText(null);
    }

    public JsonNode json() {
        return json;
    }

    @Override
    public String toString() {
        return name + "->" + target;
    }
}
