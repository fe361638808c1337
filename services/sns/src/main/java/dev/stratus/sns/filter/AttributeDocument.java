package dev.stratus.sns.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/**
 * Turns SNS message attributes ({@code {name: {DataType, StringValue, BinaryValue}}}) into the document a
 * MessageAttributes-scope policy is matched against: String as text, Number as a number, String.Array as the
 * parsed array; Binary attributes are invisible to filters, as in SNS.
 */
public final class AttributeDocument {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AttributeDocument() {
    }

    public static ObjectNode of(JsonNode attributes) {
        ObjectNode doc = MAPPER.createObjectNode();
        if (attributes == null) {
            return doc;
        }
        Iterator<Map.Entry<String, JsonNode>> it = attributes.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String type = e.getValue().path("DataType").asText();
            String value = e.getValue().path("StringValue").asText(null);
            if (value == null) {
                continue;
            }
            if (type.startsWith("Number")) {
                try {
                    doc.put(e.getKey(), new BigDecimal(value.strip()));
                } catch (NumberFormatException ex) {
                    doc.put(e.getKey(), value);
                }
            } else if (type.startsWith("String.Array")) {
                try {
                    JsonNode array = MAPPER.readTree(value);
                    doc.set(e.getKey(), array != null && array.isArray() ? array : MAPPER.getNodeFactory().textNode(value));
                } catch (IOException ex) {
                    doc.put(e.getKey(), value);
                }
            } else if (type.startsWith("String")) {
                doc.put(e.getKey(), value);
            }
        }
        return doc;
    }
}
