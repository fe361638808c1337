package dev.stratus.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.AwsException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Layer version resource policies (Add/RemoveLayerVersionPermission, GetLayerVersionPolicy). They are stored and
 * returned; Stratus does not share layers across accounts, so they do not change who can use a layer.
 */
final class LayerPermissionOperations {
    private final LayerStore store;
    private final LayerOperations layers;

    LayerPermissionOperations(LayerStore store, LayerOperations layers) {
        this.store = store;
        this.layers = layers;
    }

    JsonNode addLayerVersionPermission(RequestContext ctx, ObjectNode in) {
        LayerVersionRecord v = version(ctx, in);
        LayerPolicyRecord policy = store.policy(v).orElse(new LayerPolicyRecord(List.of(), null));
        checkRevision(policy, in);
        String sid = in.path("StatementId").asText();
        if (policy.statements().stream().anyMatch(s -> s.sid().equals(sid))) {
            throw new AwsException("ResourceConflictException", "The statement id (" + sid + ") provided already "
                    + "exists. Please provide a new statement id, or remove the existing statement.");
        }
        LayerPolicyRecord.Statement s = new LayerPolicyRecord.Statement(sid, in.path("Action").asText(),
                in.path("Principal").asText(), in.hasNonNull("OrganizationId")
                        ? in.get("OrganizationId").asText() : null);
        List<LayerPolicyRecord.Statement> statements = new ArrayList<>(policy.statements());
        statements.add(s);
        LayerPolicyRecord updated = new LayerPolicyRecord(statements, UUID.randomUUID().toString());
        store.putPolicy(v, updated);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("Statement", statement(v, s).toString());
        out.put("RevisionId", updated.revisionId());
        return out;
    }

    JsonNode removeLayerVersionPermission(RequestContext ctx, ObjectNode in) {
        LayerVersionRecord v = version(ctx, in);
        LayerPolicyRecord policy = store.policy(v).filter(p -> !p.statements().isEmpty())
                .orElseThrow(LayerPermissionOperations::noPolicy);
        checkRevision(policy, in);
        String sid = in.path("StatementId").asText();
        List<LayerPolicyRecord.Statement> kept = policy.statements().stream().filter(s -> !s.sid().equals(sid))
                .toList();
        if (kept.size() == policy.statements().size()) {
            throw new AwsException("ResourceNotFoundException", "Statement " + sid
                    + " is not found in resource policy.");
        }
        store.putPolicy(v, new LayerPolicyRecord(kept, UUID.randomUUID().toString()));
        return null;
    }

    JsonNode getLayerVersionPolicy(RequestContext ctx, ObjectNode in) {
        LayerVersionRecord v = version(ctx, in);
        LayerPolicyRecord policy = store.policy(v).filter(p -> !p.statements().isEmpty())
                .orElseThrow(LayerPermissionOperations::noPolicy);
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.put("Version", "2012-10-17");
        doc.put("Id", "default");
        var arr = doc.putArray("Statement");
        policy.statements().forEach(s -> arr.add(statement(v, s)));
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("Policy", doc.toString());
        out.put("RevisionId", policy.revisionId());
        return out;
    }

    private LayerVersionRecord version(RequestContext ctx, ObjectNode in) {
        return layers.find(ctx.accountId(), ctx.region(), LayerOperations.layerName(in),
                in.path("VersionNumber").asLong());
    }

    /** A statement as AWS renders it: an account id principal becomes its root ARN. */
    private static ObjectNode statement(LayerVersionRecord v, LayerPolicyRecord.Statement s) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("Sid", s.sid());
        n.put("Effect", "Allow");
        if ("*".equals(s.principal())) {
            n.put("Principal", "*");
        } else {
            String arn = s.principal().startsWith("arn:") ? s.principal() : "arn:aws:iam::" + s.principal() + ":root";
            n.putObject("Principal").put("AWS", arn);
        }
        n.put("Action", s.action());
        n.put("Resource", v.layerVersionArn());
        if (s.organizationId() != null) {
            n.putObject("Condition").putObject("StringEquals").put("aws:PrincipalOrgID", s.organizationId());
        }
        return n;
    }

    private static void checkRevision(LayerPolicyRecord policy, ObjectNode in) {
        if (in.hasNonNull("RevisionId") && !in.get("RevisionId").asText().equals(policy.revisionId())) {
            throw new AwsException("PreconditionFailedException", "The Revision Id provided does not match the "
                    + "latest Revision Id. Call the GetLayerVersionPolicy API to retrieve the latest Revision Id");
        }
    }

    private static AwsException noPolicy() {
        return new AwsException("ResourceNotFoundException", "No policy is associated with the given resource.");
    }
}
