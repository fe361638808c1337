package dev.stratus.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One AWS operation: validated input in, output (canonical tree, or null for an empty one) out. */
@FunctionalInterface
public interface Operation {
    JsonNode call(RequestContext ctx, ObjectNode input);
}
