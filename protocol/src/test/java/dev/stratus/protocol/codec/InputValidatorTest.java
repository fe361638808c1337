package dev.stratus.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.model.ServiceModel;
import org.junit.jupiter.api.Test;

/** AWS's wording of validation errors, with the path of each bad value (structure members, list items, map keys). */
class InputValidatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String errorOf(String service, String operation, String input) throws Exception {
        ObjectNode node = (ObjectNode) JSON.readTree(input);
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> InputValidator.validate(
                ServiceModel.load(service).operation(operation).input(), node, "ValidationException"));
        assertThat(t).isInstanceOf(AwsException.class);
        return t.getMessage();
    }

    @Test
    void missingRequiredMembersAndLengthsAreReportedWithLowerCasedPaths() throws Exception {
        assertThat(errorOf("dynamodb", "GetItem", "{\"TableName\":\"\"}")).isEqualTo(
                "2 validation errors detected: Value '' at 'tableName' failed to satisfy constraint: Member must have"
                        + " length greater than or equal to 1; Value null at 'key' failed to satisfy constraint: Member"
                        + " must not be null");
    }

    @Test
    void mapKeysAndValuesAndListItemsHaveTheirOwnPaths() throws Exception {
        assertThat(errorOf("dynamodb", "BatchWriteItem",
                "{\"RequestItems\":{\"\":[{\"PutRequest\":{}}]}}")).isEqualTo(
                "2 validation errors detected: Value '' at 'requestItems.key' failed to satisfy constraint: Member"
                        + " must have length greater than or equal to 1; Value null at"
                        + " 'requestItems..member.1.member.putRequest.item' failed to satisfy constraint: Member"
                        + " must not be null");
    }

    @Test
    void collectionsAreShownWholeWhenSmall() throws Exception {
        assertThat(errorOf("dynamodb", "BatchWriteItem", "{\"RequestItems\":{}}")).isEqualTo(
                "1 validation error detected: Value '{}' at 'requestItems' failed to satisfy constraint: Member must"
                        + " have length greater than or equal to 1");
    }

    /** Select's values come in DynamoDB's order, from models/dynamodb/stratus-patch.json. */
    @Test
    void enumsPatternsAndRangesAreChecked() throws Exception {
        assertThat(errorOf("dynamodb", "Scan", "{\"TableName\":\"t-1\",\"Select\":\"SOME\",\"Limit\":0,"
                + "\"IndexName\":\"a b\"}")).isEqualTo(
                "3 validation errors detected: Value 'a b' at 'indexName' failed to satisfy constraint: Member must"
                        + " satisfy regular expression pattern: [a-zA-Z0-9_.-]+; Value '0' at 'limit' failed to"
                        + " satisfy constraint: Member must have value greater than or equal to 1; Value 'SOME' at"
                        + " 'select' failed to satisfy constraint: Member must satisfy enum value set:"
                        + " [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]");
    }

    @Test
    void validInputPasses() throws Exception {
        InputValidator.validate(ServiceModel.load("dynamodb").operation("PutItem").input(), JSON.readTree(
                "{\"TableName\":\"bench\",\"Item\":{\"pk\":{\"S\":\"x\"},\"n\":{\"L\":[{\"N\":\"1\"}]}}}"),
                "ValidationException");
        assertThatThrownBy(() -> InputValidator.validate(ServiceModel.load("dynamodb").operation("PutItem").input(),
                JSON.readTree("{\"Item\":{}}"), "ValidationException")).isInstanceOf(AwsException.class);
    }
}
