package dev.stratus.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.AwsException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** Tags of log groups, by name (the deprecated *LogGroup operations) and by ARN (the *Resource operations). */
final class LogTagOperations {
    /** AWS allows at most this many tags on one resource. */
    static final int MAX_TAGS = 50;

    private final LogGroupOperations groups;
    private final LogsState state;

    LogTagOperations(LogsState state, LogGroupOperations groups) {
        this.state = state;
        this.groups = groups;
    }

    void tag(Scope scope, String group, Map<String, String> tags, String arnForError) {
        groups.update(scope, group, g -> {
            Map<String, String> merged = new HashMap<>(g.tags());
            merged.putAll(tags);
            if (merged.size() > MAX_TAGS) {
                String message = "A resource can have no more than " + MAX_TAGS + " tags.";
                if (arnForError == null) {
                    throw LogsState.invalid(message);
                }
                throw new AwsException("TooManyTagsException", message, 400).with("resourceName", arnForError);
            }
            return g.withTags(merged);
        });
    }

    void untag(Scope scope, String group, Collection<String> keys) {
        groups.update(scope, group, g -> {
            Map<String, String> remaining = new HashMap<>(g.tags());
            keys.forEach(remaining::remove);
            return g.withTags(remaining);
        });
    }

    JsonNode list(Scope scope, String group) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ObjectNode tags = out.putObject("tags");
        state.requireGroup(scope, group).sortedTags().forEach(tags::put);
        return out;
    }

    /** The group a tagging ARN names; only log groups carry tags here. */
    static String groupOf(Scope scope, String arn) {
        LogArns.GroupRef ref = LogArns.parseGroup(arn);
        if (ref == null) {
            if (arn.startsWith("arn:") && arn.split(":").length >= 6) {
                throw LogsState.notFound("The specified resource does not exist.");
            }
            throw LogsState.invalid("Invalid resource ARN: " + arn);
        }
        if (!ref.scope().equals(scope)) {
            throw LogsState.notFound(LogsState.GROUP_NOT_FOUND);
        }
        return ref.name();
    }
}
