package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.HttpResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The Lambda proxy integration's output ({statusCode, headers, multiValueHeaders, body, isBase64Encoded}). */
final class ProxyResponse {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The function's reply is not a valid proxy response: API Gateway answers 502. */
    static final class MalformedException extends Exception {
        MalformedException(String message) {
            super(message);
        }
    }

    private ProxyResponse() {
    }

    static HttpResponse toHttp(byte[] payload) throws MalformedException {
        JsonNode reply;
        try {
            reply = MAPPER.readTree(payload);
        } catch (IOException e) {
            throw new MalformedException("not JSON");
        }
        return toHttp(reply);
    }

    /** As {@link #toHttp(byte[])}, for a reply already parsed (null: the payload was empty). */
    static HttpResponse toHttp(JsonNode reply) throws MalformedException {
        if (reply == null || !reply.isObject()) {
            throw new MalformedException("not an object");
        }
        int status = status(reply.get("statusCode"));
        HttpRequest.Headers headers = new HttpRequest.Headers();
        JsonNode multi = reply.path("multiValueHeaders");
        Iterator<Map.Entry<String, JsonNode>> single = fields(reply.get("headers"));
        while (single.hasNext()) {
            Map.Entry<String, JsonNode> h = single.next();
            // A header given in both maps keeps only its multiValueHeaders values.
            if (!multi.has(h.getKey()) && !h.getValue().isNull()) {
                headers.add(h.getKey(), scalar(h.getValue()));
            }
        }
        Iterator<Map.Entry<String, JsonNode>> many = fields(reply.get("multiValueHeaders"));
        while (many.hasNext()) {
            Map.Entry<String, JsonNode> h = many.next();
            if (!h.getValue().isArray()) {
                throw new MalformedException("multiValueHeaders values must be lists");
            }
            for (JsonNode v : h.getValue()) {
                headers.add(h.getKey(), scalar(v));
            }
        }
        if (!headers.contains("Content-Type")) {
            headers.set("Content-Type", "application/json");
        }
        JsonNode bodyNode = reply.get("body");
        byte[] body;
        if (bodyNode == null || bodyNode.isNull()) {
            body = new byte[0];
        } else if (!bodyNode.isTextual()) {
            throw new MalformedException("body must be a string");
        } else if (reply.path("isBase64Encoded").asBoolean(false)) {
            try {
                body = Base64.getDecoder().decode(bodyNode.asText());
            } catch (IllegalArgumentException e) {
                throw new MalformedException("body is not base64");
            }
        } else {
            body = bodyNode.asText().getBytes(StandardCharsets.UTF_8);
        }
        return new HttpResponse(status, headers, body);
    }

    private static int status(JsonNode n) throws MalformedException {
        if (n == null || n.isNull()) {
            return 200;
        }
        int status;
        if (n.isInt()) {
            status = n.asInt();
        } else if (n.isTextual() && n.asText().matches("\\d{3}")) {
            status = Integer.parseInt(n.asText());
        } else {
            throw new MalformedException("statusCode must be an integer");
        }
        if (status < 100 || status > 599) {
            throw new MalformedException("statusCode out of range");
        }
        return status;
    }

    private static Iterator<Map.Entry<String, JsonNode>> fields(JsonNode n) throws MalformedException {
        if (n == null || n.isNull()) {
            return List.<Map.Entry<String, JsonNode>>of().iterator();
        }
        if (!n.isObject()) {
            throw new MalformedException("headers must be an object");
        }
        return n.fields();
    }

    private static String scalar(JsonNode v) throws MalformedException {
        if (v.isContainerNode()) {
            throw new MalformedException("header values must be scalars");
        }
        return v.asText();
    }
}
