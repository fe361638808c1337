package dev.stratus.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.AwsException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** TagResource, UntagResource and ListTags on functions (the tags GetFunction also returns). */
final class TagOperations {
    /** AWS's limit on tags per resource. */
    static final int MAX_TAGS = 50;

    private final FunctionStore store;

    TagOperations(FunctionStore store) {
        this.store = store;
    }

    JsonNode tagResource(RequestContext ctx, ObjectNode in) {
        FunctionRecord f = function(ctx, in);
        Map<String, String> tags = new LinkedHashMap<>(f.tags());
        in.path("Tags").properties().forEach(e -> tags.put(e.getKey(), e.getValue().asText()));
        if (tags.size() > MAX_TAGS) {
            throw new AwsException("InvalidParameterValueException",
                    "Number of tags exceeds resource tag limit.");
        }
        store.put(f.withTags(tags));
        return null;
    }

    JsonNode untagResource(RequestContext ctx, ObjectNode in) {
        FunctionRecord f = function(ctx, in);
        Map<String, String> tags = new LinkedHashMap<>(f.tags());
        in.path("TagKeys").forEach(k -> tags.remove(k.asText()));
        store.put(f.withTags(tags));
        return null;
    }

    JsonNode listTags(RequestContext ctx, ObjectNode in) {
        FunctionRecord f = function(ctx, in);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ObjectNode tags = out.putObject("Tags");
        new TreeMap<>(f.tags()).forEach(tags::put);
        return out;
    }

    /** The function a tagging ARN names; only unqualified function ARNs carry tags, as on AWS. */
    private FunctionRecord function(RequestContext ctx, ObjectNode in) {
        String arn = in.path("Resource").asText();
        String[] parts = arn.split(":");
        if (parts.length < 7 || !"function".equals(parts[5])) {
            throw new AwsException("InvalidParameterValueException", "Stratus supports tags on functions only: "
                    + arn);
        }
        if (parts.length > 7) {
            throw new AwsException("InvalidParameterValueException",
                    "Tags on function aliases and versions are not supported. Please specify a function ARN.");
        }
        String name = parts[6];
        if (!parts[3].equals(ctx.region()) || !parts[4].equals(ctx.accountId())) {
            throw new AwsException("ResourceNotFoundException", "Function not found: " + arn);
        }
        return store.get(ctx.accountId(), ctx.region(), name)
                .orElseThrow(() -> FunctionNames.notFound(ctx, name));
    }
}
