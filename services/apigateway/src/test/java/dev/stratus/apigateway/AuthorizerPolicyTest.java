package dev.stratus.apigateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.apigateway.AuthorizerPolicy.Verdict;
import dev.stratus.platform.iam.PolicyEvaluator;
import org.junit.jupiter.api.Test;

class AuthorizerPolicyTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ARN = "arn:aws:execute-api:us-east-1:123456789012:abc123/dev/GET/pets/7";

    static Verdict evaluate(String policy) throws Exception {
        return AuthorizerPolicy.evaluate(JSON.readTree(policy), ARN);
    }

    @Test
    void denyWinsAllowIsNeededAndWildcardsMatch() throws Exception {
        assertThat(evaluate("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"execute-api:Invoke\",\"Resource\":\""
                + ARN + "\"}}")).isEqualTo(Verdict.ALLOW);
        assertThat(evaluate("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":"
                + "[\"arn:aws:execute-api:*:*:abc123/*/GET/pets/*\"]}]}")).isEqualTo(Verdict.ALLOW);
        assertThat(evaluate("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"execute-api:*\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Deny\",\"Action\":\"execute-api:Invoke\",\"Resource\":\"*/dev/*\"}]}"))
                .isEqualTo(Verdict.DENY);
        assertThat(evaluate("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"execute-api:Invoke\","
                + "\"Resource\":\"arn:aws:execute-api:us-east-1:123456789012:abc123/dev/POST/*\"}]}"))
                .isEqualTo(Verdict.NO_MATCH);
        assertThat(evaluate("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}"))
                .isEqualTo(Verdict.NO_MATCH);
        assertThat(PolicyEvaluator.glob("a?c*", "abcdef")).isTrue();
        assertThat(PolicyEvaluator.glob("a?c", "abcd")).isFalse();
    }

    @Test
    void malformedPoliciesAreRecognised() throws Exception {
        assertThat(AuthorizerPolicy.isWellFormed(JSON.readTree("{\"Statement\":[{\"Effect\":\"Maybe\"}]}"))).isFalse();
        assertThat(AuthorizerPolicy.isWellFormed(JSON.readTree("[]"))).isFalse();
        assertThat(AuthorizerPolicy.isWellFormed(null)).isFalse();
    }
}
