package dev.stratus.sns.delivery;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** The URLs SNS messages point back at: Stratus's own endpoint (known only once the port is bound). */
public record SnsUrls(Supplier<String> base) {
    public static final String CERT_PATH = "/_stratus/sns/SimpleNotificationService.pem";

    public String signingCert() {
        return base.get() + CERT_PATH;
    }

    public String subscribe(String topicArn, String token) {
        return base.get() + "/?Action=ConfirmSubscription&TopicArn=" + enc(topicArn) + "&Token=" + enc(token);
    }

    public String unsubscribe(String subscriptionArn) {
        return base.get() + "/?Action=Unsubscribe&SubscriptionArn=" + enc(subscriptionArn);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
