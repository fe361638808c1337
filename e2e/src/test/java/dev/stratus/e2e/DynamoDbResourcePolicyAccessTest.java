package dev.stratus.e2e;

import static dev.stratus.e2e.DynamoDbItemTest.n;
import static dev.stratus.e2e.DynamoDbItemTest.s;
import static dev.stratus.e2e.DynamoDbTableTest.hashRange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.platform.StratusConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;

/**
 * Strict mode evaluates DynamoDB calls against the table's resource policy and the caller's identity policies, as
 * DynamoDB does: in the table's account either allows, from another account both must, an explicit Deny wins.
 */
class DynamoDbResourcePolicyAccessTest {
    static final String ACCOUNT = StrictAuthTest.ACCOUNT;
    static final String OTHER_ACCOUNT = "222233334444";
    static final String OTHER_KEY = "AKIAOTHERACCOUNT0002";
    static final String OTHER_SECRET = "other/secret";
    static final StratusServer stratus = StratusServer.start(StratusConfig.forTests()
            .withAuth(StratusConfig.AuthMode.STRICT, twoAccounts()));
    static final DynamoDbClient owner = dynamo(StrictAuthTest.KEY, StrictAuthTest.SECRET);
    static final DynamoDbClient other = dynamo(OTHER_KEY, OTHER_SECRET);
    static final Map<String, AttributeValue> KEY = Map.of("pk", s("a"), "sk", n("1"));
    static DynamoDbClient carol;
    static AccessKey carolKey;
    static AccessKey lastKey;
    static DynamoDbClient dave;

    static String arn(String table) {
        return "arn:aws:dynamodb:us-east-1:" + ACCOUNT + ":table/" + table;
    }

    static String allow(String principal, String action, String table) {
        return """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "%s"},
                  "Action": "%s", "Resource": "%s"}]}""".formatted(principal, action, arn(table));
    }

    @BeforeAll
    static void setUp() {
        try (IamClient iam = stratus.client(IamClient.builder(), StrictAuthTest.KEY, StrictAuthTest.SECRET)) {
            carol = userClient(iam, "carol"); // no identity policy
            carolKey = lastKey;
            dave = userClient(iam, "dave");
            iam.putUserPolicy(p -> p.userName("dave").policyName("all").policyDocument("""
                    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "dynamodb:*",
                      "Resource": "*"}]}"""));
        }
        for (String table : new String[] {"private", "shared", "for-carol", "no-dave"}) {
            owner.createTable(hashRange(table).build());
            owner.putItem(r -> r.tableName(table).item(KEY));
        }
        owner.putResourcePolicy(r -> r.resourceArn(arn("shared")).policy(allow(OTHER_ACCOUNT, "dynamodb:GetItem", "shared")));
        owner.putResourcePolicy(r -> r.resourceArn(arn("for-carol"))
                .policy(allow("arn:aws:iam::" + ACCOUNT + ":user/carol", "dynamodb:GetItem", "for-carol")));
        owner.putResourcePolicy(r -> r.resourceArn(arn("no-dave")).policy("""
                {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": {"AWS": "%s"},
                  "Action": ["dynamodb:PutItem", "dynamodb:BatchWriteItem", "dynamodb:PartiQLDelete"],
                  "Resource": "%s"}]}""".formatted(
                "arn:aws:iam::" + ACCOUNT + ":user/dave", arn("no-dave"))));
    }

    @AfterAll
    static void stop() {
        for (DynamoDbClient c : new DynamoDbClient[] {carol, dave, other, owner}) {
            c.close();
        }
        stratus.close();
    }

    private static void denied(ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(DynamoDbException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
        });
    }

    @Test
    void inTheTablesAccountAnIdentityPolicyOrTheTablePolicyGrants() {
        assertThat(owner.getItem(r -> r.tableName("private").key(KEY)).item()).containsKey("pk");
        assertThat(dave.getItem(r -> r.tableName("private").key(KEY)).item()).containsKey("pk");
        denied(() -> carol.getItem(r -> r.tableName("private").key(KEY)), "User: arn:aws:iam::" + ACCOUNT
                + ":user/carol is not authorized to perform: dynamodb:GetItem on resource: " + arn("private")
                + " because no identity-based policy allows the dynamodb:GetItem action");
        // The table's policy names carol, which is enough in its own account.
        assertThat(carol.getItem(r -> r.tableName("for-carol").key(KEY)).item()).containsKey("pk");
        denied(() -> carol.putItem(r -> r.tableName("for-carol").item(KEY)), "User: arn:aws:iam::" + ACCOUNT
                + ":user/carol is not authorized to perform: dynamodb:PutItem on resource: " + arn("for-carol")
                + " because no identity-based policy allows the dynamodb:PutItem action");
    }

    @Test
    void anExplicitDenyInTheTablePolicyWins() {
        dave.getItem(r -> r.tableName("no-dave").key(KEY));
        denied(() -> dave.putItem(r -> r.tableName("no-dave").item(KEY)), "User: arn:aws:iam::" + ACCOUNT
                + ":user/dave is not authorized to perform: dynamodb:PutItem on resource: " + arn("no-dave")
                + " with an explicit deny in a resource-based policy");
        denied(() -> dave.batchWriteItem(r -> r.requestItems(Map.of("no-dave", java.util.List.of(
                software.amazon.awssdk.services.dynamodb.model.WriteRequest.builder().putRequest(p -> p.item(KEY))
                        .build())))), "User: arn:aws:iam::" + ACCOUNT + ":user/dave is not authorized to perform: "
                + "dynamodb:BatchWriteItem on resource: " + arn("no-dave")
                + " with an explicit deny in a resource-based policy");
    }

    @Test
    void anotherAccountReadsATableByArnOnlyWhereItsPolicyAllows() {
        assertThat(other.getItem(r -> r.tableName(arn("shared")).key(KEY)).item()).containsEntry("pk", s("a"));
        denied(() -> other.putItem(r -> r.tableName(arn("shared")).item(KEY)), "User: arn:aws:iam::" + OTHER_ACCOUNT
                + ":root is not authorized to perform: dynamodb:PutItem on resource: " + arn("shared")
                + " because no resource-based policy allows the dynamodb:PutItem action");
        denied(() -> other.getItem(r -> r.tableName(arn("private")).key(KEY)), "User: arn:aws:iam::" + OTHER_ACCOUNT
                + ":root is not authorized to perform: dynamodb:GetItem on resource: " + arn("private")
                + " because no resource-based policy allows the dynamodb:GetItem action");
        // Its own tables are its own: a plain name means the caller's account.
        other.createTable(hashRange("shared").build());
        assertThat(other.getItem(r -> r.tableName("shared").key(KEY)).hasItem()).isFalse();
    }

    @Test
    void partiqlStatementsNeedTheirOwnActions() {
        // carol's grant on for-carol is dynamodb:GetItem, which does not cover a PartiQL SELECT.
        denied(() -> carol.executeStatement(r -> r.statement("SELECT * FROM \"for-carol\"")), "User: arn:aws:iam::"
                + ACCOUNT + ":user/carol is not authorized to perform: dynamodb:PartiQLSelect on resource: "
                + arn("for-carol") + " because no identity-based policy allows the dynamodb:PartiQLSelect action");
        assertThat(dave.executeStatement(r -> r.statement("SELECT * FROM \"no-dave\"")).items()).hasSize(1);
        assertThat(owner.executeStatement(r -> r.statement("SELECT * FROM \"private\"")).items()).hasSize(1);
        denied(() -> dave.executeTransaction(r -> r.transactStatements(t -> t.statement(
                "DELETE FROM \"no-dave\" WHERE pk = 'a' AND sk = 1"))), "User: arn:aws:iam::" + ACCOUNT
                + ":user/dave is not authorized to perform: dynamodb:PartiQLDelete on resource: " + arn("no-dave")
                + " with an explicit deny in a resource-based policy");
    }

    @Test
    void aStreamPolicyLetsAnotherAccountReadTheStream() {
        String stream = owner.createTable(hashRange("streamed").streamSpecification(st -> st.streamEnabled(true)
                .streamViewType(StreamViewType.KEYS_ONLY)).build()).tableDescription().latestStreamArn();
        owner.putItem(r -> r.tableName("streamed").item(KEY));
        owner.putResourcePolicy(r -> r.resourceArn(stream).policy("""
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "%s"},
                  "Action": ["dynamodb:DescribeStream", "dynamodb:GetShardIterator", "dynamodb:GetRecords"],
                  "Resource": "%s"}]}""".formatted(OTHER_ACCOUNT, stream)));
        try (DynamoDbStreamsClient otherStreams = streams(OTHER_KEY, OTHER_SECRET);
             DynamoDbStreamsClient carolStreams = streams(carolKey.accessKeyId(), carolKey.secretAccessKey())) {
            String shard = otherStreams.describeStream(r -> r.streamArn(stream)).streamDescription().shards()
                    .getFirst().shardId();
            String iterator = otherStreams.getShardIterator(r -> r.streamArn(stream).shardId(shard)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            assertThat(otherStreams.getRecords(r -> r.shardIterator(iterator)).records()).hasSize(1);
            denied(() -> carolStreams.describeStream(r -> r.streamArn(stream)), "User: arn:aws:iam::" + ACCOUNT
                    + ":user/carol is not authorized to perform: dynamodb:DescribeStream on resource: " + stream
                    + " because no identity-based policy allows the dynamodb:DescribeStream action");
        }
    }

    private static DynamoDbStreamsClient streams(String key, String secret) {
        return stratus.client(DynamoDbStreamsClient.builder()
                .overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none())), key, secret);
    }

    private static DynamoDbClient userClient(IamClient iam, String name) {
        iam.createUser(u -> u.userName(name));
        AccessKey key = iam.createAccessKey(k -> k.userName(name)).accessKey();
        lastKey = key;
        return dynamo(key.accessKeyId(), key.secretAccessKey());
    }

    private static DynamoDbClient dynamo(String key, String secret) {
        return stratus.client(DynamoDbClient.builder().overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none())),
                key, secret);
    }

    private static Path twoAccounts() {
        try {
            Path file = Files.createTempFile("stratus-credentials", ".ini");
            file.toFile().deleteOnExit();
            Files.writeString(file, "[default]\naws_access_key_id = " + StrictAuthTest.KEY
                    + "\naws_secret_access_key = " + StrictAuthTest.SECRET + "\naws_account_id = " + ACCOUNT
                    + "\n[other]\naws_access_key_id = " + OTHER_KEY + "\naws_secret_access_key = " + OTHER_SECRET
                    + "\naws_account_id = " + OTHER_ACCOUNT + "\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
