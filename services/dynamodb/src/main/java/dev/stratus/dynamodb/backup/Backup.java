package dev.stratus.dynamodb.backup;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** An on-demand backup: the source table's identity and definition when it was taken, and its size. */
public record Backup(String arn, String id, String name, String tableName, String tableId, String tableArn,
                     long tableCreatedMillis, long createdMillis, ObjectNode spec, long sizeBytes, long itemCount) {

    @JsonIgnore
    String account() {
        return arn.split(":")[4];
    }

    @JsonIgnore
    String region() {
        return arn.split(":")[3];
    }
}
