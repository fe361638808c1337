package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSortKey;
import software.amazon.awssdk.enhanced.dynamodb.extensions.annotations.DynamoDbVersionAttribute;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

class DynamoDbEnhancedClientTest {
    static final StratusServer stratus = StratusServer.start();
    final DynamoDbEnhancedClient enhanced = DynamoDbEnhancedClient.builder()
            .dynamoDbClient(stratus.client(DynamoDbClient.builder())).build();

    @AfterAll
    static void stop() {
        stratus.close();
    }

    /** A bean mapped by the Enhanced Client, with optimistic locking. */
    @DynamoDbBean
    public static class Order {
        private String customer;
        private Integer number;
        private String status;
        private Long version;

        @DynamoDbPartitionKey
        public String getCustomer() {
            return customer;
        }

        public void setCustomer(String customer) {
            this.customer = customer;
        }

        @DynamoDbSortKey
        public Integer getNumber() {
            return number;
        }

        public void setNumber(Integer number) {
            this.number = number;
        }

        public String getStatus() {
            return status;
        }

        public void setStatus(String status) {
            this.status = status;
        }

        @DynamoDbVersionAttribute
        public Long getVersion() {
            return version;
        }

        public void setVersion(Long version) {
            this.version = version;
        }
    }

    static Order order(String customer, int number, String status) {
        Order o = new Order();
        o.setCustomer(customer);
        o.setNumber(number);
        o.setStatus(status);
        return o;
    }

    @Test
    void mappedTableRoundTripsQueriesAndLocksOptimistically() {
        DynamoDbTable<Order> orders = enhanced.table("enhanced-orders", TableSchema.fromBean(Order.class));
        orders.createTable();
        for (int i = 1; i <= 5; i++) {
            orders.putItem(order("ann", i, i % 2 == 0 ? "shipped" : "open"));
        }
        orders.putItem(order("bob", 1, "open"));

        Order first = orders.getItem(Key.builder().partitionValue("ann").sortValue(1).build());
        assertThat(first.getStatus()).isEqualTo("open");
        assertThat(first.getVersion()).isEqualTo(1L);

        List<Integer> shipped = orders.query(r -> r.queryConditional(QueryConditional.sortGreaterThan(
                        Key.builder().partitionValue("ann").sortValue(1).build()))
                        .filterExpression(Expression.builder().expression("#s = :s")
                                .putExpressionName("#s", "status")
                                .putExpressionValue(":s", AttributeValue.fromS("shipped")).build()))
                .items().stream().map(Order::getNumber).toList();
        assertThat(shipped).containsExactly(2, 4);

        first.setStatus("paid");
        orders.updateItem(first);
        Order stale = order("ann", 1, "cancelled");
        stale.setVersion(1L);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> orders.putItem(stale))
                .isInstanceOf(ConditionalCheckFailedException.class);
        assertThat(orders.getItem(Key.builder().partitionValue("ann").sortValue(1).build()).getVersion()).isEqualTo(2L);

        assertThat(orders.scan().items().stream().count()).isEqualTo(6);
        orders.deleteItem(Key.builder().partitionValue("bob").sortValue(1).build());
        assertThat(orders.scan().items().stream().count()).isEqualTo(5);
    }
}
