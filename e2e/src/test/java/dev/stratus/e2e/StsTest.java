package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

class StsTest {
    static final StratusServer stratus = StratusServer.start();

    @AfterAll
    static void stop() {
        stratus.close();
    }

    @Test
    void getCallerIdentityAnswersWithTheDefaultAccount() {
        try (StsClient sts = stratus.client(StsClient.builder())) {
            GetCallerIdentityResponse me = sts.getCallerIdentity();
            assertThat(me.account()).isEqualTo("000000000000");
            assertThat(me.arn()).isEqualTo("arn:aws:iam::000000000000:root");
        }
    }

    @Test
    void aTwelveDigitAccessKeyActsInThatAccount() {
        try (StsClient sts = stratus.client(StsClient.builder(), "123456789012", "x")) {
            assertThat(sts.getCallerIdentity().account()).isEqualTo("123456789012");
        }
    }
}
