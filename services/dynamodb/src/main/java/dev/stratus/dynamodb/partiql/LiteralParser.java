package dev.stratus.dynamodb.partiql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.dynamodb.partiql.PartiqlLexer.Kind;
import dev.stratus.dynamodb.partiql.PartiqlLexer.Token;
import dev.stratus.dynamodb.value.AttributeValues;
import java.util.ArrayList;
import java.util.List;

/** PartiQL literals and {@code ?} parameters as AttributeValues: strings, numbers, booleans, NULL, lists, maps, sets. */
final class LiteralParser {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final TokenCursor in;
    private final JsonNode parameters;
    private int nextParameter;

    LiteralParser(TokenCursor in, JsonNode parameters) {
        this.in = in;
        this.parameters = parameters;
    }

    /** How many parameters the statement has consumed so far. */
    int parametersUsed() {
        return nextParameter;
    }

    static boolean startsValue(Token t) {
        return switch (t.kind()) {
            case STRING, NUMBER, PARAM -> true;
            case PUNCT -> t.is("[") || t.is("{") || t.is("<<") || t.is("-");
            case NAME -> t.is("TRUE") || t.is("FALSE") || t.is("NULL");
            default -> false;
        };
    }

    /** A literal or parameter as an AttributeValue (validated, numbers normalised). */
    JsonNode value() {
        Token t = in.next();
        JsonNode out = switch (t.kind()) {
            case STRING -> AttributeValues.s(t.text());
            case NUMBER -> number(t.text());
            case PARAM -> parameter();
            case NAME -> {
                if (t.is("TRUE") || t.is("FALSE")) {
                    yield NODES.objectNode().put("BOOL", t.is("TRUE"));
                }
                if (t.is("NULL")) {
                    yield NODES.objectNode().put("NULL", true);
                }
                throw PartiqlErrors.malformed("Unexpected token: " + t);
            }
            case PUNCT -> {
                if (t.is("-") && in.peek().kind() == Kind.NUMBER) {
                    yield number("-" + in.next().text());
                }
                if (t.is("[")) {
                    ObjectNode list = NODES.objectNode();
                    ArrayNode members = list.putArray("L");
                    if (!in.accept("]")) {
                        do {
                            members.add(value());
                        } while (in.accept(","));
                        in.expect("]");
                    }
                    yield list;
                }
                if (t.is("{")) {
                    yield map();
                }
                if (t.is("<<")) {
                    yield set();
                }
                throw PartiqlErrors.malformed("Unexpected token: " + t);
            }
            default -> throw PartiqlErrors.malformed("Unexpected token: " + t);
        };
        return AttributeValues.validate(out);
    }

    private JsonNode map() {
        ObjectNode map = NODES.objectNode();
        ObjectNode members = map.putObject("M");
        if (in.accept("}")) {
            return map;
        }
        do {
            Token key = in.next();
            if (key.kind() != Kind.STRING && key.kind() != Kind.QUOTED) {
                throw PartiqlErrors.malformed("Unexpected token: " + key);
            }
            in.expect(":");
            if (members.has(key.text())) {
                throw PartiqlErrors.validation("Duplicate keys in tuple. Key: " + key.text());
            }
            members.set(key.text(), value());
        } while (in.accept(","));
        in.expect("}");
        return map;
    }

    private JsonNode set() {
        if (in.peek().is(">>")) {
            throw PartiqlErrors.validation("Empty bags are not supported");
        }
        List<JsonNode> members = new ArrayList<>();
        do {
            members.add(value());
        } while (in.accept(","));
        in.expect(">>");
        String type = AttributeValues.type(members.get(0));
        for (JsonNode m : members) {
            String t = AttributeValues.type(m);
            if (!t.equals(type) || !(t.equals("S") || t.equals("N") || t.equals("B"))) {
                throw PartiqlErrors.validation(
                        "Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags");
            }
        }
        ObjectNode set = NODES.objectNode();
        ArrayNode array = set.putArray(type + "S");
        members.forEach(m -> array.add(m.get(type)));
        return set;
    }

    private static JsonNode number(String text) {
        return NODES.objectNode().put("N", text);
    }

    private JsonNode parameter() {
        if (parameters == null || nextParameter >= parameters.size()) {
            throw PartiqlErrors.validation("Number of parameters in request and statement don't match.");
        }
        return parameters.get(nextParameter++);
    }
}
