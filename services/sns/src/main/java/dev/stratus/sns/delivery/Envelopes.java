package dev.stratus.sns.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.sns.signing.MessageSigner;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON documents SNS sends: Notification and SubscriptionConfirmation envelopes, and Lambda's event. */
public final class Envelopes {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** SNS timestamps always carry milliseconds: {@code 2012-04-25T21:49:25.719Z}. */
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final MessageSigner signer;
    private final SnsUrls urls;

    public Envelopes(MessageSigner signer, SnsUrls urls) {
        this.signer = signer;
        this.urls = urls;
    }

    public static String timestamp(Instant t) {
        return TIMESTAMP.format(t);
    }

    /** The Notification envelope for one subscription, fields in the order SNS writes them. */
    public ObjectNode notification(PublishedMessage m, String protocol, String subscriptionArn) {
        Map<String, String> signed = new LinkedHashMap<>();
        signed.put("Message", m.messageFor(protocol));
        signed.put("MessageId", m.messageId());
        if (m.subject() != null) {
            signed.put("Subject", m.subject());
        }
        signed.put("Timestamp", timestamp(m.timestamp()));
        signed.put("TopicArn", m.topicArn());
        signed.put("Type", "Notification");
        ObjectNode o = NODES.objectNode();
        o.put("Type", "Notification");
        o.put("MessageId", m.messageId());
        if (m.sequenceNumber() != null) {
            o.put("SequenceNumber", m.sequenceNumber());
        }
        o.put("TopicArn", m.topicArn());
        if (m.subject() != null) {
            o.put("Subject", m.subject());
        }
        o.put("Message", signed.get("Message"));
        o.put("Timestamp", signed.get("Timestamp"));
        o.put("SignatureVersion", "1");
        o.put("Signature", signer.sign(MessageSigner.notificationString(signed)));
        o.put("SigningCertURL", urls.signingCert());
        o.put("UnsubscribeURL", urls.unsubscribe(subscriptionArn));
        ObjectNode attributes = envelopeAttributes(m.attributes());
        if (!attributes.isEmpty()) {
            o.set("MessageAttributes", attributes);
        }
        return o;
    }

    /** SNS's envelope form of message attributes: {@code {name: {Type, Value}}}, binary values in base64. */
    static ObjectNode envelopeAttributes(JsonNode attributes) {
        ObjectNode out = NODES.objectNode();
        if (attributes == null) {
            return out;
        }
        Iterator<Map.Entry<String, JsonNode>> it = attributes.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            ObjectNode a = out.putObject(e.getKey());
            a.put("Type", v.path("DataType").asText());
            JsonNode bin = v.get("BinaryValue");
            if (bin != null && bin.isBinary()) {
                a.put("Value", java.util.Base64.getEncoder().encodeToString(((com.fasterxml.jackson.databind.node
                        .BinaryNode) bin).binaryValue()));
            } else {
                a.put("Value", v.path("StringValue").asText());
            }
        }
        return out;
    }

    /** The SubscriptionConfirmation POSTed to a new http/https subscriber. */
    public ObjectNode subscriptionConfirmation(String topicArn, String token, String messageId, Instant now) {
        Map<String, String> signed = new LinkedHashMap<>();
        signed.put("Message", "You have chosen to subscribe to the topic " + topicArn
                + ".\nTo confirm the subscription, visit the SubscribeURL included in this message.");
        signed.put("MessageId", messageId);
        signed.put("SubscribeURL", urls.subscribe(topicArn, token));
        signed.put("Timestamp", timestamp(now));
        signed.put("Token", token);
        signed.put("TopicArn", topicArn);
        signed.put("Type", "SubscriptionConfirmation");
        ObjectNode o = NODES.objectNode();
        o.put("Type", "SubscriptionConfirmation");
        o.put("MessageId", messageId);
        o.put("Token", token);
        o.put("TopicArn", topicArn);
        o.put("Message", signed.get("Message"));
        o.put("SubscribeURL", signed.get("SubscribeURL"));
        o.put("Timestamp", signed.get("Timestamp"));
        o.put("SignatureVersion", "1");
        o.put("Signature", signer.sign(MessageSigner.confirmationString(signed)));
        o.put("SigningCertURL", urls.signingCert());
        return o;
    }

    /** The event Lambda receives: one record whose {@code Sns} member is the notification (Lambda's spelling). */
    public ObjectNode lambdaEvent(PublishedMessage m, String subscriptionArn) {
        ObjectNode n = notification(m, "lambda", subscriptionArn);
        ObjectNode sns = NODES.objectNode();
        sns.put("Type", "Notification");
        sns.put("MessageId", m.messageId());
        sns.put("TopicArn", m.topicArn());
        sns.set("Subject", m.subject() == null ? NODES.nullNode() : NODES.textNode(m.subject()));
        sns.set("Message", n.get("Message"));
        sns.set("Timestamp", n.get("Timestamp"));
        sns.put("SignatureVersion", "1");
        sns.set("Signature", n.get("Signature"));
        sns.set("SigningCertUrl", n.get("SigningCertURL"));
        sns.set("UnsubscribeUrl", n.get("UnsubscribeURL"));
        sns.set("MessageAttributes", envelopeAttributes(m.attributes()));
        ObjectNode event = NODES.objectNode();
        ObjectNode record = event.putArray("Records").addObject();
        record.put("EventSource", "aws:sns");
        record.put("EventVersion", "1.0");
        record.put("EventSubscriptionArn", subscriptionArn);
        record.set("Sns", sns);
        return event;
    }
}
