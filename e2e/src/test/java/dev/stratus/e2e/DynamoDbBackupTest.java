package dev.stratus.e2e;

import static dev.stratus.e2e.DynamoDbItemTest.key;
import static dev.stratus.e2e.DynamoDbItemTest.n;
import static dev.stratus.e2e.DynamoDbItemTest.s;
import static dev.stratus.e2e.DynamoDbTableTest.attr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.platform.StratusConfig;
import dev.stratus.platform.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupDescription;
import software.amazon.awssdk.services.dynamodb.model.BackupDetails;
import software.amazon.awssdk.services.dynamodb.model.BackupNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.BackupStatus;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.InvalidRestoreTimeException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryUnavailableException;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableAlreadyExistsException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableNotFoundException;

/** On-demand backups and point-in-time recovery, with the server's clock moved by hand. */
class DynamoDbBackupTest {
    static final MutableClock clock = new MutableClock(Instant.now());
    static final StratusServer stratus = StratusServer.start(clock);
    static final DynamoDbClient ddb = stratus.client(DynamoDbClient.builder());

    @BeforeAll
    static void table() {
        ddb.createTable(DynamoDbTableTest.hashRange("src")
                .attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("sk", ScalarAttributeType.N),
                        attr("g", ScalarAttributeType.S))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("byg")
                        .keySchema(DynamoDbTableTest.key("g", KeyType.HASH))
                        .projection(p -> p.projectionType(ProjectionType.ALL)).build())
                .build());
        for (int i = 0; i < 3; i++) {
            int sk = i;
            ddb.putItem(r -> r.tableName("src").item(Map.of("pk", s("p"), "sk", n(String.valueOf(sk)), "g", s("x"))));
        }
    }

    @AfterAll
    static void stop() {
        stratus.close();
    }

    static List<String> sortKeys(String table) {
        return ddb.query(r -> r.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p")))).items().stream().map(i -> i.get("sk").n()).toList();
    }

    @Test
    void backupRestoresItemsAndIndexesIntoANewTable() {
        BackupDetails details = ddb.createBackup(r -> r.tableName("src").backupName("nightly")).backupDetails();
        assertThat(details.backupStatus()).isEqualTo(BackupStatus.AVAILABLE);
        assertThat(details.backupArn()).contains(":table/src/backup/");
        ddb.putItem(r -> r.tableName("src").item(Map.of("pk", s("p"), "sk", n("99"), "g", s("x"))));

        BackupDescription described = ddb.describeBackup(r -> r.backupArn(details.backupArn())).backupDescription();
        assertThat(described.sourceTableDetails().tableName()).isEqualTo("src");
        assertThat(described.sourceTableDetails().itemCount()).isGreaterThanOrEqualTo(3);
        assertThat(described.sourceTableFeatureDetails().globalSecondaryIndexes()).hasSize(1);
        assertThat(ddb.listBackups(r -> r.tableName("src")).backupSummaries())
                .extracting(b -> b.backupArn()).contains(details.backupArn());

        TableDescription restored = ddb.restoreTableFromBackup(r -> r.backupArn(details.backupArn())
                .targetTableName("restored")).tableDescription();
        assertThat(restored.restoreSummary().sourceBackupArn()).isEqualTo(details.backupArn());
        assertThat(sortKeys("restored")).doesNotContain("99").contains("0", "1", "2");
        var byIndex = ddb.query(r -> r.tableName("restored").indexName("byg").keyConditionExpression("g = :g")
                .expressionAttributeValues(Map.of(":g", s("x"))));
        assertThat(byIndex.count()).isEqualTo(sortKeys("restored").size());

        assertThatThrownBy(() -> ddb.restoreTableFromBackup(r -> r.backupArn(details.backupArn()).targetTableName("src")))
                .isInstanceOf(TableAlreadyExistsException.class);
        ddb.restoreTableFromBackup(r -> r.backupArn(details.backupArn()).targetTableName("restored-ondemand")
                .billingModeOverride(BillingMode.PAY_PER_REQUEST).globalSecondaryIndexOverride(List.of()));
        assertThat(ddb.describeTable(r -> r.tableName("restored-ondemand")).table().globalSecondaryIndexes()).isEmpty();

        assertThat(ddb.deleteBackup(r -> r.backupArn(details.backupArn())).backupDescription().backupDetails()
                .backupStatus()).isEqualTo(BackupStatus.DELETED);
        assertThatThrownBy(() -> ddb.describeBackup(r -> r.backupArn(details.backupArn())))
                .isInstanceOf(BackupNotFoundException.class);
        assertThatThrownBy(() -> ddb.createBackup(r -> r.tableName("nope").backupName("never")))
                .isInstanceOf(TableNotFoundException.class);
    }

    @Test
    void pointInTimeRecoveryRestoresAnEarlierState() {
        ddb.createTable(DynamoDbTableTest.hashRange("pitr").build());
        assertThatThrownBy(() -> ddb.restoreTableToPointInTime(r -> r.sourceTableName("pitr")
                .targetTableName("pitr-copy").useLatestRestorableTime(true)))
                .isInstanceOf(PointInTimeRecoveryUnavailableException.class);
        var enabled = ddb.updateContinuousBackups(r -> r.tableName("pitr")
                .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)))
                .continuousBackupsDescription().pointInTimeRecoveryDescription();
        assertThat(enabled.pointInTimeRecoveryStatus()).isEqualTo(PointInTimeRecoveryStatus.ENABLED);
        assertThat(enabled.recoveryPeriodInDays()).isEqualTo(35);

        ddb.putItem(r -> r.tableName("pitr").item(Map.of("pk", s("p"), "sk", n("1"), "v", s("first"))));
        clock.advance(Duration.ofSeconds(10));
        Instant between = clock.instant();
        clock.advance(Duration.ofSeconds(10));
        ddb.putItem(r -> r.tableName("pitr").item(Map.of("pk", s("p"), "sk", n("1"), "v", s("second"))));
        ddb.putItem(r -> r.tableName("pitr").item(Map.of("pk", s("p"), "sk", n("2"), "v", s("new"))));
        ddb.deleteItem(r -> r.tableName("pitr").key(key("p", 1)));
        clock.advance(Duration.ofSeconds(10));

        ddb.restoreTableToPointInTime(r -> r.sourceTableName("pitr").targetTableName("pitr-then")
                .restoreDateTime(between));
        assertThat(sortKeys("pitr-then")).containsExactly("1");
        assertThat(ddb.getItem(r -> r.tableName("pitr-then").key(key("p", 1))).item().get("v").s()).isEqualTo("first");

        ddb.restoreTableToPointInTime(r -> r.sourceTableName("pitr").targetTableName("pitr-now")
                .useLatestRestorableTime(true));
        assertThat(sortKeys("pitr-now")).containsExactly("2");

        assertThatThrownBy(() -> ddb.restoreTableToPointInTime(r -> r.sourceTableName("pitr").targetTableName("too-early")
                .restoreDateTime(between.minus(Duration.ofDays(1)))))
                .isInstanceOf(InvalidRestoreTimeException.class);
        ddb.updateContinuousBackups(r -> r.tableName("pitr")
                .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(false)));
        assertThat(ddb.describeContinuousBackups(r -> r.tableName("pitr")).continuousBackupsDescription()
                .pointInTimeRecoveryDescription().pointInTimeRecoveryStatus()).isEqualTo(PointInTimeRecoveryStatus.DISABLED);
    }

    @Test
    void backupsSurviveARestart(@TempDir Path dataDir) {
        StratusConfig config = StratusConfig.forTests().withStorage(dataDir, false);
        String arn;
        try (StratusServer first = StratusServer.start(config);
             DynamoDbClient client = first.client(DynamoDbClient.builder())) {
            client.createTable(DynamoDbTableTest.hashRange("kept").build());
            client.putItem(r -> r.tableName("kept").item(key("p", 7)));
            arn = client.createBackup(r -> r.tableName("kept").backupName("first")).backupDetails().backupArn();
            client.deleteTable(r -> r.tableName("kept"));
        }
        try (StratusServer second = StratusServer.start(config);
             DynamoDbClient client = second.client(DynamoDbClient.builder())) {
            client.restoreTableFromBackup(r -> r.backupArn(arn).targetTableName("kept"));
            assertThat(client.getItem(r -> r.tableName("kept").key(key("p", 7))).item()).isNotEmpty();
        }
    }
}
