package dev.stratus.e2e;

import static dev.stratus.e2e.AwsErrors.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.ResourceNotFoundException;

/** Account SMS settings and the (always empty) opt-out list. */
class SnsSmsTest {
    static final StratusServer stratus = StratusServer.start();
    final SnsClient sns = stratus.client(SnsClient.builder());

    @AfterAll
    static void stop() {
        stratus.close();
    }

    @Test
    void smsAttributesAndOptOuts() {
        sns.setSMSAttributes(b -> b.attributes(Map.of("DefaultSMSType", "Transactional", "DefaultSenderID", "Me")));
        assertThat(sns.getSMSAttributes(b -> b.attributes("DefaultSMSType")).attributes())
                .containsExactly(Map.entry("DefaultSMSType", "Transactional"));
        assertThat(sns.getSMSAttributes(b -> { }).attributes()).containsEntry("DefaultSenderID", "Me");
        assertAwsError(() -> sns.setSMSAttributes(b -> b.attributes(Map.of("DefaultSMSType", "Loud"))),
                InvalidParameterException.class, 400, "InvalidParameter", "Invalid parameter: DefaultSMSType");
        assertThat(sns.checkIfPhoneNumberIsOptedOut(b -> b.phoneNumber("+15555550100")).isOptedOut()).isFalse();
        assertAwsError(() -> sns.checkIfPhoneNumberIsOptedOut(b -> b.phoneNumber("call me")),
                InvalidParameterException.class, 400, "InvalidParameter",
                "Invalid parameter: PhoneNumber Reason: input incorrectly formatted");
        assertThat(sns.listPhoneNumbersOptedOut().phoneNumbers()).isEmpty();
        sns.optInPhoneNumber(b -> b.phoneNumber("+15555550100"));
        assertThat(sns.getSMSSandboxAccountStatus(b -> { }).isInSandbox()).isFalse();
    }

    @Test
    void sandboxNumbersArePendingUntilVerified() {
        sns.createSMSSandboxPhoneNumber(b -> b.phoneNumber("+15555550111"));
        assertThat(sns.listSMSSandboxPhoneNumbers(b -> { }).phoneNumbers())
                .extracting(n -> n.phoneNumber() + " " + n.statusAsString()).containsExactly("+15555550111 Pending");
        sns.verifySMSSandboxPhoneNumber(b -> b.phoneNumber("+15555550111").oneTimePassword("123456"));
        assertThat(sns.listSMSSandboxPhoneNumbers(b -> { }).phoneNumbers())
                .extracting(n -> n.statusAsString()).containsExactly("Verified");
        sns.deleteSMSSandboxPhoneNumber(b -> b.phoneNumber("+15555550111"));
        assertAwsError(() -> sns.deleteSMSSandboxPhoneNumber(b -> b.phoneNumber("+15555550111")),
                ResourceNotFoundException.class, 404, "ResourceNotFound", null);
        assertThat(sns.listOriginationNumbers(b -> { }).phoneNumbers()).isEmpty();
    }
}
