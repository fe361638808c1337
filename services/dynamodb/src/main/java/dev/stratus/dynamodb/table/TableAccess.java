package dev.stratus.dynamodb.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.dynamodb.partiql.PartiqlActions;
import dev.stratus.platform.Operation;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.auth.CredentialResolver;
import dev.stratus.platform.iam.AccessRequest;
import dev.stratus.platform.iam.Decision;
import dev.stratus.platform.iam.IdentityPolicies;
import dev.stratus.platform.iam.PolicyEvaluator;
import dev.stratus.protocol.AwsException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which account a DynamoDB call acts in, and in strict mode whether it may: a TableName or ResourceArn given as an
 * ARN of another account acts on that account's table; strict mode then evaluates {@code dynamodb:<Operation>} on
 * the table (or index, or stream) ARN against the caller's identity policies and the resource's policy, as DynamoDB
 * does: an explicit Deny in either refuses; in the table's account an Allow in either grants; another account's
 * caller needs an Allow in both. Refusals are 400 AccessDeniedException. In-process calls (no access key) are not
 * checked. A PartiQL statement needs its own action ({@code dynamodb:PartiQLSelect}, {@code PartiQLInsert}, …).
 * DynamoDB Streams calls are checked the same way on the stream ARN ({@link #streamCall}).
 */
public final class TableAccess {
    private static final String ACCESS_DENIED = "com.amazon.coral.service#AccessDeniedException";
    private final TableCatalog catalog;
    private final CredentialResolver credentials;
    private final Clock clock;
    private final boolean enforce;

    public TableAccess(TableCatalog catalog, CredentialResolver credentials, Clock clock, boolean enforce) {
        this.catalog = catalog;
        this.credentials = credentials;
        this.clock = clock;
        this.enforce = enforce;
    }

    /** One resource a call touches: the action on it, its ARN, and whose policy governs it. */
    private record Target(String action, String arn, String owner, String table, String streamLabel) {
    }

    /** {@code operation} behind the account switch and, in strict mode, the authorization of {@code name}. */
    public Operation guard(String name, Operation operation) {
        return (ctx, in) -> {
            ObjectNode input = in;
            RequestContext acting = ctx;
            String tableName = in.path("TableName").asText(null);
            if (tableName != null && tableName.startsWith("arn:")) {
                // The call names its table by ARN: it acts in the table's account, on the table's name.
                input = in.deepCopy();
                input.put("TableName", TableCatalog.nameOf(tableName));
                acting = ctx.inAccount(accountOf(tableName, ctx.accountId()));
            }
            String resourceArn = in.path("ResourceArn").asText(null);
            if (resourceArn != null && resourceArn.startsWith("arn:")) {
                acting = ctx.inAccount(accountOf(resourceArn, ctx.accountId()));
            }
            if (enforce && (ctx.accessKeyId() != null || ctx.anonymous())) {
                for (Target target : targets(name, ctx, in)) {
                    authorize(ctx, target);
                }
            }
            return operation.call(acting, input);
        };
    }

    /**
     * A DynamoDB Streams call on {@code streamArn} (null for ListStreams): the context it acts in (the stream's
     * account), after strict mode's check of {@code dynamodb:<operation>} against the stream's policy.
     */
    public RequestContext streamCall(String operation, RequestContext ctx, String streamArn) {
        if (enforce && (ctx.accessKeyId() != null || ctx.anonymous())) {
            authorize(ctx, streamArn == null ? new Target("dynamodb:" + operation, "*", ctx.accountId(), null, null)
                    : resource("dynamodb:" + operation, ctx, streamArn));
        }
        return streamArn == null ? ctx : ctx.inAccount(accountOf(streamArn, ctx.accountId()));
    }

    /** The resources {@code operation} touches, with the action each needs. */
    private List<Target> targets(String operation, RequestContext ctx, ObjectNode in) {
        List<Target> out = new ArrayList<>();
        String action = "dynamodb:" + operation;
        switch (operation) {
            case "BatchGetItem", "BatchWriteItem" -> in.path("RequestItems").fieldNames()
                    .forEachRemaining(t -> out.add(table(action, ctx, t, null)));
            case "TransactWriteItems", "TransactGetItems" -> {
                for (JsonNode item : in.path("TransactItems")) {
                    for (Map.Entry<String, JsonNode> e : item.properties()) {
                        String itemAction = e.getKey().equals("ConditionCheck") ? "ConditionCheckItem"
                                : e.getKey() + "Item";
                        out.add(table("dynamodb:" + itemAction, ctx, e.getValue().path("TableName").asText(), null));
                    }
                }
            }
            case "ExecuteStatement" -> partiql(out, ctx, in);
            case "BatchExecuteStatement" -> in.path("Statements").forEach(s -> partiql(out, ctx, s));
            case "ExecuteTransaction" -> in.path("TransactStatements").forEach(s -> partiql(out, ctx, s));
            default -> {
                if (in.hasNonNull("TableName")) {
                    out.add(table(action, ctx, in.get("TableName").asText(), in.path("IndexName").asText(null)));
                } else if (in.hasNonNull("ResourceArn")) {
                    out.add(resource(action, ctx, in.get("ResourceArn").asText()));
                } else {
                    String arn = in.path("TargetTableName").isTextual()
                            ? ctx.arn("dynamodb", "table/" + in.get("TargetTableName").asText())
                            : in.path("BackupArn").asText("*");
                    out.add(new Target(action, arn, ctx.accountId(), null, null));
                }
            }
        }
        return out;
    }

    /** A PartiQL statement's action on its table; one that does not parse is left to the operation to refuse. */
    private static void partiql(List<Target> out, RequestContext ctx, JsonNode request) {
        PartiqlActions.of(request.path("Statement").asText(), request.get("Parameters"))
                .ifPresent(t -> out.add(table(t.action(), ctx, t.table(), t.index())));
    }

    private static Target table(String action, RequestContext ctx, String nameOrArn, String index) {
        String owner = nameOrArn.startsWith("arn:") ? accountOf(nameOrArn, ctx.accountId()) : ctx.accountId();
        String name = TableCatalog.nameOf(nameOrArn);
        String arn = "arn:aws:dynamodb:" + ctx.region() + ":" + owner + ":table/" + name
                + (index == null ? "" : "/index/" + index);
        return new Target(action, arn, owner, name, null);
    }

    private static Target resource(String action, RequestContext ctx, String arn) {
        String owner = accountOf(arn, ctx.accountId());
        int stream = arn.indexOf("/stream/");
        String label = stream < 0 ? null : arn.substring(stream + "/stream/".length());
        return new Target(action, arn, owner, arn.contains(":table/") ? TableCatalog.nameOf(arn) : null, label);
    }

    private static String accountOf(String arn, String fallback) {
        String[] parts = arn.split(":");
        return parts.length > 4 && !parts[4].isEmpty() ? parts[4] : fallback;
    }

    private void authorize(RequestContext ctx, Target target) {
        AccessRequest request = new AccessRequest(ctx.anonymous() ? null : ctx.principalArn(),
                ctx.anonymous() ? null : ctx.accountId(), target.action(), target.arn(),
                AccessRequest.globalConditionKeys(ctx, clock.instant()));
        Decision identity = IdentityPolicies.decision(credentials::identityPolicies, request);
        Decision resource = PolicyEvaluator.evaluate(policy(ctx, target), request);
        String refused = "User: " + ctx.principalArn() + " is not authorized to perform: " + target.action()
                + " on resource: " + target.arn();
        if (identity == Decision.DENY) {
            throw accessDenied(refused + " with an explicit deny in an identity-based policy");
        }
        if (resource == Decision.DENY) {
            throw accessDenied(refused + " with an explicit deny in a resource-based policy");
        }
        boolean sameAccount = target.owner().equals(request.principalAccount());
        if (sameAccount ? identity == Decision.ALLOW || resource == Decision.ALLOW
                : identity == Decision.ALLOW && resource == Decision.ALLOW) {
            return;
        }
        String missing = !sameAccount && resource != Decision.ALLOW ? "resource-based" : "identity-based";
        throw accessDenied(refused + " because no " + missing + " policy allows the " + target.action() + " action");
    }

    /** The table's (or stream's) resource policy in its owner's account; null when there is none. */
    private JsonNode policy(RequestContext ctx, Target target) {
        if (target.table() == null) {
            return null;
        }
        return catalog.find(ctx.inAccount(target.owner()), target.table())
                .map(t -> ResourcePolicies.document(t, target.streamLabel())).orElse(null);
    }

    private static AwsException accessDenied(String message) {
        return new AwsException(ACCESS_DENIED, message, 400);
    }
}
