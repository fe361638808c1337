package dev.stratus.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure parts of bucket rules: lifecycle dates and filters, CORS wildcards, event key encoding and matching. */
class BucketRulesTest {
    static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void expirationDaysRoundUpToTheNextMidnightUtc() {
        long created = Instant.parse("2014-01-15T10:30:00Z").toEpochMilli();
        assertThat(LifecycleRules.afterDays(created, 3)).isEqualTo(Instant.parse("2014-01-19T00:00:00Z"));
        long midnight = Instant.parse("2014-01-15T00:00:00Z").toEpochMilli();
        assertThat(LifecycleRules.afterDays(midnight, 1)).isEqualTo(Instant.parse("2014-01-16T00:00:00Z"));
    }

    @Test
    void lifecycleFiltersCombinePrefixTagsAndSizes() throws Exception {
        var rule = MAPPER.readTree("""
                {"Status":"Enabled","Filter":{"And":{"Prefix":"logs/","Tags":[{"Key":"tier","Value":"tmp"}],
                 "ObjectSizeGreaterThan":10,"ObjectSizeLessThan":100}}}""");
        assertThat(LifecycleRules.applies(rule, "logs/a", Map.of("tier", "tmp"), 50)).isTrue();
        assertThat(LifecycleRules.applies(rule, "logs/a", Map.of("tier", "keep"), 50)).isFalse();
        assertThat(LifecycleRules.applies(rule, "logs/a", Map.of("tier", "tmp"), 10)).isFalse();
        assertThat(LifecycleRules.applies(rule, "logs/a", Map.of("tier", "tmp"), 100)).isFalse();
        assertThat(LifecycleRules.applies(rule, "data/a", Map.of("tier", "tmp"), 50)).isFalse();
    }

    @Test
    void corsPatternsHaveOneWildcard() {
        assertThat(CorsRules.wildcardMatch("https://*.example.com", "https://app.example.com", false)).isTrue();
        assertThat(CorsRules.wildcardMatch("https://*.example.com", "https://example.com", false)).isFalse();
        assertThat(CorsRules.wildcardMatch("x-amz-*", "X-Amz-Meta-A", true)).isTrue();
        assertThat(CorsRules.wildcardMatch("*", "anything", false)).isTrue();
    }

    @Test
    void eventKeysAreFormEncodedWithSlashesKept() {
        assertThat(S3EventDocument.encodeKey("photos/red flower+1.jpg")).isEqualTo("photos/red+flower%2B1.jpg");
        assertThat(S3EventDocument.encodeKey("a=b&c/ü")).isEqualTo("a%3Db%26c/%C3%BC");
    }

    @Test
    void wildcardEventsCoverTheirKinds() {
        var target = new NotificationConfigs.Target(NotificationConfigs.Kind.QUEUE, "id", "arn",
                List.of("s3:ObjectCreated:*"), "img/", ".png");
        assertThat(target.wants("ObjectCreated:Copy", "img/a.png")).isTrue();
        assertThat(target.wants("ObjectRemoved:Delete", "img/a.png")).isFalse();
        assertThat(target.wants("ObjectCreated:Put", "img/a.jpg")).isFalse();
    }
}
