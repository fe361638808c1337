package dev.stratus.lambda;

import java.util.List;

/**
 * A function's (or one qualifier's) resource-based policy: its statements as JSON text, in the order added.
 *
 * @param qualifier the version or alias it belongs to, null for the unqualified function
 */
public record PolicyRecord(String qualifier, List<String> statements, String revisionId) {

    public PolicyRecord {
        statements = statements == null ? List.of() : List.copyOf(statements);
    }
}
