package dev.stratus.s3;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.codec.Timestamps;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** A bucket's lifecycle rules: the checks PutBucketLifecycleConfiguration makes, and what each rule applies to. */
final class LifecycleRules {
    static final String LIFECYCLE = "lifecycle";
    /** S3 allows up to 1,000 rules per lifecycle configuration. */
    static final int MAX_RULES = 1000;
    static final int MAX_ID_LENGTH = 255;
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US).withZone(ZoneOffset.UTC);

    private LifecycleRules() {
    }

    static void validate(JsonNode rules) {
        if (!rules.isArray() || rules.isEmpty() || rules.size() > MAX_RULES) {
            throw S3Errors.malformedXml();
        }
        Set<String> ids = new HashSet<>();
        for (JsonNode rule : rules) {
            String id = rule.path("ID").asText("");
            if (id.length() > MAX_ID_LENGTH) {
                throw S3Errors.invalidArgument("ID length should not exceed allowed limit of 255", "ID", id);
            }
            if (!id.isEmpty() && !ids.add(id)) {
                throw S3Errors.invalidArgument("Rule ID must be unique. Found same ID for more than one rule", "ID", id);
            }
            JsonNode filter = rule.get("Filter");
            if ((filter == null) == !rule.has("Prefix") || filter != null && filter.size() > 1) {
                throw S3Errors.malformedXml();
            }
            checkActions(rule);
        }
    }

    private static void checkActions(JsonNode rule) {
        JsonNode expiration = rule.get("Expiration");
        boolean any = expiration != null || rule.has("NoncurrentVersionExpiration")
                || rule.has("AbortIncompleteMultipartUpload") || rule.path("Transitions").size() > 0
                || rule.path("NoncurrentVersionTransitions").size() > 0;
        if (!any) {
            throw S3Errors.invalidRequest("At least one action needs to be specified in a rule");
        }
        if (expiration != null) {
            int set = (expiration.has("Days") ? 1 : 0) + (expiration.has("Date") ? 1 : 0)
                    + (expiration.has("ExpiredObjectDeleteMarker") ? 1 : 0);
            if (set != 1) {
                throw S3Errors.malformedXml();
            }
            if (expiration.has("Days") && expiration.get("Days").asInt() <= 0) {
                throw S3Errors.invalidArgument("'Days' for Expiration action must be a positive integer", "Days",
                        expiration.get("Days").asText());
            }
            if (expiration.has("Date")) {
                Instant date = Timestamps.instant(expiration.get("Date"));
                if (!date.equals(date.truncatedTo(ChronoUnit.DAYS))) {
                    throw S3Errors.invalidArgument("'Date' must be at midnight GMT", "Date", date.toString());
                }
            }
        }
        positive(rule.path("NoncurrentVersionExpiration"), "NoncurrentDays",
                "'NoncurrentDays' for NoncurrentVersionExpiration action must be a positive integer");
        positive(rule.path("AbortIncompleteMultipartUpload"), "DaysAfterInitiation",
                "'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be a positive integer");
    }

    private static void positive(JsonNode action, String member, String message) {
        if (action.has(member) && action.get(member).asInt() <= 0) {
            throw S3Errors.invalidArgument(message, member, action.get(member).asText());
        }
    }

    static boolean enabled(JsonNode rule) {
        return "Enabled".equals(rule.path("Status").asText());
    }

    /** The key prefix a rule covers: its Filter's Prefix, its And's Prefix, or the legacy rule-level Prefix. */
    static String prefix(JsonNode rule) {
        JsonNode filter = rule.path("Filter");
        if (filter.has("Prefix")) {
            return filter.get("Prefix").asText("");
        }
        if (filter.has("And")) {
            return filter.get("And").path("Prefix").asText("");
        }
        return rule.path("Prefix").asText("");
    }

    /** Whether the rule's filter (prefix, tags, object size) selects this object or upload. */
    static boolean applies(JsonNode rule, String key, Map<String, String> tags, long size) {
        if (!key.startsWith(prefix(rule))) {
            return false;
        }
        JsonNode filter = rule.path("Filter");
        JsonNode conditions = filter.has("And") ? filter.get("And") : filter;
        if (conditions.has("Tag") && !hasTag(tags, conditions.get("Tag"))) {
            return false;
        }
        for (JsonNode tag : conditions.path("Tags")) {
            if (!hasTag(tags, tag)) {
                return false;
            }
        }
        if (conditions.has("ObjectSizeGreaterThan") && size <= conditions.get("ObjectSizeGreaterThan").asLong()) {
            return false;
        }
        return !conditions.has("ObjectSizeLessThan") || size < conditions.get("ObjectSizeLessThan").asLong();
    }

    private static boolean hasTag(Map<String, String> tags, JsonNode tag) {
        return tags != null && tag.path("Value").asText("").equals(tags.get(tag.path("Key").asText()));
    }

    /**
     * When S3 expires a current object under this rule, or null when the rule has no Days or Date. Days count from
     * the object's creation and round up to the next midnight UTC, as S3 computes them.
     */
    static Instant expiry(JsonNode rule, long createdMillis) {
        JsonNode expiration = rule.path("Expiration");
        if (expiration.has("Date")) {
            return Timestamps.instant(expiration.get("Date"));
        }
        if (expiration.has("Days")) {
            return afterDays(createdMillis, expiration.get("Days").asInt());
        }
        return null;
    }

    /** {@code days} after {@code fromMillis}, rounded up to midnight UTC. */
    static Instant afterDays(long fromMillis, int days) {
        Instant t = Instant.ofEpochMilli(fromMillis).plus(Duration.ofDays(days));
        Instant midnight = t.truncatedTo(ChronoUnit.DAYS);
        return midnight.equals(t) ? t : midnight.plus(Duration.ofDays(1));
    }

    /**
     * The {@code x-amz-expiration} value for an object some enabled rule will expire (the earliest such rule), or
     * null: {@code expiry-date="Fri, 23 Dec 2012 00:00:00 GMT", rule-id="picture-deletion-rule"}.
     */
    static String expirationHeader(JsonNode rules, ObjectRecord r) {
        if (rules == null) {
            return null;
        }
        Instant earliest = null;
        String ruleId = null;
        for (JsonNode rule : rules) {
            if (!enabled(rule) || !applies(rule, r.key(), r.tags(), r.size())) {
                continue;
            }
            Instant at = expiry(rule, r.lastModifiedMillis());
            if (at != null && (earliest == null || at.isBefore(earliest))) {
                earliest = at;
                ruleId = rule.path("ID").asText("");
            }
        }
        if (earliest == null) {
            return null;
        }
        return "expiry-date=\"" + HTTP_DATE.format(earliest) + "\", rule-id=\""
                + URLEncoder.encode(ruleId, StandardCharsets.UTF_8).replace("+", "%20") + "\"";
    }

    static AwsException noSuchConfiguration(String bucket) {
        return new AwsException("NoSuchLifecycleConfiguration", "The lifecycle configuration does not exist", 404)
                .with("BucketName", bucket);
    }
}
