package dev.stratus.sts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.protocol.AwsException;
import java.io.IOException;

/**
 * Session policies and tags passed to AssumeRole*: they must be JSON, and together they must fit the packed
 * allowance, which STS reports as PackedPolicySize (a percentage of the allowance used).
 */
final class SessionPolicies {
    /** Characters of session policy and tags that fill the packed allowance (the plain-text policy limit). */
    static final int PACKED_ALLOWANCE_CHARS = 2048;
    /** Each managed session policy ARN takes a share of the allowance. */
    static final int CHARS_PER_POLICY_ARN = 64;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SessionPolicies() {
    }

    /** The PackedPolicySize to report, or null when the call passed no policy, policy ARNs or tags. */
    static Integer packedPolicySize(JsonNode input) {
        String policy = input.path("Policy").asText(null);
        JsonNode arns = input.path("PolicyArns");
        JsonNode tags = input.path("Tags");
        if (policy == null && arns.isEmpty() && tags.isEmpty()) {
            return null;
        }
        int chars = 0;
        if (policy != null) {
            chars += compactLength(policy);
        }
        chars += arns.size() * CHARS_PER_POLICY_ARN;
        for (JsonNode t : tags) {
            chars += t.path("Key").asText().length() + t.path("Value").asText().length();
        }
        int percent = Math.max(1, (int) Math.ceil(chars * 100.0 / PACKED_ALLOWANCE_CHARS));
        if (percent > 100) {
            throw new AwsException("PackedPolicyTooLarge", "Packed policy consumes " + percent
                    + "% of allotted space, please use smaller policy for assume role.");
        }
        return percent;
    }

    private static int compactLength(String policy) {
        try {
            JsonNode doc = MAPPER.readTree(policy);
            if (doc == null || !doc.isObject()) {
                throw malformed();
            }
            return MAPPER.writeValueAsString(doc).length();
        } catch (IOException e) {
            throw malformed();
        }
    }

    private static AwsException malformed() {
        return new AwsException("MalformedPolicyDocument", "The policy is not in the valid JSON format.");
    }
}
