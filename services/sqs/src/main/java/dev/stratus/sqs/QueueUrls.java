package dev.stratus.sqs;

import dev.stratus.platform.RequestContext;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Reads the queue a QueueUrl names: {@code http://host:port/<account>/<name>} (the host is not checked). One per
 * service: it remembers the URLs it has parsed.
 */
final class QueueUrls {
    /** Every message operation parses a URL: the pattern is compiled once. */
    private static final Pattern EDGE_SLASHES = Pattern.compile("^/+|/+$");

    /**
     * The path segments of URLs seen (every message operation names its queue by URL, and parsing it as a URI was
     * a twentieth of a send); an empty array for a URL that names no queue. Bounded: cleared when it fills.
     */
    private final Map<String, String[]> segments = new ConcurrentHashMap<>();
    private static final int MAX_CACHED = 4096;
    private static final String[] NONE = new String[0];

    QueueKey parse(RequestContext ctx, String queueUrl) {
        if (queueUrl == null || queueUrl.isBlank()) {
            throw SqsErrors.missingParameter("QueueUrl");
        }
        String[] parts = segments.get(queueUrl);
        if (parts == null) {
            parts = segmentsOf(queueUrl);
            if (segments.size() >= MAX_CACHED) {
                segments.clear();
            }
            segments.put(queueUrl, parts);
        }
        if (parts.length == 2) {
            return new QueueKey(parts[0], ctx.region(), parts[1]);
        }
        if (parts.length == 1) {
            // A bare queue name (some tools pass it): the caller's own account.
            return new QueueKey(ctx.accountId(), ctx.region(), parts[0]);
        }
        throw SqsErrors.queueDoesNotExist();
    }

    /** The non-empty account and name (or bare name) a URL's path holds, else {@link #NONE}. */
    private static String[] segmentsOf(String queueUrl) {
        String path;
        try {
            path = queueUrl.contains("://") ? URI.create(queueUrl.strip()).getPath() : queueUrl.strip();
        } catch (IllegalArgumentException e) {
            return NONE;
        }
        if (path == null) {
            return NONE;
        }
        String[] parts = EDGE_SLASHES.matcher(path).replaceAll("").split("/");
        if (parts.length == 2 && !parts[0].isEmpty() && !parts[1].isEmpty()
                || parts.length == 1 && !parts[0].isEmpty()) {
            return parts;
        }
        return NONE;
    }
}
