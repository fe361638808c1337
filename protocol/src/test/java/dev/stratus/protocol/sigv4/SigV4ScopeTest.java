package dev.stratus.protocol.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SigV4ScopeTest {

    @Test
    void parsesTheAuthorizationHeaderOfAnSdk() {
        SigV4Scope s = SigV4Scope.fromHeader("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request,"
                + " SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
        assertThat(s).isEqualTo(new SigV4Scope("AKIDEXAMPLE", "20150830", "us-east-1", "iam",
                List.of("content-type", "host", "x-amz-date"),
                "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7", false));
        assertThat(s.credentialScope()).isEqualTo("20150830/us-east-1/iam/aws4_request");
    }

    @Test
    void toleratesSpacesAroundComponentsAndIgnoresUnknownOnes() {
        SigV4Scope s = SigV4Scope.fromHeader("  AWS4-HMAC-SHA256   Credential = k/d/r/s/aws4_request ,Foo=bar, junk,"
                + "SignedHeaders=host ,  Signature= abc  ");
        assertThat(s).isEqualTo(new SigV4Scope("k", "d", "r", "s", List.of("host"), "abc", false));
    }

    @Test
    void signedHeadersKeepTheirSplitMeaning() {
        assertThat(SigV4Scope.fromHeader("AWS4-HMAC-SHA256 Credential=k/d/r/s/aws4_request, SignedHeaders=")
                .signedHeaders()).containsExactly("");
        assertThat(SigV4Scope.fromHeader("AWS4-HMAC-SHA256 Credential=k/d/r/s/aws4_request").signedHeaders())
                .isEmpty();
    }

    @Test
    void refusesMalformedCredentials() {
        for (String cred : List.of("k/d/r/s", "k/d/r/s/", "/d/r/s/aws4_request", "k/d/r/s/aws4_requestX",
                "k/d/r/s/x/aws4_request", "k/d/r/s/aws4_request/x", "")) {
            assertThat(SigV4Scope.fromHeader("AWS4-HMAC-SHA256 Credential=" + cred + ", Signature=x"))
                    .as(cred).isNull();
        }
        assertThat(SigV4Scope.fromHeader("AWS4-HMAC-SHA256 SignedHeaders=host, Signature=x")).isNull();
        assertThat(SigV4Scope.fromHeader("AWS k:sig")).isNull();
    }

    @Test
    void emptySegmentsAfterTheFifthAreIgnoredAsBefore() {
        assertThat(SigV4Scope.fromHeader("AWS4-HMAC-SHA256 Credential=k//r/s/aws4_request//"))
                .extracting(SigV4Scope::accessKeyId, SigV4Scope::date, SigV4Scope::region, SigV4Scope::service)
                .containsExactly("k", "", "r", "s");
    }
}
