package dev.stratus.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.iam.PolicyDocuments.Kind;
import dev.stratus.protocol.AwsException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

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

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "not json | Syntax errors in policy.",
        "[] | Syntax errors in policy.",
        "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}} | Policy document must be version 2012-10-17 or greater.",
        "{\"Version\":\"2008-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}} | Policy document must be version 2012-10-17 or greater.",
        "{\"Version\":\"2013-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}} | Syntax errors in policy.",
        "{\"Version\":\"2012-10-17\"} | Syntax errors in policy.",
        "{\"Version\":\"2012-10-17\",\"Statement\":[]} | Syntax errors in policy.",
        "{\"Version\":\"2012-10-17\",\"Statement\":[\"afd\"]} | Syntax errors in policy.",
        "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"},\"Extra\":1} | Syntax errors in policy.",
        "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Extra\":1}} | Syntax errors in policy.",
        "{\"Version\":\"2012-10-17\",\"Id\":[],\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}} | Syntax errors in policy.",
        "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"invalid\",\"Action\":\"s3:*\",\"Resource\":\"*\"}} | Syntax errors in policy.",
        "{\"Version\":\"2012-10-17\",\"Statement\":{\"Action\":\"s3:*\",\"Resource\":\"*\"}} | Syntax errors in policy.",
        "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":{},\"Resource\":\"*\"}} | Syntax errors in policy.",
        "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"NotAction\":\"s3:x\",\"Resource\":\"*\"}} | Syntax errors in policy.",
        "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Condition\":\"a\"}} | Syntax errors in policy.",
        "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Condition\":{\"a\":\"b\"}}} | Syntax errors in policy.",
        "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Resource\":\"*\"}} | Policy statement must contain actions.",
        "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":[],\"Resource\":\"*\"}} | Policy statement must contain actions.",
        "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"invalid\",\"Resource\":\"*\"}} | Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.",
        "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:List:Bucket\",\"Resource\":\"*\"}} | Actions/Condition can contain only one colon.",
        "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"a a:ListBucket\",\"Resource\":\"*\"}} | Vendor a a is not valid",
        "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:ListBucket\"}} | Policy statement must contain resources.",
        "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:ListBucket\",\"Resource\":\"invalid resource\"}} | Resource invalid resource must be in ARN format or \"*\".",
        "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"*\"}} | Policy document should not specify a principal.",
    })
    void identityPoliciesAreRefusedWithIamsMessage(String doc, String message) {
        assertMalformed(doc.strip(), Kind.IDENTITY, message.strip());
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
