package dev.stratus.logs;

import com.fasterxml.jackson.databind.JsonNode;

/** Resolves the {@code logGroupName} / {@code logGroupIdentifier} (a name or an ARN) pair many operations take. */
final class GroupNames {
    private GroupNames() {
    }

    /** The group a request names with exactly one of logGroupName and logGroupIdentifier. */
    static String resolve(Scope scope, JsonNode in) {
        String name = LogGroupOperations.text(in, "logGroupName");
        String identifier = LogGroupOperations.text(in, "logGroupIdentifier");
        if (name != null && identifier != null) {
            throw LogsState.invalid("LogGroup name and LogGroup ARN are mutually exclusive parameters.");
        }
        if (name != null) {
            return name;
        }
        if (identifier == null) {
            throw LogsState.invalid("Either the log group name or the log group ARN must be specified.");
        }
        String resolved = nameOrNull(scope, identifier);
        if (resolved == null) {
            throw LogsState.notFound(LogsState.GROUP_NOT_FOUND);
        }
        return resolved;
    }

    /** The group name in an identifier, or null when it is an ARN of another account, region or resource. */
    static String nameOrNull(Scope scope, String identifier) {
        if (!identifier.startsWith("arn:")) {
            return identifier;
        }
        LogArns.GroupRef ref = LogArns.parseGroup(identifier);
        return ref != null && ref.scope().equals(scope) ? ref.name() : null;
    }
}
