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
}
