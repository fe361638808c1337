package dev.stratus.platform.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyEvaluatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALICE = "arn:aws:iam::111122223333:user/alice";

    private static JsonNode policy(String json) throws Exception {
        return JSON.readTree(json);
    }

    private static AccessRequest alice(String action, String resource, Map<String, List<String>> keys) {
        return new AccessRequest(ALICE, "111122223333", action, resource, keys);
    }

    @Test
    void anExplicitDenyWinsOverAnAllow() throws Exception {
        JsonNode p = policy("""
                {"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
                               {"Effect": "Deny", "Action": "s3:Delete*", "Resource": "arn:aws:s3:::b/k*"}]}""");
        assertThat(PolicyEvaluator.evaluate(p, alice("s3:GetObject", "arn:aws:s3:::b/k1", null)))
                .isEqualTo(Decision.ALLOW);
        assertThat(PolicyEvaluator.evaluate(p, alice("s3:DeleteObject", "arn:aws:s3:::b/k1", null)))
                .isEqualTo(Decision.DENY);
        assertThat(PolicyEvaluator.evaluate(p, alice("S3:deleteobject", "arn:aws:s3:::b/x", null)))
                .as("actions are case-insensitive").isEqualTo(Decision.ALLOW);
    }

    @Test
    void resourcesAreCaseSensitiveGlobsAndNotElementsInvert() throws Exception {
        JsonNode p = policy("""
                {"Statement": {"Effect": "Allow", "NotAction": "iam:*", "NotResource": "arn:aws:s3:::b/secret?"}}""");
        assertThat(PolicyEvaluator.evaluate(p, alice("s3:GetObject", "arn:aws:s3:::b/secret1", null)))
                .isEqualTo(Decision.NONE);
        assertThat(PolicyEvaluator.evaluate(p, alice("s3:GetObject", "arn:aws:s3:::b/Secret1", null)))
                .isEqualTo(Decision.ALLOW);
        assertThat(PolicyEvaluator.evaluate(p, alice("iam:GetUser", "arn:aws:s3:::b/x", null)))
                .isEqualTo(Decision.NONE);
    }

    @Test
    void principalsNameEveryoneAnAccountAUserOrARolesSessions() throws Exception {
        AccessRequest anonymous = new AccessRequest(null, null, "s3:GetObject", "arn:aws:s3:::b/k", null);
        AccessRequest session = new AccessRequest("arn:aws:sts::111122223333:assumed-role/reader/s1",
                "111122223333", "s3:GetObject", "arn:aws:s3:::b/k", null);
        JsonNode everyone = policy("""
                {"Statement": {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}}""");
        JsonNode account = policy("""
                {"Statement": {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:*",
                 "Resource": "*"}}""");
        JsonNode role = policy("""
                {"Statement": {"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:role/reader"]},
                 "Action": "s3:*", "Resource": "*"}}""");
        assertThat(PolicyEvaluator.evaluate(everyone, anonymous)).isEqualTo(Decision.ALLOW);
        assertThat(PolicyEvaluator.evaluate(account, anonymous)).isEqualTo(Decision.NONE);
        assertThat(PolicyEvaluator.evaluate(account, alice("s3:GetObject", "x", null))).isEqualTo(Decision.ALLOW);
        assertThat(PolicyEvaluator.evaluate(role, session)).isEqualTo(Decision.ALLOW);
        assertThat(PolicyEvaluator.evaluate(role, alice("s3:GetObject", "x", null))).isEqualTo(Decision.NONE);
    }

    @Test
    void conditionOperators() throws Exception {
        JsonNode p = policy("""
                {"Statement": {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {
                  "StringLike": {"s3:prefix": ["home/", "home/*"]},
                  "Bool": {"aws:SecureTransport": "false"},
                  "NumericLessThanEquals": {"s3:max-keys": "100"},
                  "IpAddressIfExists": {"aws:SourceIp": "10.0.0.0/8"},
                  "StringNotEquals": {"aws:username": "mallory"}}}}""");
        Map<String, List<String>> ok = Map.of("s3:prefix", List.of("home/x"), "aws:SecureTransport",
                List.of("false"), "s3:max-keys", List.of("100"), "aws:username", List.of("alice"));
        assertThat(PolicyEvaluator.evaluate(p, alice("s3:ListBucket", "b", ok))).isEqualTo(Decision.ALLOW);
        Map<String, List<String>> wrongPrefix = new java.util.HashMap<>(ok);
        wrongPrefix.put("s3:prefix", List.of("other/"));
        assertThat(PolicyEvaluator.evaluate(p, alice("s3:ListBucket", "b", wrongPrefix))).isEqualTo(Decision.NONE);
        Map<String, List<String>> tooMany = new java.util.HashMap<>(ok);
        tooMany.put("s3:max-keys", List.of("1000"));
        assertThat(PolicyEvaluator.evaluate(p, alice("s3:ListBucket", "b", tooMany))).isEqualTo(Decision.NONE);
        Map<String, List<String>> outside = new java.util.HashMap<>(ok);
        outside.put("aws:SourceIp", List.of("192.168.1.1"));
        assertThat(PolicyEvaluator.evaluate(p, alice("s3:ListBucket", "b", outside))).isEqualTo(Decision.NONE);
        Map<String, List<String>> mallory = new java.util.HashMap<>(ok);
        mallory.put("aws:username", List.of("mallory"));
        assertThat(PolicyEvaluator.evaluate(p, alice("s3:ListBucket", "b", mallory))).isEqualTo(Decision.NONE);
    }

    @Test
    void unknownOperatorsGrantNothingAndNullTestsPresence() throws Exception {
        JsonNode unknown = policy("""
                {"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*",
                 "Condition": {"StringSoundsLike": {"aws:username": "alice"}}}}""");
        assertThat(PolicyEvaluator.evaluate(unknown, alice("s3:GetObject", "x", Map.of("aws:username",
                List.of("alice"))))).isEqualTo(Decision.NONE);
        JsonNode absent = policy("""
                {"Statement": {"Effect": "Deny", "Action": "*", "Resource": "*",
                 "Condition": {"Null": {"s3:x-amz-server-side-encryption": "true"}}}}""");
        assertThat(PolicyEvaluator.evaluate(absent, alice("s3:PutObject", "x", Map.of()))).isEqualTo(Decision.DENY);
        assertThat(PolicyEvaluator.evaluate(absent, alice("s3:PutObject", "x", Map.of(
                "s3:x-amz-server-side-encryption", List.of("AES256"))))).isEqualTo(Decision.NONE);
    }
}
