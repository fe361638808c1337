package dev.stratus.lambda;

import java.util.List;

/** A layer version's resource policy: its statements (kept as rendered JSON) and its revision. */
public record LayerPolicyRecord(List<Statement> statements, String revisionId) {

    /** One AddLayerVersionPermission grant. */
    public record Statement(String sid, String action, String principal, String organizationId) {
    }

    public LayerPolicyRecord {
        statements = statements == null ? List.of() : List.copyOf(statements);
    }
}
