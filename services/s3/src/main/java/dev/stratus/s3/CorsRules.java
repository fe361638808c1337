package dev.stratus.s3;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.protocol.AwsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** A bucket's CORS rules: the checks PutBucketCors makes, and which rule answers a browser's request. */
final class CorsRules {
    static final String CORS = "cors";
    /** S3 allows at most 100 rules in one CORS configuration. */
    static final int MAX_RULES = 100;
    static final Set<String> METHODS = Set.of("GET", "PUT", "HEAD", "POST", "DELETE");

    private CorsRules() {
    }

    /** Refuses what S3 refuses: unknown methods, more than one wildcard in an origin or header, wildcard expose headers. */
    static void validate(JsonNode rules) {
        if (!rules.isArray() || rules.isEmpty() || rules.size() > MAX_RULES) {
            throw S3Errors.malformedXml();
        }
        for (JsonNode rule : rules) {
            for (JsonNode m : rule.path("AllowedMethods")) {
                if (!METHODS.contains(m.asText())) {
                    throw S3Errors.invalidRequest("Found unsupported HTTP method in CORS config. Unsupported method is "
                            + m.asText());
                }
            }
            for (JsonNode o : rule.path("AllowedOrigins")) {
                if (wildcards(o.asText()) > 1) {
                    throw S3Errors.invalidRequest("AllowedOrigin \"" + o.asText()
                            + "\" can not have more than one wildcard.");
                }
            }
            for (JsonNode h : rule.path("AllowedHeaders")) {
                if (wildcards(h.asText()) > 1) {
                    throw S3Errors.invalidRequest("AllowedHeader \"" + h.asText()
                            + "\" can not have more than one wildcard.");
                }
            }
            for (JsonNode h : rule.path("ExposeHeaders")) {
                if (h.asText().contains("*")) {
                    throw S3Errors.invalidRequest("ExposeHeader \"" + h.asText() + "\" contains wildcard. We currently "
                            + "do not support wildcard for ExposeHeader.");
                }
            }
        }
    }

    private static int wildcards(String s) {
        return (int) s.chars().filter(c -> c == '*').count();
    }

    /**
     * The first rule allowing {@code origin} to use {@code method} with every one of {@code requestHeaders}, or null.
     * S3 evaluates rules in order and uses the first match.
     */
    static JsonNode match(JsonNode rules, String origin, String method, List<String> requestHeaders) {
        for (JsonNode rule : rules) {
            if (anyMatches(rule.path("AllowedOrigins"), origin, false)
                    && contains(rule.path("AllowedMethods"), method)
                    && requestHeaders.stream().allMatch(h -> anyMatches(rule.path("AllowedHeaders"), h, true))) {
                return rule;
            }
        }
        return null;
    }

    /** The headers a preflight asks for ({@code Access-Control-Request-Headers}), trimmed, empty ones dropped. */
    static List<String> requestedHeaders(String header) {
        List<String> out = new ArrayList<>();
        if (header != null) {
            for (String h : header.split(",")) {
                if (!h.isBlank()) {
                    out.add(h.strip());
                }
            }
        }
        return out;
    }

    /** Whether a rule's origins allow any origin, in which case S3 answers {@code *} rather than the origin. */
    static boolean allowsAnyOrigin(JsonNode rule) {
        return contains(rule.path("AllowedOrigins"), "*");
    }

    static String joined(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(v -> out.add(v.asText()));
        return String.join(", ", out);
    }

    private static boolean contains(JsonNode list, String value) {
        for (JsonNode v : list) {
            if (v.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyMatches(JsonNode patterns, String value, boolean ignoreCase) {
        for (JsonNode p : patterns) {
            if (wildcardMatch(p.asText(), value, ignoreCase)) {
                return true;
            }
        }
        return false;
    }

    /** S3 patterns have at most one {@code *}, which matches any run of characters. */
    static boolean wildcardMatch(String pattern, String value, boolean ignoreCase) {
        String p = ignoreCase ? pattern.toLowerCase(Locale.ROOT) : pattern;
        String v = ignoreCase ? value.toLowerCase(Locale.ROOT) : value;
        int star = p.indexOf('*');
        if (star < 0) {
            return p.equals(v);
        }
        String head = p.substring(0, star);
        String tail = p.substring(star + 1);
        return v.length() >= head.length() + tail.length() && v.startsWith(head) && v.endsWith(tail);
    }

    /** A preflight or actual request that no rule allows, as S3 words it. */
    static AwsException notAllowed(String method, String resourceType) {
        return new AwsException("AccessForbidden", "CORSResponse: This CORS request is not allowed. This is usually "
                + "because the evalution of Origin, request method / Access-Control-Request-Method or "
                + "Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.", 403)
                .with("Method", method).with("ResourceType", resourceType);
    }

    static AwsException notEnabled(String method, String resourceType) {
        return new AwsException("AccessForbidden", "CORSResponse: CORS is not enabled for this bucket.", 403)
                .with("Method", method).with("ResourceType", resourceType);
    }
}
