package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * An http subscriber as AWS's docs describe one: it receives the SubscriptionConfirmation, visits SubscribeURL,
 * then receives a Notification whose signature verifies with the certificate at SigningCertURL.
 */
class SnsHttpSubscriptionTest {
    static final StratusServer stratus = StratusServer.start();
    static final ObjectMapper MAPPER = new ObjectMapper();
    final SnsClient sns = stratus.client(SnsClient.builder());
    final HttpClient http = HttpClient.newHttpClient();
    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    HttpServer subscriber;

    record Received(Map<String, String> headers, String body) {
    }

    @AfterAll
    static void stop() {
        stratus.close();
    }

    @BeforeEach
    void startSubscriber() throws Exception {
        subscriber = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        subscriber.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(Map.of(
                    "type", String.valueOf(exchange.getRequestHeaders().getFirst("x-amz-sns-message-type")),
                    "topic", String.valueOf(exchange.getRequestHeaders().getFirst("x-amz-sns-topic-arn")),
                    "subscription", String.valueOf(exchange.getRequestHeaders().getFirst("x-amz-sns-subscription-arn")),
                    "contentType", String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"))), body));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        subscriber.start();
    }

    @AfterEach
    void stopSubscriber() {
        subscriber.stop(0);
    }

    private Received next() throws InterruptedException {
        Received r = received.poll(15, TimeUnit.SECONDS);
        assertThat(r).as("a POST from SNS").isNotNull();
        return r;
    }

    private String get(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url + " -> " + r.body()).isEqualTo(200);
        return r.body();
    }

    private static void assertSigned(String canonical, String signature, String pem) throws Exception {
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        Signature s = Signature.getInstance("SHA1withRSA");
        s.initVerify(cert.getPublicKey());
        s.update(canonical.getBytes(StandardCharsets.UTF_8));
        assertThat(s.verify(Base64.getDecoder().decode(signature))).as("signature of\n" + canonical).isTrue();
    }

    @Test
    void confirmThroughSubscribeUrlThenReceiveSignedNotifications() throws Exception {
        String topic = sns.createTopic(b -> b.name("webhooks")).topicArn();
        String endpoint = "http://127.0.0.1:" + subscriber.getAddress().getPort() + "/hook";
        assertThat(sns.subscribe(b -> b.topicArn(topic).protocol("http").endpoint(endpoint)).subscriptionArn())
                .isEqualTo("pending confirmation");

        Received confirmation = next();
        assertThat(confirmation.headers()).containsEntry("type", "SubscriptionConfirmation")
                .containsEntry("topic", topic).containsEntry("contentType", "text/plain; charset=UTF-8");
        JsonNode c = MAPPER.readTree(confirmation.body());
        assertThat(c.get("Type").asText()).isEqualTo("SubscriptionConfirmation");
        assertThat(c.get("SignatureVersion").asText()).isEqualTo("1");
        String pem = get(c.get("SigningCertURL").asText());
        assertSigned("Message\n" + c.get("Message").asText() + "\nMessageId\n" + c.get("MessageId").asText()
                + "\nSubscribeURL\n" + c.get("SubscribeURL").asText() + "\nTimestamp\n" + c.get("Timestamp").asText()
                + "\nToken\n" + c.get("Token").asText() + "\nTopicArn\n" + topic
                + "\nType\nSubscriptionConfirmation\n", c.get("Signature").asText(), pem);

        String confirmed = get(c.get("SubscribeURL").asText());
        assertThat(confirmed).contains("<ConfirmSubscriptionResult><SubscriptionArn>" + topic + ":");
        String subscriptionArn = sns.listSubscriptionsByTopic(b -> b.topicArn(topic)).subscriptions().get(0)
                .subscriptionArn();
        assertThat(subscriptionArn).startsWith(topic + ":");

        String messageId = sns.publish(b -> b.topicArn(topic).message("payload").subject("Greetings")).messageId();
        Received notification = next();
        assertThat(notification.headers()).containsEntry("type", "Notification")
                .containsEntry("subscription", subscriptionArn);
        JsonNode n = MAPPER.readTree(notification.body());
        assertThat(n.get("MessageId").asText()).isEqualTo(messageId);
        assertThat(n.get("Message").asText()).isEqualTo("payload");
        assertThat(n.get("Timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertSigned("Message\npayload\nMessageId\n" + messageId + "\nSubject\nGreetings\nTimestamp\n"
                + n.get("Timestamp").asText() + "\nTopicArn\n" + topic + "\nType\nNotification\n",
                n.get("Signature").asText(), get(n.get("SigningCertURL").asText()));

        get(n.get("UnsubscribeURL").asText());
        assertThat(sns.listSubscriptionsByTopic(b -> b.topicArn(topic)).subscriptions()).isEmpty();
    }

    @Test
    void rawHttpDeliveryPostsTheBareMessage() throws Exception {
        String topic = sns.createTopic(b -> b.name("raw-hooks")).topicArn();
        String endpoint = "http://127.0.0.1:" + subscriber.getAddress().getPort() + "/hook";
        sns.subscribe(b -> b.topicArn(topic).protocol("http").endpoint(endpoint)
                .attributes(Map.of("RawMessageDelivery", "true")));
        JsonNode c = MAPPER.readTree(next().body());
        sns.confirmSubscription(b -> b.topicArn(topic).token(c.get("Token").asText()));
        sns.publish(b -> b.topicArn(topic).message("just this"));
        assertThat(next().body()).isEqualTo("just this");
    }
}
