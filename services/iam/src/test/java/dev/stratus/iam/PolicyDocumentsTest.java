package dev.stratus.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.stratus.iam.PolicyDocuments.Kind;
import dev.stratus.protocol.AwsException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Policy grammar and IAM's messages, one document at a time. */
class PolicyDocumentsTest {
    static final String OK = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":[\"s3:GetObject\",\"s3:PutObject\"],\"Resource\":\"arn:aws:s3:::b/*\"}]}";
    static final String TRUST = "{\"Version\":\"2008-10-17\",\"Statement\":{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}}";

    static void assertMalformed(String doc, Kind kind, String message) {
        assertThatThrownBy(() -> PolicyDocuments.validated(doc, kind)).isInstanceOfSatisfying(AwsException.class, e -> {
            assertThat(e.code()).isEqualTo("MalformedPolicyDocument");
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    @Test
    void validDocumentsPassUnchanged() {
        assertThat(PolicyDocuments.validated(OK, Kind.IDENTITY)).isEqualTo(OK);
        assertThat(PolicyDocuments.validated(TRUST, Kind.TRUST)).isEqualTo(TRUST);
        assertThat(PolicyDocuments.validated("{\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\","
                + "\"Action\":\"sts:AssumeRole\"}]}", Kind.TRUST)).isNotNull();
    }

    @Test
    void urlEncodedDocumentsAreDecodedAndAnswersAreEncodedSoAnyDecoderReadsThem() {
        String encoded = URLEncoder.encode(OK, StandardCharsets.UTF_8);
        assertThat(PolicyDocuments.validated(encoded, Kind.IDENTITY)).isEqualTo(OK);
        String withSpaces = "{ \"Version\": \"2012-10-17\", \"Statement\": [] }";
        String answered = PolicyDocuments.encode(withSpaces);
        assertThat(answered).doesNotContain("+").contains("%20");
        assertThat(URLDecoder.decode(answered, StandardCharsets.UTF_8)).isEqualTo(withSpaces);
        assertThat(PolicyDocuments.encode("a+b")).isEqualTo("a%2Bb");
    }

    /** A 2012-10-17 document around {@code statement} (JSON with single quotes for readability). */
    static String doc(String statement) {
        return ("{'Version':'2012-10-17','Statement':" + statement + "}").replace('\'', '"');
    }

    static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    static Stream<Arguments> malformedIdentityPolicies() {
        String syntax = PolicyDocuments.SYNTAX;
        String ok = "{'Effect':'Allow','Action':'s3:*','Resource':'*'}";
        return Stream.of(
                arguments("not json", syntax),
                arguments("[]", syntax),
                arguments(json("{'Statement':" + ok + "}"), PolicyDocuments.VERSION_TOO_OLD),
                arguments(json("{'Version':'2008-10-17','Statement':" + ok + "}"), PolicyDocuments.VERSION_TOO_OLD),
                arguments(json("{'Version':'2013-10-17','Statement':" + ok + "}"), syntax),
                arguments(json("{'Version':'2012-10-17'}"), syntax),
                arguments(doc("[]"), syntax),
                arguments(doc("['afd']"), syntax),
                arguments(json("{'Version':'2012-10-17','Statement':" + ok + ",'Extra':1}"), syntax),
                arguments(json("{'Version':'2012-10-17','Id':[],'Statement':" + ok + "}"), syntax),
                arguments(doc("{'Effect':'Allow','Action':'s3:*','Resource':'*','Extra':1}"), syntax),
                arguments(doc("{'Effect':'invalid','Action':'s3:*','Resource':'*'}"), syntax),
                arguments(doc("{'Action':'s3:*','Resource':'*'}"), syntax),
                arguments(doc("{'Effect':'Allow','Action':{},'Resource':'*'}"), syntax),
                arguments(doc("{'Effect':'Allow','Action':'s3:*','NotAction':'s3:x','Resource':'*'}"), syntax),
                arguments(doc("{'Effect':'Allow','Action':'s3:*','Resource':'*','Condition':'a'}"), syntax),
                arguments(doc("{'Effect':'Allow','Action':'s3:*','Resource':'*','Condition':{'a':'b'}}"), syntax),
                arguments(doc("{'Effect':'Allow','Resource':'*'}"), "Policy statement must contain actions."),
                arguments(doc("{'Effect':'Allow','Action':[],'Resource':'*'}"),
                        "Policy statement must contain actions."),
                arguments(doc("{'Effect':'Allow','Action':'invalid','Resource':'*'}"),
                        "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."),
                arguments(doc("{'Effect':'Allow','Action':'s3:List:Bucket','Resource':'*'}"),
                        "Actions/Condition can contain only one colon."),
                arguments(doc("{'Effect':'Allow','Action':'a a:ListBucket','Resource':'*'}"),
                        "Vendor a a is not valid"),
                arguments(doc("{'Effect':'Allow','Action':'s3:ListBucket'}"),
                        "Policy statement must contain resources."),
                arguments(doc("{'Effect':'Allow','Action':'s3:ListBucket','Resource':'invalid resource'}"),
                        "Resource invalid resource must be in ARN format or \"*\"."),
                arguments(doc("{'Effect':'Allow','Principal':'*','Action':'s3:*','Resource':'*'}"),
                        "Policy document should not specify a principal."));
    }

    @ParameterizedTest
    @MethodSource("malformedIdentityPolicies")
    void identityPoliciesAreRefusedWithIamsMessage(String doc, String message) {
        assertMalformed(doc, Kind.IDENTITY, message);
    }

    @Test
    void trustPoliciesHaveTheirOwnRules() {
        assertMalformed("{\"Version\":\"2012-10-17\"", Kind.TRUST, "This policy contains invalid Json");
        assertMalformed("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\","
                + "\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}}", Kind.TRUST, "Has prohibited field Resource");
        assertMalformed("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\"}}",
                Kind.TRUST, "Policy statement must contain actions.");
    }

    @Test
    void quotasCountEverythingButWhiteSpace() {
        assertThat(PolicyDocuments.chargedSize("{ \"a\" :\n\t1 }")).isEqualTo(7);
    }
}
