package dev.stratus.dynamodb.item;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.dynamodb.DynamoErrors;
import dev.stratus.dynamodb.expr.Ast;
import dev.stratus.dynamodb.expr.ExpressionAttributes;
import dev.stratus.dynamodb.expr.ExpressionParser;
import java.util.ArrayList;
import java.util.List;

/** ProjectionExpression or the legacy AttributesToGet, as paths; null when every attribute is wanted. */
public final class Projections {
    private Projections() {
    }

    public static List<Ast.Path> parse(JsonNode input, ExpressionAttributes attrs) {
        if (input.has("ProjectionExpression") && input.has("AttributesToGet")) {
            throw DynamoErrors.validation("Can not use both expression and non-expression parameters in the same "
                    + "request: Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}");
        }
        if (input.has("ProjectionExpression")) {
            return ExpressionParser.projection(input.get("ProjectionExpression").asText(), attrs);
        }
        if (input.has("AttributesToGet")) {
            List<Ast.Path> out = new ArrayList<>();
            input.get("AttributesToGet").forEach(a -> out.add(new Ast.Path(List.of(a.asText()))));
            return out;
        }
        return null;
    }

    /**
     * Key attributes are scalars, so a projected path into one (k.b, k[0]) is an error naming the table key
     * ("Key: k") or index key ("IndexKey: k"), as DynamoDB words it (dynalite's test/getItem.js).
     */
    public static void checkKeysScalar(dev.stratus.dynamodb.table.Table table, List<Ast.Path> projection) {
        if (projection == null) {
            return;
        }
        for (Ast.Path path : projection) {
            if (path.isTopLevel()) {
                continue;
            }
            String kind = table.keySchema().names().contains(path.head()) ? "Key"
                    : table.indexes().stream().anyMatch(i -> i.keys().names().contains(path.head())) ? "IndexKey" : null;
            if (kind != null) {
                throw DynamoErrors.validation("Key attributes must be scalars; list random access '[]' and map lookup "
                        + "'.' are not allowed: " + kind + ": " + path.head());
            }
        }
    }
}
