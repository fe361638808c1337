package dev.stratus.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.state.DocumentStore;
import dev.stratus.protocol.AwsException;
import dev.stratus.storage.Storage;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * AddPermission, RemovePermission and GetPolicy: a resource-based policy per function and qualifier, with statements
 * written as AWS writes them. In strict mode Invoke evaluates them ({@link InvokeAccess}).
 */
final class PermissionOperations {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NOT_FOUND = "The resource you requested does not exist.";

    private final DocumentStore<PolicyRecord> policies;
    private final FunctionStore functions;

    PermissionOperations(Storage storage, FunctionStore functions) {
        this.policies = new DocumentStore<>(storage, "lambda-policies", PolicyRecord.class);
        this.functions = functions;
    }

    private FunctionRecord function(RequestContext ctx, ObjectNode in) {
        String name = FunctionNames.parse(in.get("FunctionName").asText(), null).name();
        return functions.get(ctx.accountId(), ctx.region(), name)
                .orElseThrow(() -> FunctionNames.notFound(ctx, name));
    }

    JsonNode addPermission(RequestContext ctx, ObjectNode in) {
        FunctionRecord f = function(ctx, in);
        String qualifier = qualifier(ctx, f, in);
        String key = key(f, qualifier);
        PolicyRecord policy = policies.get(key).orElse(new PolicyRecord(qualifier, List.of(), null));
        checkRevision(policy, in.path("RevisionId").asText(null));
        String sid = in.get("StatementId").asText();
        for (String s : policy.statements()) {
            if (sid.equals(parse(s).path("Sid").asText())) {
                throw new AwsException("ResourceConflictException", "The statement id (" + sid + ") provided already "
                        + "exists. Please provide a new statement id, or remove the existing statement.");
            }
        }
        String statement = statement(f, qualifier, sid, in).toString();
        List<String> statements = new ArrayList<>(policy.statements());
        statements.add(statement);
        policies.put(key, new PolicyRecord(qualifier, statements, UUID.randomUUID().toString()));
        return JsonNodeFactory.instance.objectNode().put("Statement", statement);
    }

    JsonNode removePermission(RequestContext ctx, ObjectNode in) {
        FunctionRecord f = function(ctx, in);
        String key = key(f, qualifier(ctx, f, in));
        PolicyRecord policy = policies.get(key).orElseThrow(() -> new AwsException("ResourceNotFoundException",
                "No policy is associated with the given resource."));
        checkRevision(policy, in.path("RevisionId").asText(null));
        String sid = in.get("StatementId").asText();
        List<String> kept = policy.statements().stream()
                .filter(s -> !sid.equals(parse(s).path("Sid").asText())).toList();
        if (kept.size() == policy.statements().size()) {
            throw new AwsException("ResourceNotFoundException", "Statement " + sid + " is not found in resource "
                    + "policy.");
        }
        if (kept.isEmpty()) {
            policies.delete(key);
        } else {
            policies.put(key, new PolicyRecord(policy.qualifier(), kept, UUID.randomUUID().toString()));
        }
        return null;
    }

    JsonNode getPolicy(RequestContext ctx, ObjectNode in) {
        FunctionRecord f = function(ctx, in);
        PolicyRecord policy = policies.get(key(f, qualifier(ctx, f, in)))
                .orElseThrow(() -> new AwsException("ResourceNotFoundException", NOT_FOUND));
        return JsonNodeFactory.instance.objectNode().put("Policy", document(policy).toString())
                .put("RevisionId", policy.revisionId());
    }

    /** The resource policy of {@code f} for {@code qualifier} (null: unqualified) as a document; null without one. */
    JsonNode policy(FunctionRecord f, String qualifier) {
        return policies.get(key(f, qualifier)).map(PermissionOperations::document).orElse(null);
    }

    private static ObjectNode document(PolicyRecord policy) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode().put("Version", "2012-10-17").put("Id", "default");
        var arr = doc.putArray("Statement");
        policy.statements().forEach(s -> arr.add(parse(s)));
        return doc;
    }

    /** Forgets every policy of a deleted function. */
    void functionDeleted(FunctionRecord f) {
        for (PolicyRecord p : policies.list(f.accountId() + "/" + f.region() + "/" + f.name() + "/")) {
            policies.delete(key(f, p.qualifier()));
        }
    }

    private static ObjectNode statement(FunctionRecord f, String qualifier, String sid, ObjectNode in) {
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        s.put("Sid", sid);
        s.put("Effect", "Allow");
        String principal = in.get("Principal").asText();
        if ("*".equals(principal)) {
            s.put("Principal", "*");
        } else if (principal.matches("\\d{12}")) {
            s.putObject("Principal").put("AWS", "arn:aws:iam::" + principal + ":root");
        } else if (principal.startsWith("arn:")) {
            s.putObject("Principal").put("AWS", principal);
        } else {
            s.putObject("Principal").put("Service", principal);
        }
        s.put("Action", in.get("Action").asText());
        s.put("Resource", qualifier == null ? f.arn() : f.arn() + ":" + qualifier);
        ObjectNode condition = JsonNodeFactory.instance.objectNode();
        if (in.hasNonNull("SourceAccount")) {
            condition.with("StringEquals").put("AWS:SourceAccount", in.get("SourceAccount").asText());
        }
        if (in.hasNonNull("PrincipalOrgID")) {
            condition.with("StringEquals").put("aws:PrincipalOrgID", in.get("PrincipalOrgID").asText());
        }
        if (in.hasNonNull("EventSourceToken")) {
            condition.with("StringEquals").put("lambda:EventSourceToken", in.get("EventSourceToken").asText());
        }
        if (in.hasNonNull("FunctionUrlAuthType")) {
            condition.with("StringEquals").put("lambda:FunctionUrlAuthType", in.get("FunctionUrlAuthType").asText());
        }
        if (in.hasNonNull("SourceArn")) {
            condition.with("ArnLike").put("AWS:SourceArn", in.get("SourceArn").asText());
        }
        if (!condition.isEmpty()) {
            s.set("Condition", condition);
        }
        return s;
    }

    /** The qualifier a policy belongs to (null: the unqualified function); it must name a version or alias. */
    private String qualifier(RequestContext ctx, FunctionRecord f, ObjectNode in) {
        String q = FunctionNames.parse(in.get("FunctionName").asText(),
                in.hasNonNull("Qualifier") ? in.get("Qualifier").asText() : null).qualifier();
        if (q != null && !"$LATEST".equals(q)) {
            boolean exists = q.chars().allMatch(Character::isDigit)
                    ? functions.version(ctx.accountId(), ctx.region(), f.name(), q).isPresent()
                    : functions.alias(ctx.accountId(), ctx.region(), f.name(), q).isPresent();
            if (!exists) {
                throw FunctionNames.notFound(ctx, f.name() + ":" + q);
            }
        }
        return q;
    }

    private static void checkRevision(PolicyRecord policy, String revision) {
        if (revision != null && !revision.equals(policy.revisionId())) {
            throw new AwsException("PreconditionFailedException", "The Revision Id provided does not match the "
                    + "latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id");
        }
    }

    private static String key(FunctionRecord f, String qualifier) {
        return f.accountId() + "/" + f.region() + "/" + f.name() + "/" + (qualifier == null ? "" : qualifier);
    }

    private static JsonNode parse(String statement) {
        try {
            return JSON.readTree(statement);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
