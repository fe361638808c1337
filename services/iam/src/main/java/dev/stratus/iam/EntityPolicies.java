package dev.stratus.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Inline and attached policies of roles or users: the Put/Get/List/Delete{Role,User}Policy and
 * Attach/Detach/ListAttached{Role,User}Policies operations, which IAM defines alike for both.
 *
 * @param nameMember the input member naming the entity ({@code RoleName}, {@code UserName})
 * @param maxInlineChars the entity's quota for all inline documents together (white space not counted)
 * @param maxAttached managed policies the entity may have attached (IAM's default quota)
 * @param attachedQuotaName the quota's name in IAM's LimitExceeded message
 */
record EntityPolicies<T extends PolicyHolder<T>>(IamStore store, EntityStore<T> entities, String nameMember,
                                                 int maxInlineChars, int maxAttached, String attachedQuotaName) {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    JsonNode put(String account, ObjectNode input) {
        String name = input.path(nameMember).asText();
        String policyName = input.path("PolicyName").asText();
        String doc = PolicyDocuments.validated(input.path("PolicyDocument").asText(), PolicyDocuments.Kind.IDENTITY);
        synchronized (store.lock) {
            T entity = entities.require(account, name);
            PermissionPolicies updated = entity.policies().withInline(policyName, doc);
            if (updated.inlineChargedSize() > maxInlineChars) {
                throw IamErrors.limitExceeded("Maximum policy size of " + maxInlineChars + " bytes exceeded for "
                        + entities.kind() + " " + entity.name());
            }
            entities.put(account, entity.withPolicies(updated));
        }
        return null;
    }

    JsonNode get(String account, ObjectNode input) {
        T entity = entities.require(account, input.path(nameMember).asText());
        String policyName = input.path("PolicyName").asText();
        String doc = entity.policies().inline().get(policyName);
        if (doc == null) {
            throw IamErrors.noSuchInlinePolicy(entities.kind(), policyName);
        }
        return F.objectNode().put(nameMember, entity.name()).put("PolicyName", policyName)
                .put("PolicyDocument", PolicyDocuments.encode(doc));
    }

    JsonNode list(String account, ObjectNode input) {
        T entity = entities.require(account, input.path(nameMember).asText());
        List<String> names = new ArrayList<>(entity.policies().inline().keySet());
        return Pages.page(names, n -> n, F::textNode, input, "PolicyNames", F.objectNode());
    }

    JsonNode delete(String account, ObjectNode input) {
        String policyName = input.path("PolicyName").asText();
        synchronized (store.lock) {
            T entity = entities.require(account, input.path(nameMember).asText());
            if (!entity.policies().inline().containsKey(policyName)) {
                throw IamErrors.noSuchInlinePolicy(entities.kind(), policyName);
            }
            entities.put(account, entity.withPolicies(entity.policies().withoutInline(policyName)));
        }
        return null;
    }

    JsonNode attach(String account, ObjectNode input) {
        String arn = input.path("PolicyArn").asText();
        synchronized (store.lock) {
            T entity = entities.require(account, input.path(nameMember).asText());
            store.findPolicy(account, arn).orElseThrow(() -> IamErrors.policyNotAttachable(arn));
            PermissionPolicies policies = entity.policies();
            if (policies.attached().contains(arn)) {
                return null;
            }
            if (policies.attached().size() >= maxAttached) {
                throw IamErrors.limitExceeded("Cannot exceed quota for " + attachedQuotaName + ": " + maxAttached);
            }
            entities.put(account, entity.withPolicies(policies.withAttached(arn)));
        }
        return null;
    }

    JsonNode detach(String account, ObjectNode input) {
        String arn = input.path("PolicyArn").asText();
        IamArns.parse(arn);
        synchronized (store.lock) {
            T entity = entities.require(account, input.path(nameMember).asText());
            if (!entity.policies().attached().contains(arn)) {
                throw IamErrors.policyNotFound(arn);
            }
            entities.put(account, entity.withPolicies(entity.policies().withoutAttached(arn)));
        }
        return null;
    }

    JsonNode listAttached(String account, ObjectNode input) {
        T entity = entities.require(account, input.path(nameMember).asText());
        String prefix = input.path("PathPrefix").asText(null);
        List<Map.Entry<String, String>> attached = new ArrayList<>();
        for (String arn : entity.policies().attached()) {
            IamArns.Parsed p = IamArns.parse(arn);
            if (IamArns.underPrefix(p.path(), prefix)) {
                attached.add(Map.entry(arn, p.name()));
            }
        }
        attached.sort(Map.Entry.comparingByKey());
        return Pages.page(attached, Map.Entry::getKey,
                e -> F.objectNode().put("PolicyName", e.getValue()).put("PolicyArn", e.getKey()),
                input, "AttachedPolicies", F.objectNode());
    }

    /** DeleteRole/DeleteUser refuse while policies remain, with IAM's messages. */
    void requireNoPolicies(T entity) {
        if (!entity.policies().attached().isEmpty()) {
            throw IamErrors.deleteConflict("Cannot delete entity, must detach all policies first.");
        }
        if (!entity.policies().inline().isEmpty()) {
            throw IamErrors.deleteConflict("Cannot delete entity, must delete policies first.");
        }
    }
}
