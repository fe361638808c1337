package dev.stratus.protocol.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** One operation of a service model: its HTTP binding, input, output and declared errors. */
public final class OperationModel {
    private final ServiceModel service;
    private final String name;
    private final JsonNode json;
    private final RequestUriTemplate uriTemplate;
    /** Resolved on first use (shapes are built after operations are read); every request asks for them. */
    private volatile Shape[] inputAndOutput;

    OperationModel(ServiceModel service, String name, JsonNode json) {
        this.service = service;
        this.name = name;
        this.json = json;
        this.uriTemplate = new RequestUriTemplate(requestUri());
    }

    public String name() {
        return name;
    }

    public ServiceModel service() {
        return service;
    }

    public String httpMethod() {
        return json.path("http").path("method").asText("POST");
    }

    public String requestUri() {
        return json.path("http").path("requestUri").asText("/");
    }

    public RequestUriTemplate uriTemplate() {
        return uriTemplate;
    }

    public int responseCode() {
        return json.path("http").path("responseCode").asInt(200);
    }

    /** The input shape, or null when the operation takes none. */
    public Shape input() {
        return inputAndOutput()[0];
    }

    public Shape output() {
        return inputAndOutput()[1];
    }

    private Shape[] inputAndOutput() {
        Shape[] io = inputAndOutput;
        if (io == null) {
            String in = json.path("input").path("shape").asText(null);
            String out = json.path("output").path("shape").asText(null);
            io = new Shape[] {in == null ? null : service.shape(in), out == null ? null : service.shape(out)};
            inputAndOutput = io; // a benign race: every thread resolves the same shapes
        }
        return io;
    }

    /** The query protocol's result wrapper element, e.g. {@code GetCallerIdentityResult}. */
    public String resultWrapper() {
        return json.path("output").path("resultWrapper").asText(null);
    }

    public List<Shape> errors() {
        List<Shape> out = new ArrayList<>();
        json.path("errors").forEach(e -> out.add(service.shape(e.path("shape").asText())));
        return out;
    }

    public boolean deprecated() {
        return json.path("deprecated").asBoolean(false);
    }

    public JsonNode json() {
        return json;
    }

    @Override
    public String toString() {
        return service.serviceId() + "." + name;
    }
}
