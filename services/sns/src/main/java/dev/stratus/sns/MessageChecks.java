package dev.stratus.sns;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.protocol.AwsException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** What Publish checks before it accepts a message: size, subject, structure and message attributes. */
final class MessageChecks {
    /** AWS: a message (with its attributes) is at most 256 KiB. */
    static final int MAX_MESSAGE_BYTES = 256 * 1024;
    /** AWS: subjects are at most 100 characters, printable ASCII without line breaks. */
    static final int MAX_SUBJECT_CHARS = 100;

    private MessageChecks() {
    }

    /** The size SNS counts: message, attribute names, types and values. */
    static int size(String message, JsonNode attributes) {
        int size = message.getBytes(StandardCharsets.UTF_8).length;
        if (attributes != null) {
            Iterator<Map.Entry<String, JsonNode>> it = attributes.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                size += e.getKey().getBytes(StandardCharsets.UTF_8).length;
                size += e.getValue().path("DataType").asText().length();
                size += e.getValue().path("StringValue").asText("").getBytes(StandardCharsets.UTF_8).length;
                JsonNode bin = e.getValue().get("BinaryValue");
                if (bin != null && bin.isBinary()) {
                    try {
                        size += bin.binaryValue().length;
                    } catch (IOException ignored) {
                        // a BinaryNode always has its bytes
                    }
                }
            }
        }
        return size;
    }

    static void checkMessage(String message, JsonNode attributes) {
        if (message == null || message.isEmpty()) {
            throw Errors.invalidParameter("Empty message");
        }
        if (size(message, attributes) > MAX_MESSAGE_BYTES) {
            throw Errors.invalidParameter("Message too long");
        }
    }

    static void checkSubject(String subject) {
        if (subject == null) {
            return;
        }
        boolean ok = !subject.isEmpty() && subject.length() <= MAX_SUBJECT_CHARS && subject.chars()
                .allMatch(c -> c >= 0x20 && c < 0x7F);
        if (!ok) {
            throw Errors.invalidParameter("Subject");
        }
    }

    /** The per-protocol messages of a MessageStructure=json publish. */
    static Map<String, String> structure(String structure, String message) {
        if (structure == null || structure.isEmpty()) {
            return Map.of();
        }
        if (!structure.equals("json")) {
            throw Errors.invalidParameter("MessageStructure");
        }
        JsonNode node;
        try {
            node = Trees.MAPPER.readTree(message);
        } catch (IOException e) {
            throw Errors.invalidParameter("Message Structure - JSON message body failed to parse");
        }
        if (node == null || !node.isObject()) {
            throw Errors.invalidParameter("Message Structure - JSON message body failed to parse");
        }
        if (!node.path("default").isTextual()) {
            throw Errors.invalidParameter("Message Structure - No default entry in JSON message body");
        }
        Map<String, String> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isTextual()
                ? e.getValue().asText() : e.getValue().toString()));
        return out;
    }

    static void checkAttributes(JsonNode attributes) {
        if (attributes == null) {
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> it = attributes.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            String type = e.getValue().path("DataType").asText();
            String value = e.getValue().path("StringValue").asText(null);
            boolean binary = e.getValue().hasNonNull("BinaryValue");
            if (!type.startsWith("String") && !type.startsWith("Number") && !type.startsWith("Binary")) {
                throw invalidValue("The message attribute '" + name + "' has an invalid message attribute type, "
                        + "the set of supported type prefixes is Binary, Number, and String.");
            }
            String base = type.startsWith("Binary") ? "Binary" : type.startsWith("Number") ? "Number" : "String";
            if (base.equals("Binary") ? !binary : value == null || value.isEmpty()) {
                throw invalidValue("The message attribute '" + name + "' must contain non-empty message attribute "
                        + "value for message attribute type '" + base + "'.");
            }
            if (base.equals("Number")) {
                try {
                    new BigDecimal(value.strip());
                } catch (NumberFormatException ex) {
                    throw invalidValue("Could not cast message attribute '" + name + "' value to number.");
                }
            }
            if (type.equals("String.Array")) {
                try {
                    if (!Trees.MAPPER.readTree(value).isArray()) {
                        throw new IOException("not an array");
                    }
                } catch (IOException ex) {
                    throw invalidValue("The message attribute '" + name + "' with type 'String.Array' has an "
                            + "invalid value: " + value);
                }
            }
        }
    }

    private static AwsException invalidValue(String message) {
        return new AwsException("ParameterValueInvalid", message);
    }
}
