package dev.stratus.dynamodb.partiql;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.dynamodb.expr.Ast;
import java.util.List;

/** A parsed PartiQL statement; conditions and update actions use the expression syntax tree of the other APIs. */
sealed interface Statement {
    String table();

    /** True for SELECT (reads); false for INSERT, UPDATE, DELETE and EXISTS (writes). */
    default boolean read() {
        return this instanceof Select;
    }

    /** {@code SELECT projection FROM "table"[."index"] [WHERE ...] [ORDER BY ...]}; projection null means *. */
    record Select(String table, String index, List<Ast.Path> projection, Ast.Condition where, List<Ordering> orderBy)
            implements Statement {
    }

    /** One ORDER BY term. */
    record Ordering(String attribute, boolean descending) {
    }

    /** {@code INSERT INTO "table" VALUE {...}}. */
    record Insert(String table, ObjectNode item) implements Statement {
    }

    /** {@code UPDATE "table" SET ... REMOVE ... WHERE ... [RETURNING ...]}. */
    record Update(String table, List<Ast.UpdateAction> actions, Ast.Condition where, Returning returning)
            implements Statement {
    }

    /** {@code DELETE FROM "table" WHERE ... [RETURNING ALL OLD *]}. */
    record Delete(String table, Ast.Condition where, Returning returning) implements Statement {
    }

    /** {@code EXISTS(SELECT * FROM "table" WHERE ...)}: a condition check inside ExecuteTransaction. */
    record Exists(Select select) implements Statement {
        @Override
        public String table() {
            return select.table();
        }
    }

    /** What RETURNING asks for, in UpdateItem's ReturnValues terms. */
    enum Returning {
        NONE, ALL_OLD, UPDATED_OLD, ALL_NEW, UPDATED_NEW
    }
}
