package dev.stratus.sns.delivery;

import dev.stratus.platform.Lazy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** POSTs SNS messages to http/https subscribers with the headers SNS sends. */
public final class HttpSender {
    /** SNS waits 15 seconds for an HTTP endpoint to answer. */
    static final Duration TIMEOUT = Duration.ofSeconds(15);

    /** Built on the first delivery: a client starts a selector thread and loads the TLS trust store. */
    private final Lazy<HttpClient> client = Lazy.of(() -> HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build());

    /** Sends one message; SNS retries anything but a 2xx answer, so anything else throws. */
    void post(String endpoint, String body, String type, String messageId, String topicArn, String subscriptionArn,
              boolean raw) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint)).timeout(TIMEOUT)
                .header("Content-Type", "text/plain; charset=UTF-8")
                .header("User-Agent", "Amazon Simple Notification Service Agent")
                .header("x-amz-sns-message-type", type)
                .header("x-amz-sns-message-id", messageId)
                .header("x-amz-sns-topic-arn", topicArn)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (subscriptionArn != null) {
            b.header("x-amz-sns-subscription-arn", subscriptionArn);
        }
        if (raw) {
            b.header("x-amz-sns-rawdelivery", "true");
        }
        HttpResponse<Void> response = client.get().send(b.build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(endpoint + " answered HTTP " + response.statusCode());
        }
    }
}
