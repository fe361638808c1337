package dev.stratus.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A bucket's notification configuration: the destinations it names, which events and keys each wants, and the
 * checks S3 makes when it is put (filter rules, overlapping configurations).
 */
final class NotificationConfigs {
    /** The three destination lists of a NotificationConfiguration and the member holding each one's ARN. */
    enum Kind {
        QUEUE("QueueConfigurations", "QueueArn"),
        TOPIC("TopicConfigurations", "TopicArn"),
        LAMBDA("LambdaFunctionConfigurations", "LambdaFunctionArn");

        final String list;
        final String arnMember;

        Kind(String list, String arnMember) {
            this.list = list;
            this.arnMember = arnMember;
        }
    }

    /** One configured destination with its events and key filter (empty prefix / suffix match every key). */
    record Target(Kind kind, String id, String arn, List<String> events, String prefix, String suffix) {

        /** Whether an event such as {@code ObjectCreated:Put} for {@code key} goes to this destination. */
        boolean wants(String eventName, String key) {
            return key.startsWith(prefix) && key.endsWith(suffix)
                    && events.stream().anyMatch(e -> covers(e, "s3:" + eventName));
        }
    }

    private NotificationConfigs() {
    }

    /** Whether configured event type {@code configured} ({@code s3:ObjectCreated:*}) includes {@code event}. */
    static boolean covers(String configured, String event) {
        if (configured.equals(event)) {
            return true;
        }
        return configured.endsWith(":*") && event.startsWith(configured.substring(0, configured.length() - 1));
    }

    /** The destinations of a stored configuration, in the order they were configured. */
    static List<Target> targets(JsonNode config) {
        List<Target> out = new ArrayList<>();
        if (config == null) {
            return out;
        }
        for (Kind kind : Kind.values()) {
            for (JsonNode c : config.path(kind.list)) {
                List<String> events = new ArrayList<>();
                c.path("Events").forEach(e -> events.add(e.asText()));
                String prefix = "";
                String suffix = "";
                for (JsonNode rule : c.path("Filter").path("Key").path("FilterRules")) {
                    String name = rule.path("Name").asText().toLowerCase(Locale.ROOT);
                    if (name.equals("prefix")) {
                        prefix = rule.path("Value").asText("");
                    } else if (name.equals("suffix")) {
                        suffix = rule.path("Value").asText("");
                    }
                }
                out.add(new Target(kind, c.path("Id").asText(), c.path(kind.arnMember).asText(), events, prefix,
                        suffix));
            }
        }
        return out;
    }

    /**
     * Checks a configuration as S3 does before storing it and gives every destination without an Id a generated
     * one, as S3 does. EventBridgeConfiguration is kept as given.
     */
    static ObjectNode normalize(ObjectNode config) {
        ObjectNode out = config.deepCopy();
        for (Kind kind : Kind.values()) {
            JsonNode list = out.get(kind.list);
            if (list == null || !list.isArray()) {
                continue;
            }
            for (JsonNode c : list) {
                ObjectNode entry = (ObjectNode) c;
                if (!entry.hasNonNull("Id") || entry.get("Id").asText().isEmpty()) {
                    entry.put("Id", UUID.randomUUID().toString());
                }
                checkFilterRules(entry.path("Filter").path("Key").path("FilterRules"));
                if (entry.path("Events").isEmpty()) {
                    throw S3Errors.malformedXml();
                }
            }
        }
        checkOverlaps(targets(out));
        return out;
    }

    private static void checkFilterRules(JsonNode rules) {
        boolean prefix = false;
        boolean suffix = false;
        for (JsonNode rule : rules) {
            String name = rule.path("Name").asText().toLowerCase(Locale.ROOT);
            if (name.equals("prefix")) {
                if (prefix) {
                    throw S3Errors.invalidArgument("Cannot specify more than one prefix rule in a filter.",
                            "FilterRule", "prefix");
                }
                prefix = true;
            } else if (name.equals("suffix")) {
                if (suffix) {
                    throw S3Errors.invalidArgument("Cannot specify more than one suffix rule in a filter.",
                            "FilterRule", "suffix");
                }
                suffix = true;
            } else {
                throw S3Errors.invalidArgument("filter rule name must be either prefix or suffix", "FilterRule",
                        rule.path("Name").asText());
            }
        }
    }

    /**
     * Two destinations may not both receive one event for one key: S3 refuses configurations that share an event
     * type unless their prefixes or suffixes keep them apart.
     */
    private static void checkOverlaps(List<Target> targets) {
        for (int i = 0; i < targets.size(); i++) {
            for (int j = i + 1; j < targets.size(); j++) {
                Target a = targets.get(i);
                Target b = targets.get(j);
                String shared = sharedEvent(a, b);
                if (shared == null || !keysOverlap(a, b)) {
                    continue;
                }
                boolean unfiltered = a.prefix().isEmpty() && a.suffix().isEmpty() && b.prefix().isEmpty()
                        && b.suffix().isEmpty();
                if (unfiltered) {
                    throw S3Errors.invalidArgument("Configurations overlap. Configurations on the same bucket "
                            + "cannot share a common event type.", "Event", shared);
                }
                throw S3Errors.invalidArgument("Configuration is ambiguously defined. Cannot have overlapping "
                        + "suffixes in two rules if the prefixes are overlapping for the same event type.",
                        "Event", shared);
            }
        }
    }

    private static String sharedEvent(Target a, Target b) {
        for (String x : a.events()) {
            for (String y : b.events()) {
                if (covers(x, y) || covers(y, x)) {
                    return x.length() >= y.length() ? x : y;
                }
            }
        }
        return null;
    }

    private static boolean keysOverlap(Target a, Target b) {
        boolean prefixes = a.prefix().startsWith(b.prefix()) || b.prefix().startsWith(a.prefix());
        boolean suffixes = a.suffix().endsWith(b.suffix()) || b.suffix().endsWith(a.suffix());
        return prefixes && suffixes;
    }

    /** An empty configuration: what GetBucketNotificationConfiguration answers before any was put. */
    static ObjectNode empty() {
        return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    }
}
