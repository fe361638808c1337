package dev.stratus.dynamodb.partiql;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** The IAM action and table of a PartiQL statement ({@code dynamodb:PartiQLSelect} on "t"), for authorization. */
public final class PartiqlActions {
    private PartiqlActions() {
    }

    /** What one statement does to which table (and index, for a SELECT of one; else null). */
    public record Target(String action, String table, String index) {
    }

    /** The statement's target; empty when it does not parse (the operation itself then reports why). */
    public static Optional<Target> of(String statement, JsonNode parameters) {
        Statement parsed;
        try {
            parsed = PartiqlParser.parse(statement, parameters).statement();
        } catch (RuntimeException malformed) {
            return Optional.empty();
        }
        return Optional.of(switch (parsed) {
            case Statement.Select s -> new Target("dynamodb:PartiQLSelect", s.table(), s.index());
            case Statement.Exists e -> new Target("dynamodb:PartiQLSelect", e.table(), null);
            case Statement.Insert i -> new Target("dynamodb:PartiQLInsert", i.table(), null);
            case Statement.Update u -> new Target("dynamodb:PartiQLUpdate", u.table(), null);
            case Statement.Delete d -> new Target("dynamodb:PartiQLDelete", d.table(), null);
        });
    }
}
