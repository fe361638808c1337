package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

class DynamoDbTableTest {
    static final StratusServer stratus = StratusServer.start();
    final DynamoDbClient ddb = stratus.client(DynamoDbClient.builder());

    @AfterAll
    static void stop() {
        stratus.close();
    }

    static CreateTableRequest.Builder hashRange(String name) {
        return CreateTableRequest.builder().tableName(name)
                .attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("sk", ScalarAttributeType.N))
                .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE))
                .billingMode(BillingMode.PAY_PER_REQUEST);
    }

    /** Waits (bounded) until no global secondary index of the table is backfilling any more. */
    static void awaitIndexesActive(software.amazon.awssdk.services.dynamodb.DynamoDbClient ddb, String table) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (ddb.describeTable(r -> r.tableName(table)).table().globalSecondaryIndexes().stream()
                .anyMatch(i -> !i.indexStatusAsString().equals("ACTIVE"))) {
            assertThat(System.nanoTime()).as("index backfill of " + table + " finished").isLessThan(deadline);
            try {
                Thread.sleep(10); // a background job: nothing to wait on but the table's state
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static AttributeDefinition attr(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    @Test
    void createDescribeListAndDeleteATable() {
        TableDescription created = ddb.createTable(hashRange("orders")
                .tags(Tag.builder().key("team").value("core").build()).build()).tableDescription();
        assertThat(created.tableStatus()).isEqualTo(TableStatus.CREATING);
        assertThat(ddb.describeTable(r -> r.tableName("orders")).table().tableStatus()).isEqualTo(TableStatus.ACTIVE);
        assertThat(created.tableArn()).isEqualTo("arn:aws:dynamodb:us-east-1:000000000000:table/orders");
        assertThat(created.tableId()).isNotBlank();
        assertThat(created.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);

        TableDescription described = ddb.describeTable(r -> r.tableName("orders")).table();
        assertThat(described.keySchema()).extracting(KeySchemaElement::attributeName).containsExactly("pk", "sk");
        assertThat(described.itemCount()).isZero();
        assertThat(described.creationDateTime()).isNotNull();
        assertThat(ddb.listTables().tableNames()).contains("orders");
        assertThat(ddb.listTagsOfResource(r -> r.resourceArn(created.tableArn())).tags())
                .containsExactly(Tag.builder().key("team").value("core").build());

        ddb.deleteTable(r -> r.tableName("orders"));
        assertThatThrownBy(() -> ddb.describeTable(r -> r.tableName("orders")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Requested resource not found: Table: orders not found");
    }

    @Test
    void creatingAnExistingTableIsResourceInUse() {
        ddb.createTable(hashRange("twice").build());
        assertThatThrownBy(() -> ddb.createTable(hashRange("twice").build()))
                .isInstanceOf(ResourceInUseException.class)
                .hasMessageContaining("Table already exists: twice");
    }

    @Test
    void keySchemaMustMatchAttributeDefinitions() {
        assertThatThrownBy(() -> ddb.createTable(hashRange("bad1")
                .attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("sk", ScalarAttributeType.N),
                        attr("extra", ScalarAttributeType.S)).build()))
                .isInstanceOf(DynamoDbException.class)
                .satisfies(e -> assertThat(((DynamoDbException) e).awsErrorDetails().errorCode()).isEqualTo("ValidationException"))
                .hasMessageContaining("Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions");
        // More key elements than definitions: DynamoDB's text (dynalite's test/createTable.js, verified on DynamoDB).
        assertThatThrownBy(() -> ddb.createTable(hashRange("bad2")
                .attributeDefinitions(attr("pk", ScalarAttributeType.S)).build()))
                .hasMessageContaining("Invalid KeySchema: Some index key attribute have no definition");
        assertThatThrownBy(() -> ddb.createTable(hashRange("bad3")
                .attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("other", ScalarAttributeType.N)).build()))
                .hasMessageContaining("Some index key attributes are not defined in AttributeDefinitions. Keys: [pk, sk], "
                        + "AttributeDefinitions: [other, pk]");
    }

    @Test
    void provisionedBillingNeedsThroughputAndOnDemandForbidsIt() {
        assertThatThrownBy(() -> ddb.createTable(hashRange("p1").billingMode(BillingMode.PROVISIONED).build()))
                .hasMessageContaining("ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
        assertThatThrownBy(() -> ddb.createTable(hashRange("p2")
                .provisionedThroughput(ProvisionedThroughput.builder().readCapacityUnits(1L).writeCapacityUnits(1L).build()).build()))
                .hasMessageContaining("Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
        TableDescription t = ddb.createTable(hashRange("p3").billingMode(BillingMode.PROVISIONED)
                .provisionedThroughput(ProvisionedThroughput.builder().readCapacityUnits(5L).writeCapacityUnits(7L).build())
                .build()).tableDescription();
        assertThat(t.provisionedThroughput().readCapacityUnits()).isEqualTo(5L);
        assertThat(t.provisionedThroughput().writeCapacityUnits()).isEqualTo(7L);
        TableDescription updated = ddb.updateTable(r -> r.tableName("p3").billingMode(BillingMode.PAY_PER_REQUEST))
                .tableDescription();
        assertThat(updated.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
    }

    @Test
    void indexesAreDescribed() {
        TableDescription t = ddb.createTable(hashRange("indexed")
                .attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("sk", ScalarAttributeType.N),
                        attr("lsk", ScalarAttributeType.S), attr("gpk", ScalarAttributeType.S))
                .localSecondaryIndexes(LocalSecondaryIndex.builder().indexName("bylsk")
                        .keySchema(key("pk", KeyType.HASH), key("lsk", KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)).build())
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("bygpk")
                        .keySchema(key("gpk", KeyType.HASH))
                        .projection(p -> p.projectionType(ProjectionType.INCLUDE).nonKeyAttributes("note")).build())
                .build()).tableDescription();
        assertThat(t.localSecondaryIndexes()).singleElement()
                .satisfies(i -> assertThat(i.indexArn()).endsWith("table/indexed/index/bylsk"));
        assertThat(t.globalSecondaryIndexes()).singleElement()
                .satisfies(i -> assertThat(i.indexStatusAsString()).isEqualTo("ACTIVE"));
    }

    @Test
    void aLocalIndexNeedsATableWithASortKey() {
        assertThatThrownBy(() -> ddb.createTable(CreateTableRequest.builder().tableName("nolsi")
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("lsk", ScalarAttributeType.S))
                .keySchema(key("pk", KeyType.HASH))
                .localSecondaryIndexes(LocalSecondaryIndex.builder().indexName("bylsk")
                        .keySchema(key("pk", KeyType.HASH), key("lsk", KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.ALL)).build()).build()))
                .hasMessageContaining("Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex");
    }

    @Test
    void deletionProtectionBlocksDeleteTable() {
        ddb.createTable(hashRange("guarded").deletionProtectionEnabled(true).build());
        assertThatThrownBy(() -> ddb.deleteTable(r -> r.tableName("guarded")))
                .isInstanceOf(ResourceInUseException.class);
        ddb.updateTable(r -> r.tableName("guarded").deletionProtectionEnabled(false));
        ddb.deleteTable(r -> r.tableName("guarded"));
    }

    @Test
    void timeToLiveIsConfigurable() {
        ddb.createTable(hashRange("ttl").build());
        assertThat(ddb.describeTimeToLive(r -> r.tableName("ttl")).timeToLiveDescription().timeToLiveStatus())
                .isEqualTo(TimeToLiveStatus.DISABLED);
        ddb.updateTimeToLive(r -> r.tableName("ttl").timeToLiveSpecification(s -> s.enabled(true).attributeName("exp")));
        var d = ddb.describeTimeToLive(r -> r.tableName("ttl")).timeToLiveDescription();
        assertThat(d.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
        assertThat(d.attributeName()).isEqualTo("exp");
    }

    @Test
    void listTablesPaginates() {
        for (String n : new String[] {"page-a", "page-b", "page-c"}) {
            ddb.createTable(hashRange(n).build());
        }
        var first = ddb.listTables(r -> r.exclusiveStartTableName("page-").limit(2));
        assertThat(first.tableNames()).containsExactly("page-a", "page-b");
        assertThat(first.lastEvaluatedTableName()).isEqualTo("page-b");
        assertThat(ddb.listTables(r -> r.exclusiveStartTableName("page-b").limit(1)).tableNames())
                .containsExactly("page-c");
    }

    @Test
    void tagsCanBeAddedAndRemoved() {
        String arn = ddb.createTable(hashRange("tagged").build()).tableDescription().tableArn();
        ddb.tagResource(r -> r.resourceArn(arn).tags(Tag.builder().key("a").value("1").build(),
                Tag.builder().key("b").value("2").build()));
        ddb.untagResource(r -> r.resourceArn(arn).tagKeys("a"));
        assertThat(ddb.listTagsOfResource(r -> r.resourceArn(arn)).tags()).extracting(Tag::key).containsExactly("b");
    }
}
