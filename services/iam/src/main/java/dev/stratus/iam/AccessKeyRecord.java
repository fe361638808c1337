package dev.stratus.iam;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.codec.Timestamps;
import java.time.Instant;

/**
 * A stored IAM access key.
 *
 * @param userName the owner, or null for a key of the account root
 * @param principalArn the ARN requests signed with this key act as
 * @param status Active or Inactive
 */
record AccessKeyRecord(String accessKeyId, String secretAccessKey, String account, String userName,
                       String principalArn, String status, long created) {
    static final String ACTIVE = "Active";

    AccessKeyRecord withStatus(String newStatus) {
        return new AccessKeyRecord(accessKeyId, secretAccessKey, account, userName, principalArn, newStatus, created);
    }

    /** AccessKeyMetadata (no secret). */
    ObjectNode metadata() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        if (userName != null) {
            n.put("UserName", userName);
        }
        n.put("AccessKeyId", accessKeyId).put("Status", status);
        n.set("CreateDate", Timestamps.node(Instant.ofEpochMilli(created)));
        return n;
    }
}
