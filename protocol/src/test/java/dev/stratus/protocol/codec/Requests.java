package dev.stratus.protocol.codec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.HttpResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Builds HTTP requests for codec tests the way the SDKs send them. */
final class Requests {
    private final String method;
    private final String path;
    private String query = "";
    private final HttpRequest.Headers headers = new HttpRequest.Headers();
    private byte[] body = new byte[0];

    private Requests(String method, String path) {
        this.method = method;
        int q = path.indexOf('?');
        this.path = q < 0 ? path : path.substring(0, q);
        this.query = q < 0 ? "" : path.substring(q + 1);
    }

    static Requests request(String method, String pathAndQuery) {
        return new Requests(method, pathAndQuery);
    }

    Requests header(String name, String value) {
        headers.add(name, value);
        return this;
    }

    Requests body(String text) {
        return body(text.getBytes(StandardCharsets.UTF_8));
    }

    Requests body(byte[] bytes) {
        this.body = bytes;
        return this;
    }

    HttpRequest build() {
        return new HttpRequest(method, path, query, headers, body);
    }

    static String text(HttpResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    static JsonNode json(HttpResponse response) {
        try {
            return AwsJsonCodec.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return AwsJsonCodec.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
