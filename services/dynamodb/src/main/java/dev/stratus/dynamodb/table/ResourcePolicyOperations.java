package dev.stratus.dynamodb.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.dynamodb.DynamoErrors;
import dev.stratus.dynamodb.stream.StreamLog;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.state.DocumentStore;
import java.io.IOException;
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GetResourcePolicy, PutResourcePolicy and DeleteResourcePolicy for tables and their streams. Revision ids are
 * creation times in milliseconds (comparable, as AWS's are); putting the same document again keeps the revision.
 * The texts are the ones moto's AWS-verified tests (tests/test_dynamodb/test_dynamodb_resource_policy.py) recorded.
 */
public final class ResourcePolicyOperations {
    /** Compares ExpectedRevisionId with "no policy attached" (the API's documented sentinel). */
    static final String NO_POLICY = "NO_POLICY";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern ARN = Pattern.compile(
            "arn:[^:]+:dynamodb:[^:]*:[^:]*:table/([a-zA-Z0-9_.-]+)(?:/stream/([^/]+))?");
    private final TableCatalog catalog;
    private final Clock clock;

    public ResourcePolicyOperations(TableCatalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    /** A table or stream named by a ResourceArn. */
    private record Target(Table table, String streamLabel, String arn) {
    }

    private Target target(RequestContext ctx, String arn) {
        Matcher m = ARN.matcher(arn);
        if (!m.matches()) {
            throw DynamoErrors.validation("One or more parameter values were invalid: Provided Arn is not a DynamoDB "
                    + "resource arn: " + arn);
        }
        String name = m.group(1);
        // A table still CREATING is not found yet, as AWS answers right after CreateTable.
        Table table = catalog.find(ctx, name).filter(t -> !TableStates.status(t, clock.millis()).equals("CREATING"))
                .orElseThrow(() -> DynamoErrors.resourceNotFound("Requested resource not found: Table: " + name
                        + " not found"));
        String label = m.group(2);
        if (label != null && !label.equals(StreamLog.label(table))) {
            throw DynamoErrors.resourceNotFound("Requested resource not found: Stream: " + arn + " not found");
        }
        return new Target(table, label, arn);
    }

    public JsonNode getResourcePolicy(RequestContext ctx, ObjectNode input) {
        Target target = target(ctx, input.get("ResourceArn").asText());
        ResourcePolicies.Stored stored = ResourcePolicies.of(target.table(), target.streamLabel());
        if (stored == null) {
            throw notFound(target.arn());
        }
        return NODES.objectNode().put("Policy", stored.policy()).put("RevisionId", stored.revisionId());
    }

    public JsonNode putResourcePolicy(RequestContext ctx, ObjectNode input) {
        Target target = target(ctx, input.get("ResourceArn").asText());
        requireNotDeleting(target.table());
        String policy = input.get("Policy").asText();
        checkDocument(policy);
        ResourcePolicies.Stored current = ResourcePolicies.of(target.table(), target.streamLabel());
        checkExpected(input, current, target);
        if (current != null && current.policy().equals(policy)) {
            return NODES.objectNode().put("RevisionId", current.revisionId());
        }
        String revision = nextRevision(current);
        save(ctx, target, policy, revision);
        return NODES.objectNode().put("RevisionId", revision);
    }

    public JsonNode deleteResourcePolicy(RequestContext ctx, ObjectNode input) {
        Target target = target(ctx, input.get("ResourceArn").asText());
        requireNotDeleting(target.table());
        ResourcePolicies.Stored current = ResourcePolicies.of(target.table(), target.streamLabel());
        if (current == null) {
            throw notFound(target.arn());
        }
        checkExpected(input, current, target);
        save(ctx, target, null, null);
        return NODES.objectNode().put("RevisionId", nextRevision(current));
    }

    /** ExpectedRevisionId: NO_POLICY needs no policy attached, anything else the current revision. */
    private static void checkExpected(ObjectNode input, ResourcePolicies.Stored current, Target target) {
        String expected = input.path("ExpectedRevisionId").asText(null);
        if (expected == null) {
            return;
        }
        String table = target.table().name();
        if (expected.equals(NO_POLICY)) {
            if (current != null) {
                throw DynamoErrors.of("PolicyNotFoundException", "Resource-based policy not found for the provided "
                        + "ResourceArn: Requested policy update expecting none to be present for table " + table
                        + ", but a policy exists with revision id " + current.revisionId() + ".");
            }
            return;
        }
        if (current == null) {
            throw notFound(target.arn());
        }
        if (!expected.equals(current.revisionId())) {
            throw DynamoErrors.of("PolicyNotFoundException", "Resource-based policy not found for the provided "
                    + "ResourceArn: Requested update for policy with revision id " + expected + ", but the policy "
                    + "associated to target table " + table + " has revision id " + current.revisionId() + ".");
        }
    }

    private static dev.stratus.protocol.AwsException notFound(String arn) {
        return DynamoErrors.of("PolicyNotFoundException", "Resource-based policy not found for the provided "
                + "ResourceArn: " + arn);
    }

    /** Policies are JSON documents of at most 20 KB (DynamoDB's limit, whitespace counted). */
    private static void checkDocument(String policy) {
        if (policy.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 20 * 1024) {
            throw DynamoErrors.validation("Resource-based policy size exceeds the maximum allowed size of 20 KB");
        }
        try {
            JsonNode doc = DocumentStore.MAPPER.readTree(policy);
            if (doc == null || !doc.isObject()) {
                throw new IOException("not an object");
            }
        } catch (IOException e) {
            throw DynamoErrors.validation("Invalid policy document: the policy is not valid JSON");
        }
    }

    private static void requireNotDeleting(Table table) {
        if (TableStates.deleting(table)) {
            throw DynamoErrors.resourceInUse("Attempt to change a resource which is still in use: Table is being "
                    + "deleted: " + table.name());
        }
    }

    /** A revision later than {@code current}'s: the time in milliseconds, moved on when the clock has not. */
    private String nextRevision(ResourcePolicies.Stored current) {
        long now = clock.millis();
        if (current != null) {
            try {
                now = Math.max(now, Long.parseLong(current.revisionId()) + 1);
            } catch (NumberFormatException ignored) {
                // a revision from elsewhere: the clock decides
            }
        }
        return Long.toString(now);
    }

    private void save(RequestContext ctx, Target target, String policy, String revision) {
        Table t = target.table();
        ObjectNode spec = t.spec().deepCopy();
        ResourcePolicies.set(spec, target.streamLabel(), policy, revision);
        catalog.put(ctx, new Table(t.name(), t.id(), t.arn(), t.createdMillis(), spec, t.tags()));
    }
}
