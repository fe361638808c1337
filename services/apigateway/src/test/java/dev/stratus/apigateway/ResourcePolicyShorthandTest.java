package dev.stratus.apigateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The execute-api:/... shorthand of resource policies, expanded to the invoked API's ARN. */
class ResourcePolicyShorthandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INVOKED = "arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/pets";

    @Test
    void expandsResourcesAndNotResourcesInEveryStatement() throws Exception {
        JsonNode policy = JSON.readTree("""
                {"Statement": [
                  {"Effect": "Allow", "Resource": "execute-api:/*"},
                  {"Effect": "Deny", "NotResource": ["execute-api:/prod/GET/pets", "arn:aws:s3:::b"]}]}""");
        JsonNode expanded = ResourcePolicyShorthand.expand(policy, INVOKED);
        assertThat(expanded.at("/Statement/0/Resource").asText())
                .isEqualTo("arn:aws:execute-api:eu-west-1:123456789012:abc123/*");
        assertThat(expanded.at("/Statement/1/NotResource/0").asText())
                .isEqualTo("arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/pets");
        assertThat(expanded.at("/Statement/1/NotResource/1").asText()).isEqualTo("arn:aws:s3:::b");
        assertThat(policy.at("/Statement/0/Resource").asText()).as("the stored policy is left alone")
                .isEqualTo("execute-api:/*");
    }

    @Test
    void aSingleStatementObjectAndFullArnsAreKept() throws Exception {
        JsonNode policy = JSON.readTree("""
                {"Statement": {"Effect": "Allow", "Resource": "execute-api:/beta/*"}}""");
        assertThat(ResourcePolicyShorthand.expand(policy, INVOKED).at("/Statement/Resource").asText())
                .isEqualTo("arn:aws:execute-api:eu-west-1:123456789012:abc123/beta/*");
        JsonNode full = JSON.readTree("""
                {"Statement": [{"Effect": "Allow", "Resource": "arn:aws:execute-api:*:*:*/*"}]}""");
        assertThat(ResourcePolicyShorthand.expand(full, INVOKED)).isSameAs(full);
    }
}
