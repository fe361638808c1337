package dev.stratus.e2e;

import static dev.stratus.e2e.DynamoDbTableTest.hashRange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.PolicyNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/** GetResourcePolicy, PutResourcePolicy and DeleteResourcePolicy on tables and streams, with revision checks. */
class DynamoDbResourcePolicyTest {
    static final StratusServer stratus = StratusServer.start();
    static final DynamoDbClient ddb = stratus.client(DynamoDbClient.builder());

    @AfterAll
    static void stop() {
        stratus.close();
    }

    static String policy(String action) {
        return """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "000000000000"},
                  "Action": "%s", "Resource": "*"}]}""".formatted(action);
    }

    private static void fails(ThrowingCallable call, Class<? extends DynamoDbException> type, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(type, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
        });
    }

    @Test
    void aTablePolicyIsPutReadReplacedAndDeletedByRevision() {
        String arn = ddb.createTable(hashRange("guarded").build()).tableDescription().tableArn();
        fails(() -> ddb.getResourcePolicy(r -> r.resourceArn(arn)), PolicyNotFoundException.class,
                "Resource-based policy not found for the provided ResourceArn: " + arn);

        String first = ddb.putResourcePolicy(r -> r.resourceArn(arn).policy(policy("dynamodb:*"))).revisionId();
        var read = ddb.getResourcePolicy(r -> r.resourceArn(arn));
        assertThat(read.revisionId()).isEqualTo(first);
        assertThat(read.policy()).isEqualTo(policy("dynamodb:*"));
        // The same document again is a no-op; a different one gets a later revision.
        assertThat(ddb.putResourcePolicy(r -> r.resourceArn(arn).policy(policy("dynamodb:*"))).revisionId())
                .isEqualTo(first);
        String second = ddb.putResourcePolicy(r -> r.resourceArn(arn).policy(policy("dynamodb:GetItem"))
                .expectedRevisionId(first)).revisionId();
        assertThat(Long.parseLong(second)).isGreaterThan(Long.parseLong(first));

        fails(() -> ddb.putResourcePolicy(r -> r.resourceArn(arn).policy(policy("dynamodb:PutItem"))
                .expectedRevisionId(first)), PolicyNotFoundException.class,
                "Resource-based policy not found for the provided ResourceArn: Requested update for policy with "
                        + "revision id " + first + ", but the policy associated to target table guarded has revision "
                        + "id " + second + ".");
        fails(() -> ddb.putResourcePolicy(r -> r.resourceArn(arn).policy(policy("dynamodb:PutItem"))
                .expectedRevisionId("NO_POLICY")), PolicyNotFoundException.class,
                "Resource-based policy not found for the provided ResourceArn: Requested policy update expecting none "
                        + "to be present for table guarded, but a policy exists with revision id " + second + ".");
        fails(() -> ddb.deleteResourcePolicy(r -> r.resourceArn(arn).expectedRevisionId("unknown")),
                PolicyNotFoundException.class, "Resource-based policy not found for the provided ResourceArn: "
                        + "Requested update for policy with revision id unknown, but the policy associated to target "
                        + "table guarded has revision id " + second + ".");

        ddb.deleteResourcePolicy(r -> r.resourceArn(arn).expectedRevisionId(second));
        fails(() -> ddb.getResourcePolicy(r -> r.resourceArn(arn)), PolicyNotFoundException.class,
                "Resource-based policy not found for the provided ResourceArn: " + arn);
        fails(() -> ddb.deleteResourcePolicy(r -> r.resourceArn(arn)), PolicyNotFoundException.class,
                "Resource-based policy not found for the provided ResourceArn: " + arn);
        assertThat(ddb.putResourcePolicy(r -> r.resourceArn(arn).policy(policy("dynamodb:Query"))
                .expectedRevisionId("NO_POLICY")).revisionId()).isNotBlank();
    }

    @Test
    void createTableAttachesItsPolicyAndUnknownTablesAreNotFound() {
        String arn = ddb.createTable(hashRange("born-guarded").resourcePolicy(policy("dynamodb:GetItem")).build())
                .tableDescription().tableArn();
        assertThat(ddb.getResourcePolicy(r -> r.resourceArn(arn)).policy()).isEqualTo(policy("dynamodb:GetItem"));
        fails(() -> ddb.getResourcePolicy(r -> r.resourceArn(arn + "unknown")), ResourceNotFoundException.class,
                "Requested resource not found: Table: born-guardedunknown not found");
        fails(() -> ddb.putResourcePolicy(r -> r.resourceArn(arn + "_").policy(policy("dynamodb:*"))),
                ResourceNotFoundException.class, "Requested resource not found: Table: born-guarded_ not found");
        fails(() -> ddb.deleteResourcePolicy(r -> r.resourceArn(arn + "_")), ResourceNotFoundException.class,
                "Requested resource not found: Table: born-guarded_ not found");
        String backup = arn + "/backup/0170";
        fails(() -> ddb.getResourcePolicy(r -> r.resourceArn(backup)), DynamoDbException.class,
                "One or more parameter values were invalid: Provided Arn is not a DynamoDB resource arn: " + backup);
    }

    @Test
    void aStreamHasItsOwnPolicy() {
        var table = ddb.createTable(hashRange("streamed-guarded").streamSpecification(s -> s.streamEnabled(true)
                .streamViewType(StreamViewType.NEW_IMAGE)).build()).tableDescription();
        String stream = table.latestStreamArn();
        String revision = ddb.putResourcePolicy(r -> r.resourceArn(stream).policy(policy("dynamodb:GetRecords")))
                .revisionId();
        assertThat(ddb.getResourcePolicy(r -> r.resourceArn(stream)).revisionId()).isEqualTo(revision);
        fails(() -> ddb.getResourcePolicy(r -> r.resourceArn(table.tableArn())), PolicyNotFoundException.class,
                "Resource-based policy not found for the provided ResourceArn: " + table.tableArn());
    }
}
