package dev.stratus.dynamodb.table;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.state.DocumentStore;
import dev.stratus.storage.MemoryStorage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The catalog's cache of decoded tables, and the stored shape of a table. */
class TableCatalogTest {
    private static final RequestContext CTX = RequestContext.internal("000000000000", "us-east-1");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
    private static final String ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/users";

    private static Table table(String billing) throws Exception {
        ObjectNode spec = (ObjectNode) DocumentStore.MAPPER.readTree("{\"BillingMode\":\"" + billing + "\","
                + "\"AttributeDefinitions\":[{\"AttributeName\":\"id\",\"AttributeType\":\"S\"},"
                + "{\"AttributeName\":\"at\",\"AttributeType\":\"N\"}],"
                + "\"KeySchema\":[{\"AttributeName\":\"id\",\"KeyType\":\"HASH\"},{\"AttributeName\":\"at\",\"KeyType\":\"RANGE\"}],"
                + "\"GlobalSecondaryIndexes\":[{\"IndexName\":\"byat\",\"KeySchema\":[{\"AttributeName\":\"at\","
                + "\"KeyType\":\"HASH\"}],\"Projection\":{\"ProjectionType\":\"INCLUDE\",\"NonKeyAttributes\":[\"x\"]}}]}");
        return new Table("users", "id-1", ARN, 1000, spec, new LinkedHashMap<>(Map.of("k", "v")));
    }

    @Test
    void aTableIsStoredWithTheSixPropertiesItAlwaysHad() throws Exception {
        JsonNode stored = DocumentStore.MAPPER.readTree(DocumentStore.MAPPER.writeValueAsBytes(table("PROVISIONED")));
        List<String> names = new ArrayList<>();
        Iterator<String> it = stored.fieldNames();
        it.forEachRemaining(names::add);
        assertThat(names).containsExactly("name", "id", "arn", "createdMillis", "spec", "tags");
        Table decoded = DocumentStore.MAPPER.treeToValue(stored, Table.class);
        assertThat(decoded).isEqualTo(table("PROVISIONED"));
        assertThat(decoded.account()).isEqualTo("000000000000");
        assertThat(decoded.region()).isEqualTo("us-east-1");
        assertThat(decoded.keySchema()).isEqualTo(new Table.KeySchema("id", "S", "at", "N"));
        assertThat(decoded.index("byat").nonKeyAttributes()).containsExactly("x");
        assertThat(decoded.index("byat").keys().hashType()).isEqualTo("N");
    }

    @Test
    void lookupsShareOneDecodedTableThatTheWritersCopyCannotReach() throws Exception {
        MemoryStorage storage = new MemoryStorage();
        TableCatalog catalog = new TableCatalog(storage, CLOCK);
        Table written = table("PROVISIONED");
        catalog.put(CTX, written);
        written.spec().put("BillingMode", "PAY_PER_REQUEST");
        written.tags().put("k", "changed");

        Table found = catalog.require(CTX, "users");
        assertThat(found).isSameAs(catalog.find(CTX, "users").orElseThrow());
        assertThat(found.keySchema()).isSameAs(catalog.require(CTX, "users").keySchema());
        assertThat(found).isEqualTo(table("PROVISIONED"));
        // A fresh catalog over the same storage reads the stored document: the documents stay the source of truth.
        assertThat(new TableCatalog(storage, CLOCK).require(CTX, "users")).isEqualTo(table("PROVISIONED"));
    }

    @Test
    void aReadThroughCatalogSeesEveryPut() throws Exception {
        MemoryStorage storage = new MemoryStorage();
        TableCatalog owner = new TableCatalog(storage, CLOCK);
        TableCatalog reader = TableCatalog.readThrough(storage, CLOCK);
        owner.put(CTX, table("PROVISIONED"));
        assertThat(reader.require(CTX, "users").spec().get("BillingMode").asText()).isEqualTo("PROVISIONED");
        owner.put(CTX, table("PAY_PER_REQUEST"));
        assertThat(reader.require(CTX, "users").spec().get("BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
        assertThat(owner.require(CTX, "users").spec().get("BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
    }
}
