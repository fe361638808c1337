package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.platform.StratusConfig;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;

/** Strict mode: the UnsubscribeURL and SubscribeURL work unsigned, as on AWS; other SNS calls do not. */
class SnsStrictTest {
    static final StratusServer stratus = StratusServer.start(StratusConfig.forTests()
            .withAuth(StratusConfig.AuthMode.STRICT, StrictAuthTest.credentialsFile()));
    static final HttpClient HTTP = HttpClient.newHttpClient();
    final SnsClient sns = stratus.client(SnsClient.builder(), StrictAuthTest.KEY, StrictAuthTest.SECRET);

    @AfterAll
    static void stop() {
        stratus.close();
    }

    private HttpResponse<String> get(String query) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(stratus.endpoint() + "/?" + query)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void unsubscribeUrlWorksUnsignedButListTopicsDoesNot() throws Exception {
        String topic = sns.createTopic(b -> b.name("strict")).topicArn();
        assertThat(topic).contains(":" + StrictAuthTest.ACCOUNT + ":");
        String sub = sns.subscribe(b -> b.topicArn(topic).protocol("sqs")
                .endpoint("arn:aws:sqs:us-east-1:" + StrictAuthTest.ACCOUNT + ":q")).subscriptionArn();
        HttpResponse<String> unsubscribed = get("Action=Unsubscribe&SubscriptionArn=" + enc(sub));
        assertThat(unsubscribed.statusCode()).as(unsubscribed.body()).isEqualTo(200);
        assertThat(sns.listSubscriptionsByTopic(b -> b.topicArn(topic)).subscriptions()).isEmpty();
        HttpResponse<String> badToken = get("Action=ConfirmSubscription&TopicArn=" + enc(topic) + "&Token=x");
        assertThat(badToken.statusCode()).isEqualTo(400);
        assertThat(badToken.body()).contains("<Code>InvalidParameter</Code>");
        HttpResponse<String> list = get("Action=ListTopics");
        assertThat(list.statusCode()).isEqualTo(403);
    }
}
