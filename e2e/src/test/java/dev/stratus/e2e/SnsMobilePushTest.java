package dev.stratus.e2e;

import static dev.stratus.e2e.AwsErrors.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Endpoint;
import software.amazon.awssdk.services.sns.model.EndpointDisabledException;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.PlatformApplication;

/** Platform applications and endpoints: the control plane is kept; pushes are accepted and not sent. */
class SnsMobilePushTest {
    static final StratusServer stratus = StratusServer.start();
    final SnsClient sns = stratus.client(SnsClient.builder());

    @AfterAll
    static void stop() {
        stratus.close();
    }

    @Test
    void applicationsEndpointsAndPublishing() {
        String app = sns.createPlatformApplication(b -> b.name("phone").platform("GCM")
                .attributes(Map.of("PlatformCredential", "secret-key", "SuccessFeedbackSampleRate", "100")))
                .platformApplicationArn();
        assertThat(app).isEqualTo("arn:aws:sns:us-east-1:000000000000:app/GCM/phone");
        assertThat(sns.getPlatformApplicationAttributes(b -> b.platformApplicationArn(app)).attributes())
                .containsEntry("SuccessFeedbackSampleRate", "100").doesNotContainKey("PlatformCredential");
        assertThat(sns.listPlatformApplications().platformApplications())
                .extracting(PlatformApplication::platformApplicationArn).contains(app);

        String ep = sns.createPlatformEndpoint(b -> b.platformApplicationArn(app).token("device-1")
                .customUserData("user 7")).endpointArn();
        assertThat(ep).startsWith("arn:aws:sns:us-east-1:000000000000:endpoint/GCM/phone/");
        assertThat(sns.createPlatformEndpoint(b -> b.platformApplicationArn(app).token("device-1")
                .customUserData("user 7")).endpointArn()).isEqualTo(ep);
        assertAwsError(() -> sns.createPlatformEndpoint(b -> b.platformApplicationArn(app).token("device-1")
                .customUserData("someone else")), InvalidParameterException.class, 400, "InvalidParameter",
                "Invalid parameter: Token Reason: Endpoint " + ep
                        + " already exists with the same Token, but different attributes.");
        assertThat(sns.getEndpointAttributes(b -> b.endpointArn(ep)).attributes())
                .containsEntry("Token", "device-1").containsEntry("Enabled", "true")
                .containsEntry("CustomUserData", "user 7");
        assertThat(sns.listEndpointsByPlatformApplication(b -> b.platformApplicationArn(app)).endpoints())
                .extracting(Endpoint::endpointArn).containsExactly(ep);

        assertThat(sns.publish(b -> b.targetArn(ep).message("ping")).messageId()).hasSize(36);
        sns.setEndpointAttributes(b -> b.endpointArn(ep).attributes(Map.of("Enabled", "false")));
        assertAwsError(() -> sns.publish(b -> b.targetArn(ep).message("ping")), EndpointDisabledException.class,
                400, "EndpointDisabled", "Endpoint is disabled");

        sns.deletePlatformApplication(b -> b.platformApplicationArn(app));
        assertAwsError(() -> sns.getEndpointAttributes(b -> b.endpointArn(ep)), NotFoundException.class, 404,
                "NotFound", "Endpoint does not exist");
        assertAwsError(() -> sns.getPlatformApplicationAttributes(b -> b.platformApplicationArn(app)),
                NotFoundException.class, 404, "NotFound", "PlatformApplication does not exist");
    }
}
