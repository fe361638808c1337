package dev.stratus.dynamodb.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.dynamodb.DynamoErrors;
import dev.stratus.dynamodb.expr.Ast.Path;
import java.util.List;

/** Writes and removals at document paths inside an item. */
final class Documents {
    private Documents() {
    }

    /**
     * Puts {@code value} at {@code path}. With {@code create} (projections) missing maps and lists are created and
     * list positions appended; otherwise the parent must exist, as DynamoDB requires for SET.
     */
    static void put(ObjectNode item, Path path, JsonNode value, boolean create) {
        List<Object> steps = path.elements();
        if (steps.size() == 1) {
            item.set(path.head(), value);
            return;
        }
        JsonNode container = item.get(path.head());
        if (container == null) {
            if (!create) {
                throw invalidPath();
            }
            container = newContainer(steps.get(1));
            item.set(path.head(), container);
        }
        for (int i = 1; i < steps.size(); i++) {
            Object step = steps.get(i);
            boolean last = i == steps.size() - 1;
            if (step instanceof String name) {
                if (!(container.get("M") instanceof ObjectNode map)) {
                    throw invalidPath();
                }
                if (last) {
                    map.set(name, value);
                    return;
                }
                JsonNode next = map.get(name);
                if (next == null) {
                    if (!create) {
                        throw invalidPath();
                    }
                    next = newContainer(steps.get(i + 1));
                    map.set(name, next);
                }
                container = next;
            } else {
                if (!(container.get("L") instanceof ArrayNode list)) {
                    throw invalidPath();
                }
                int index = (Integer) step;
                if (last) {
                    if (create || index >= list.size()) {
                        list.add(value);
                    } else {
                        list.set(index, value);
                    }
                    return;
                }
                if (create) {
                    // Projections keep the relative order of list elements, not their positions.
                    JsonNode next = newContainer(steps.get(i + 1));
                    list.add(next);
                    container = next;
                } else {
                    if (index >= list.size()) {
                        throw invalidPath();
                    }
                    container = list.get(index);
                }
            }
        }
    }

    /**
     * Removes the value at {@code path}. A missing last element is not an error, but its parent must exist and be
     * a map (for a name) or a list (for a position), as DynamoDB requires.
     */
    static void remove(ObjectNode item, Path path) {
        List<Object> steps = path.elements();
        if (steps.size() == 1) {
            item.remove(path.head());
            return;
        }
        JsonNode parent = Evaluator.resolve(item, new Path(steps.subList(0, steps.size() - 1)));
        Object last = steps.get(steps.size() - 1);
        if (last instanceof String name) {
            if (parent == null || !(parent.get("M") instanceof ObjectNode map)) {
                throw invalidPath();
            }
            map.remove(name);
        } else {
            if (parent == null || !(parent.get("L") instanceof ArrayNode list)) {
                throw invalidPath();
            }
            if ((Integer) last < list.size()) {
                list.remove((Integer) last);
            }
        }
    }

    /** Fails unless the parent of {@code path} exists and is a map (for a name) or a list (for a position). */
    static void checkParent(ObjectNode item, Path path) {
        List<Object> steps = path.elements();
        if (steps.size() == 1) {
            return;
        }
        JsonNode parent = Evaluator.resolve(item, new Path(steps.subList(0, steps.size() - 1)));
        boolean fits = parent != null && (steps.get(steps.size() - 1) instanceof String
                ? parent.get("M") instanceof ObjectNode : parent.get("L") instanceof ArrayNode);
        if (!fits) {
            throw invalidPath();
        }
    }

    private static JsonNode newContainer(Object nextStep) {
        ObjectNode c = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        if (nextStep instanceof String) {
            c.putObject("M");
        } else {
            c.putArray("L");
        }
        return c;
    }

    static RuntimeException invalidPath() {
        return DynamoErrors.validation("The document path provided in the update expression is invalid for update");
    }
}
