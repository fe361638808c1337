package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The raw awsJson1_0 wire: DynamoDB's namespaced error types, as the real service sends them. */
class DynamoDbWireTest {
    static final StratusServer stratus = StratusServer.start();
    static final ObjectMapper JSON = new ObjectMapper();

    @AfterAll
    static void stop() {
        stratus.close();
    }

    static HttpResponse<String> call(String operation, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(stratus.endpoint())
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "DynamoDB_20120810." + operation)
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/dynamodb/aws4_request, "
                        + "SignedHeaders=host, Signature=0")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void errorsCarryDynamoDbsNamespacedType() throws Exception {
        HttpResponse<String> missing = call("DescribeTable", "{\"TableName\":\"absent\"}");
        assertThat(missing.statusCode()).isEqualTo(400);
        JsonNode body = JSON.readTree(missing.body());
        assertThat(body.get("__type").asText()).isEqualTo("com.amazonaws.dynamodb.v20120810#ResourceNotFoundException");
        assertThat(body.get("message").asText()).isEqualTo("Requested resource not found: Table: absent not found");

        call("CreateTable", "{\"TableName\":\"wire\",\"BillingMode\":\"PAY_PER_REQUEST\","
                + "\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"}],"
                + "\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}]}");
        HttpResponse<String> invalid = call("PutItem", "{\"TableName\":\"wire\",\"Item\":{\"pk\":{\"N\":\"1\"}}}");
        JsonNode error = JSON.readTree(invalid.body());
        assertThat(error.get("__type").asText()).isEqualTo("com.amazon.coral.validate#ValidationException");
        assertThat(error.get("message").asText())
                .isEqualTo("One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N");
    }
}
