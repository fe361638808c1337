package dev.stratus.iam;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The permission policies a role or user carries: inline policies (name to decoded document) and the ARNs of
 * attached managed policies.
 */
record PermissionPolicies(Map<String, String> inline, List<String> attached) {

    static PermissionPolicies none() {
        return new PermissionPolicies(new TreeMap<>(), new ArrayList<>());
    }

    PermissionPolicies {
        inline = inline == null ? new TreeMap<>() : new TreeMap<>(inline);
        attached = attached == null ? new ArrayList<>() : new ArrayList<>(attached);
    }

    PermissionPolicies withInline(String name, String document) {
        Map<String, String> m = new TreeMap<>(inline);
        m.put(name, document);
        return new PermissionPolicies(m, attached);
    }

    PermissionPolicies withoutInline(String name) {
        Map<String, String> m = new TreeMap<>(inline);
        m.remove(name);
        return new PermissionPolicies(m, attached);
    }

    PermissionPolicies withAttached(String arn) {
        List<String> l = new ArrayList<>(attached);
        if (!l.contains(arn)) {
            l.add(arn);
        }
        return new PermissionPolicies(inline, l);
    }

    PermissionPolicies withoutAttached(String arn) {
        List<String> l = new ArrayList<>(attached);
        l.remove(arn);
        return new PermissionPolicies(inline, l);
    }

    /** Writes an entity's PermissionsBoundary structure when it has one. */
    static void putBoundary(ObjectNode n, String boundaryArn) {
        if (boundaryArn != null) {
            n.putObject("PermissionsBoundary").put("PermissionsBoundaryType", "Policy")
                    .put("PermissionsBoundaryArn", boundaryArn);
        }
    }

    /** Characters of every inline policy that count against the entity's inline quota. */
    int inlineChargedSize() {
        return inline.values().stream().mapToInt(PolicyDocuments::chargedSize).sum();
    }
}
