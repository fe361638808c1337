package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The patch operations of API Gateway's Update* calls on a stored node: scalar members are replaced, map members
 * (string or boolean values) take {@code /member/key} entries (add, replace, remove), list members {@code /member/value} (add, remove).
 */
final class Patches {
    /** How a patchable member is stored. */
    enum Kind { STRING, BOOLEAN, INTEGER, MAP, BOOLEAN_MAP, LIST }

    private Patches() {
    }

    static void applyAll(ObjectNode target, JsonNode patches, Map<String, Kind> members) {
        for (JsonNode patch : patches) {
            apply(target, patch, members);
        }
    }

    static void apply(ObjectNode target, JsonNode patch, Map<String, Kind> members) {
        String op = patch.path("op").asText();
        String path = patch.path("path").asText();
        String value = patch.path("value").asText(null);
        String[] parts = path.startsWith("/") ? path.substring(1).split("/", 2) : new String[] {path};
        Kind kind = members.get(parts[0]);
        if (kind == null) {
            throw ApiErrors.badRequest("Invalid patch path " + path + " specified for op " + op
                    + ". Must be one of: " + members.keySet().stream().sorted().map(m -> "/" + m).toList());
        }
        String key = parts.length > 1 ? unescape(parts[1]) : null;
        switch (kind) {
            case MAP, BOOLEAN_MAP -> {
                if (key == null) {
                    throw invalidOp(op, path);
                }
                ObjectNode map = target.has(parts[0]) ? (ObjectNode) target.get(parts[0]) : target.putObject(parts[0]);
                switch (op) {
                    case "add", "replace" -> {
                        if (kind == Kind.BOOLEAN_MAP) {
                            map.put(key, Boolean.parseBoolean(value));
                        } else {
                            map.put(key, value);
                        }
                    }
                    case "remove" -> map.remove(key);
                    default -> throw invalidOp(op, path);
                }
            }
            case LIST -> {
                ArrayNode list = target.has(parts[0]) ? (ArrayNode) target.get(parts[0]) : target.putArray(parts[0]);
                String item = key != null ? key : value;
                switch (op) {
                    case "add" -> list.add(item);
                    case "remove" -> {
                        for (int i = list.size() - 1; i >= 0; i--) {
                            if (list.get(i).asText().equals(item)) {
                                list.remove(i);
                            }
                        }
                    }
                    default -> throw invalidOp(op, path);
                }
            }
            default -> {
                if (key != null || !(op.equals("replace") || op.equals("remove") && kind == Kind.STRING)) {
                    throw invalidOp(op, path);
                }
                if (op.equals("remove") || value == null) {
                    target.remove(parts[0]);
                } else if (kind == Kind.BOOLEAN) {
                    target.put(parts[0], Boolean.parseBoolean(value));
                } else if (kind == Kind.INTEGER) {
                    try {
                        target.put(parts[0], Integer.parseInt(value));
                    } catch (NumberFormatException e) {
                        throw ApiErrors.badRequest("Invalid value for " + path + ": " + value);
                    }
                } else {
                    target.put(parts[0], value);
                }
            }
        }
    }

    private static RuntimeException invalidOp(String op, String path) {
        return ApiErrors.badRequest("Invalid patch operation specified. Operation " + op
                + " is not supported on path " + path);
    }

    /** JSON Pointer escapes: ~1 is '/', ~0 is '~'. */
    static String unescape(String s) {
        return s.replace("~1", "/").replace("~0", "~");
    }
}
