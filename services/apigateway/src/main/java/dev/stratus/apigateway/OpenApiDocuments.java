package dev.stratus.apigateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Reading OpenAPI/Swagger definitions from JSON or YAML, and writing exports in either. */
final class OpenApiDocuments {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build());

    private OpenApiDocuments() {
    }

    /** The definition as a tree; JSON is valid YAML, so one YAML parser reads both. */
    static ObjectNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw ApiErrors.badRequest("Invalid OpenAPI input.");
        }
        JsonNode tree;
        try {
            tree = YAML.readTree(body);
        } catch (IOException e) {
            throw ApiErrors.badRequest("Invalid OpenAPI input.");
        }
        if (tree == null || !tree.isObject()) {
            throw ApiErrors.badRequest("Invalid OpenAPI input.");
        }
        return (ObjectNode) tree;
    }

    static byte[] write(JsonNode doc, boolean yaml) {
        try {
            return yaml ? YAML.writeValueAsBytes(doc)
                    : JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A model's schema text as a tree (an unparseable one as an empty object). */
    static ObjectNode schema(String text) {
        try {
            JsonNode n = text == null ? null : JSON.readTree(text);
            return n instanceof ObjectNode o ? o : JSON.createObjectNode();
        } catch (JsonProcessingException e) {
            return JSON.createObjectNode();
        }
    }

    static String text(JsonNode schema) {
        try {
            return JSON.writeValueAsString(schema);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
