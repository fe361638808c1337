package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/** CreateResource, GetResource(s), DeleteResource: the API's path tree. */
final class ResourceOperations {
    /** A literal segment, a {param} or a greedy {param+}. */
    private static final Pattern PATH_PART = Pattern.compile("\\{[a-zA-Z0-9._-]+\\+?}|[a-zA-Z0-9._:@&=$,;!~*'()-]+");

    private final ApiStore store;

    ResourceOperations(ApiStore store) {
        this.store = store;
    }

    static ObjectNode resource(RestApiState api, String id) {
        ObjectNode r = api.resources().get(id);
        if (r == null) {
            throw ApiErrors.notFound("Invalid Resource identifier specified");
        }
        return r;
    }

    JsonNode createResource(RequestContext ctx, ObjectNode in) {
        String pathPart = in.path("pathPart").asText();
        return store.update(ctx, in.path("restApiId").asText(), api -> {
            ObjectNode parent = resource(api, in.path("parentId").asText());
            if (!PATH_PART.matcher(pathPart).matches()) {
                throw ApiErrors.badRequest("Resource's path part only allow a-zA-Z0-9._- and curly braces at the "
                        + "beginning and the end and an optional plus sign before the closing brace.");
            }
            if (parent.path("pathPart").asText().endsWith("+}")) {
                throw ApiErrors.badRequest("Cannot create a child of a resource with a greedy path variable: "
                        + parent.path("pathPart").asText());
            }
            for (ObjectNode sibling : children(api, parent.path("id").asText())) {
                String other = sibling.path("pathPart").asText();
                if (other.equals(pathPart)) {
                    throw ApiErrors.conflict("Another resource with the same parent already has this name: "
                            + pathPart);
                }
                if (other.startsWith("{") && pathPart.startsWith("{")) {
                    throw ApiErrors.badRequest("A sibling (" + other + ") of this resource already has a variable "
                            + "path part -- only one is allowed");
                }
            }
            ObjectNode r = JsonNodeFactory.instance.objectNode();
            String id;
            do {
                id = Ids.random(6);
            } while (api.resources().containsKey(id));
            r.put("id", id);
            r.put("parentId", parent.path("id").asText());
            r.put("pathPart", pathPart);
            String parentPath = parent.path("path").asText();
            r.put("path", (parentPath.equals("/") ? "" : parentPath) + "/" + pathPart);
            api.resources().put(id, r);
            return r.deepCopy();
        });
    }

    JsonNode getResource(RequestContext ctx, ObjectNode in) {
        RestApiState api = store.get(ctx, in.path("restApiId").asText());
        return view(resource(api, in.path("resourceId").asText()), embedsMethods(in));
    }

    JsonNode getResources(RequestContext ctx, ObjectNode in) {
        RestApiState api = store.get(ctx, in.path("restApiId").asText());
        boolean embed = embedsMethods(in);
        List<JsonNode> all = api.resources().values().stream()
                .sorted(Comparator.comparing(r -> r.path("path").asText()))
                .map(r -> (JsonNode) view(r, embed)).toList();
        return Pages.page(all, in);
    }

    /** UpdateResource: a new pathPart or parent moves the resource, and its subtree's paths follow. */
    JsonNode updateResource(RequestContext ctx, ObjectNode in) {
        return store.update(ctx, in.path("restApiId").asText(), api -> {
            ObjectNode r = resource(api, in.path("resourceId").asText());
            if (!r.has("parentId")) {
                throw ApiErrors.badRequest("Cannot update the root resource");
            }
            for (JsonNode patch : in.path("patchOperations")) {
                String path = patch.path("path").asText();
                String value = patch.path("value").asText();
                if (!patch.path("op").asText().equals("replace")
                        || !(path.equals("/pathPart") || path.equals("/parentId"))) {
                    throw ApiErrors.badRequest("Invalid patch path " + path + " specified for op "
                            + patch.path("op").asText() + ". Must be one of: [/pathPart, /parentId]");
                }
                if (path.equals("/pathPart")) {
                    if (!PATH_PART.matcher(value).matches()) {
                        throw ApiErrors.badRequest("Resource's path part only allow a-zA-Z0-9._- and curly braces at "
                                + "the beginning and the end and an optional plus sign before the closing brace.");
                    }
                    r.put("pathPart", value);
                } else {
                    resource(api, value);
                    r.put("parentId", value);
                }
            }
            repath(api, r);
            return view(r, false);
        });
    }

    private static void repath(RestApiState api, ObjectNode r) {
        String parentPath = api.resources().get(r.path("parentId").asText()).path("path").asText();
        r.put("path", (parentPath.equals("/") ? "" : parentPath) + "/" + r.path("pathPart").asText());
        for (ObjectNode child : children(api, r.path("id").asText())) {
            repath(api, child);
        }
    }

    JsonNode deleteResource(RequestContext ctx, ObjectNode in) {
        store.update(ctx, in.path("restApiId").asText(), api -> {
            ObjectNode r = resource(api, in.path("resourceId").asText());
            if (!r.has("parentId")) {
                throw ApiErrors.badRequest("Cannot delete root resource");
            }
            List<String> doomed = new ArrayList<>();
            collect(api, r.path("id").asText(), doomed);
            doomed.forEach(api.resources()::remove);
            return null;
        });
        return null;
    }

    private static void collect(RestApiState api, String id, List<String> out) {
        out.add(id);
        for (ObjectNode child : children(api, id)) {
            collect(api, child.path("id").asText(), out);
        }
    }

    static List<ObjectNode> children(RestApiState api, String parentId) {
        return api.resources().values().stream().filter(r -> parentId.equals(r.path("parentId").asText(null)))
                .toList();
    }

    private static boolean embedsMethods(ObjectNode in) {
        for (JsonNode e : in.path("embed")) {
            for (String part : e.asText().split(",")) {
                if (part.strip().equals("methods")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Without embed=methods AWS lists each method as an empty object. */
    private static ObjectNode view(ObjectNode resource, boolean embedMethods) {
        ObjectNode copy = resource.deepCopy();
        if (!embedMethods && copy.has("resourceMethods")) {
            ObjectNode methods = JsonNodeFactory.instance.objectNode();
            copy.get("resourceMethods").fieldNames().forEachRemaining(methods::putObject);
            copy.set("resourceMethods", methods);
        }
        if (copy.has("resourceMethods") && copy.get("resourceMethods").isEmpty()) {
            copy.remove("resourceMethods");
        }
        return copy;
    }
}
