package dev.stratus.lambda.runtime;

import static dev.stratus.lambda.runtime.RuntimeApiServer.errorJson;
import static dev.stratus.lambda.runtime.RuntimeApiServer.json;
import static dev.stratus.lambda.runtime.RuntimeApiServer.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The HTTP side of the Extensions API on an environment's Runtime API port: {@code register}, {@code event/next},
 * {@code init/error} and {@code exit/error} under {@code /2020-01-01/extension/}.
 */
final class ExtensionsApi {
    static final String PREFIX = "/2020-01-01/extension/";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ExtensionsChannel channel;
    private final byte[] registration;

    /** @param spec the function, described to each extension in the answer to {@code register} */
    ExtensionsApi(ExtensionsChannel channel, FunctionSpec spec) {
        this.channel = channel;
        var r = MAPPER.createObjectNode();
        r.put("functionName", spec.name());
        r.put("functionVersion", spec.version());
        r.put("handler", spec.handler() == null ? "" : spec.handler());
        r.put("accountId", spec.accountId());
        this.registration = r.toString().getBytes(StandardCharsets.UTF_8);
    }

    LoopbackHttpServer.Response handle(LoopbackHttpServer.Request req) throws InterruptedException {
        String action = req.path().substring(PREFIX.length());
        return switch (action) {
            case "register" -> post(req) ? register(req) : status(405);
            case "event/next" -> "GET".equals(req.method()) ? next(req) : status(405);
            case "init/error", "exit/error" -> post(req) ? error(req) : status(405);
            default -> json(404, errorJson("404 page not found", "NotFound"));
        };
    }

    private LoopbackHttpServer.Response register(LoopbackHttpServer.Request req) {
        String name = req.header("Lambda-Extension-Name");
        if (name == null || name.isBlank()) {
            return json(403, errorJson("Empty extension name", "Extension.InvalidExtensionName"));
        }
        Set<String> events = new HashSet<>();
        try {
            JsonNode body = req.body() == null || req.body().length == 0 ? MAPPER.createObjectNode()
                    : MAPPER.readTree(req.body());
            for (JsonNode e : body.path("events")) {
                if (!ExtensionsChannel.EVENT_TYPES.contains(e.asText())) {
                    return json(403, errorJson("Invalid event type: " + e.asText(), "Extension.InvalidEventType"));
                }
                events.add(e.asText());
            }
        } catch (IOException e) {
            return json(403, errorJson("Invalid request body", "Extension.InvalidRequest"));
        }
        ExtensionsChannel.Extension ext = channel.register(name, events);
        if (ext == null) {
            return json(403, errorJson("Extensions can only register during Init", "Extension.InvalidState"));
        }
        return new LoopbackHttpServer.Response(200, Map.of("Content-Type", "application/json",
                "Lambda-Extension-Identifier", ext.id), registration);
    }

    private LoopbackHttpServer.Response next(LoopbackHttpServer.Request req) throws InterruptedException {
        ExtensionsChannel.Extension ext = channel.get(req.header("Lambda-Extension-Identifier"));
        if (ext == null) {
            return unknown();
        }
        byte[] event = channel.next(ext);
        if (event == null) {
            return null; // closing: leave the poll unanswered
        }
        return new LoopbackHttpServer.Response(200, Map.of("Content-Type", "application/json",
                "Lambda-Extension-Event-Identifier", UUID.randomUUID().toString()), event);
    }

    private LoopbackHttpServer.Response error(LoopbackHttpServer.Request req) {
        ExtensionsChannel.Extension ext = channel.get(req.header("Lambda-Extension-Identifier"));
        if (ext == null) {
            return unknown();
        }
        String type = req.header("Lambda-Extension-Function-Error-Type");
        type = type == null || type.isBlank() ? "Extension.UnknownReason" : type;
        channel.fail(RuntimeReply.error(type, req.body() == null ? new byte[0] : req.body()));
        return json(202, "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
    }

    private static LoopbackHttpServer.Response unknown() {
        return json(403, errorJson("Unknown extension identifier", "Extension.UnknownExtensionIdentifier"));
    }

    private static boolean post(LoopbackHttpServer.Request req) {
        return "POST".equals(req.method());
    }
}
