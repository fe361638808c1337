package dev.stratus.dynamodb.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.dynamodb.DynamoErrors;
import dev.stratus.dynamodb.expr.Ast.AddAction;
import dev.stratus.dynamodb.expr.Ast.Arithmetic;
import dev.stratus.dynamodb.expr.Ast.Call;
import dev.stratus.dynamodb.expr.Ast.DeleteAction;
import dev.stratus.dynamodb.expr.Ast.Operand;
import dev.stratus.dynamodb.expr.Ast.Path;
import dev.stratus.dynamodb.expr.Ast.RemoveAction;
import dev.stratus.dynamodb.expr.Ast.SetAction;
import dev.stratus.dynamodb.expr.Ast.UpdateAction;
import dev.stratus.dynamodb.value.AttributeValues;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** Applies parsed update actions: every operand is read from the item as it was before the update. */
public final class UpdateApplier {
    private final Evaluator evaluator;

    public UpdateApplier(ExpressionAttributes attributes) {
        this.evaluator = new Evaluator(attributes);
    }

    /** Rejects overlapping paths and updates of key attributes before anything is applied. */
    public static void check(List<UpdateAction> actions, Set<String> keyAttributes) {
        UpdateValidator.checkPaths("UpdateExpression", actions.stream().map(UpdateAction::path).toList());
        for (UpdateAction action : actions) {
            Path p = action.path();
            if (keyAttributes.contains(p.head())) {
                throw DynamoErrors.validation("One or more parameter values were invalid: Cannot update attribute "
                        + p.head() + ". This attribute is part of the key");
            }
        }
    }

    /** Returns the updated copy of {@code item} (an empty item when it did not exist). */
    public ObjectNode apply(List<UpdateAction> actions, ObjectNode item) {
        ObjectNode before = item == null ? JsonNodeFactory.instance.objectNode() : item;
        ObjectNode after = before.deepCopy();
        List<RemoveAction> removals = new ArrayList<>();
        // SETs past the end of a list append in the order of their positions, not of the expression (paths never
        // overlap, so reordering the actions changes nothing else).
        List<UpdateAction> ordered = new ArrayList<>(actions);
        ordered.sort(Comparator.comparingInt(UpdateApplier::trailingIndex));
        for (UpdateAction action : ordered) {
            switch (action) {
                case SetAction s -> Documents.put(after, s.path(), compute(s.value(), before), false);
                case RemoveAction r -> removals.add(r);
                case AddAction a -> add(after, a.path(), Evaluator.resolve(before, a.path()),
                        evaluator.value(a.value(), before));
                case DeleteAction d -> delete(after, d.path(), Evaluator.resolve(before, d.path()),
                        evaluator.value(d.value(), before));
            }
        }
        // Later list positions first, so earlier removals do not shift the ones still to come.
        removals.sort(Comparator.comparing((RemoveAction r) -> r.path().elements().size())
                .thenComparing(r -> r.path().elements().get(r.path().elements().size() - 1) instanceof Integer i ? -i : 0));
        for (RemoveAction r : removals) {
            Documents.remove(after, r.path());
        }
        return after;
    }

    private static int trailingIndex(UpdateAction action) {
        List<Object> steps = action.path().elements();
        return action instanceof SetAction && steps.get(steps.size() - 1) instanceof Integer i ? i : -1;
    }

    private JsonNode compute(Operand operand, JsonNode item) {
        return switch (operand) {
            case Arithmetic a -> {
                JsonNode l = compute(a.left(), item);
                JsonNode r = compute(a.right(), item);
                if (!AttributeValues.type(l).equals("N") || !AttributeValues.type(r).equals("N")) {
                    throw incorrectType();
                }
                BigDecimal x = AttributeValues.number(l);
                BigDecimal y = AttributeValues.number(r);
                yield Evaluator.number(a.operator() == '+' ? x.add(y) : x.subtract(y));
            }
            case Call c when c.function().equals("if_not_exists") -> {
                JsonNode existing = Evaluator.resolve(item, ((Ast.PathOperand) c.args().get(0)).path());
                yield existing != null ? existing : compute(c.args().get(1), item);
            }
            case Call c when c.function().equals("list_append") -> {
                JsonNode l = compute(c.args().get(0), item);
                JsonNode r = compute(c.args().get(1), item);
                if (!AttributeValues.type(l).equals("L") || !AttributeValues.type(r).equals("L")) {
                    throw incorrectType();
                }
                ObjectNode out = JsonNodeFactory.instance.objectNode();
                ArrayNode list = out.putArray("L");
                list.addAll((ArrayNode) l.get("L").deepCopy());
                list.addAll((ArrayNode) r.get("L").deepCopy());
                yield out;
            }
            default -> {
                JsonNode v = evaluator.value(operand, item);
                if (v == null) {
                    throw DynamoErrors.validation(
                            "The provided expression refers to an attribute that does not exist in the item");
                }
                yield v.deepCopy();
            }
        };
    }

    private static void add(ObjectNode item, Path path, JsonNode existing, JsonNode value) {
        String type = AttributeValues.type(value);
        // Lists reach here only from the legacy AttributeUpdates ADD, which appends to a list (UpdateExpression's
        // ADD refuses lists while validating).
        if (!Set.of("N", "SS", "NS", "BS", "L").contains(type)) {
            throw incorrectType();
        }
        if (existing == null) {
            Documents.put(item, path, value.deepCopy(), false);
            return;
        }
        if (!AttributeValues.type(existing).equals(type)) {
            throw incorrectType();
        }
        if (type.equals("L")) {
            ObjectNode appended = existing.deepCopy();
            ((ArrayNode) appended.get("L")).addAll((ArrayNode) value.get("L").deepCopy());
            Documents.put(item, path, appended, false);
            return;
        }
        if (type.equals("N")) {
            Documents.put(item, path, Evaluator.number(AttributeValues.number(existing).add(AttributeValues.number(value))), false);
            return;
        }
        ObjectNode merged = existing.deepCopy();
        ArrayNode members = (ArrayNode) merged.get(type);
        Set<Object> present = AttributeValues.setKeys(type, members);
        for (JsonNode m : value.get(type)) {
            if (present.add(AttributeValues.memberKey(type, m))) {
                members.add(m);
            }
        }
        Documents.put(item, path, merged, false);
    }

    private static void delete(ObjectNode item, Path path, JsonNode existing, JsonNode value) {
        String type = AttributeValues.type(value);
        if (!Set.of("SS", "NS", "BS").contains(type)) {
            throw incorrectType();
        }
        if (existing == null) {
            Documents.checkParent(item, path);
            return;
        }
        if (!AttributeValues.type(existing).equals(type)) {
            throw incorrectType();
        }
        Set<Object> removed = AttributeValues.setKeys(type, value.get(type));
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode kept = out.putArray(type);
        for (JsonNode m : existing.get(type)) {
            if (!removed.contains(AttributeValues.memberKey(type, m))) {
                kept.add(m);
            }
        }
        if (kept.isEmpty()) {
            Documents.remove(item, path);
        } else {
            Documents.put(item, path, out, false);
        }
    }

    private static RuntimeException incorrectType() {
        return DynamoErrors.validation("An operand in the update expression has an incorrect data type");
    }
}
