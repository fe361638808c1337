package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.platform.StratusConfig;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;

/**
 * REST API resource policies may name resources as {@code execute-api:/stage/METHOD/path}: AWS reads that as the
 * ARN of the API the policy is attached to ({@code arn:aws:execute-api:region:account:apiId/stage/METHOD/path}).
 */
class ApiGatewayResourcePolicyShorthandTest {
    static final StratusServer stratus = StratusServer.start(StratusConfig.forTests()
            .withAuth(StratusConfig.AuthMode.STRICT, StrictAuthTest.credentialsFile()));
    static final ApiGatewayClient apigw = stratus.client(ApiGatewayClient.builder(), StrictAuthTest.KEY,
            StrictAuthTest.SECRET);

    @AfterAll
    static void stop() {
        stratus.close();
    }

    static HttpResponse<String> get(String api, String resource) {
        return ApiGatewayInvokeTest.get(stratus.endpoint() + "/_aws/execute-api/" + api + "/prod/" + resource);
    }

    @Test
    void shorthandResourcesStandForTheApisOwnArn() {
        String api = ApiGatewayIamPolicyTest.apiWith(apigw, "shorthand", "NONE", """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*"},
                  {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke",
                   "Resource": ["execute-api:/prod/GET/other"]}]}""");
        assertThat(get(api, "open").statusCode()).as("allowed by execute-api:/*").isEqualTo(200);
        assertThat(get(api, "private").statusCode()).isEqualTo(200);
        HttpResponse<String> denied = get(api, "other");
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.body()).isEqualTo("{\"Message\":\"User: anonymous is not authorized to perform: "
                + "execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:" + StrictAuthTest.ACCOUNT + ":"
                + api + "/prod/GET/other with an explicit deny\"}");
    }

    @Test
    void aShorthandMeansOnlyTheApiItIsAttachedTo() {
        String api = ApiGatewayIamPolicyTest.apiWith(apigw, "shorthand-other-stage", "NONE", """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke",
                   "Resource": "execute-api:/beta/*"}]}""");
        HttpResponse<String> refused = get(api, "open");
        assertThat(refused.statusCode()).as("only stage beta is allowed").isEqualTo(403);
        assertThat(refused.body()).isEqualTo("{\"Message\":\"User: anonymous is not authorized to perform: "
                + "execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:" + StrictAuthTest.ACCOUNT + ":"
                + api + "/prod/GET/open\"}");
    }
}
