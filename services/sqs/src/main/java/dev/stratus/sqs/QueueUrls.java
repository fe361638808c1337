package dev.stratus.sqs;

import dev.stratus.platform.RequestContext;
import java.net.URI;
import java.util.regex.Pattern;

/** Reads the queue a QueueUrl names: {@code http://host:port/<account>/<name>} (the host is not checked). */
final class QueueUrls {
    /** Every message operation parses a URL: the pattern is compiled once. */
    private static final Pattern EDGE_SLASHES = Pattern.compile("^/+|/+$");

    private QueueUrls() {
    }

    static QueueKey parse(RequestContext ctx, String queueUrl) {
        if (queueUrl == null || queueUrl.isBlank()) {
            throw SqsErrors.missingParameter("QueueUrl");
        }
        String path;
        try {
            path = queueUrl.contains("://") ? URI.create(queueUrl.strip()).getPath() : queueUrl.strip();
        } catch (IllegalArgumentException e) {
            throw SqsErrors.queueDoesNotExist();
        }
        if (path == null) {
            throw SqsErrors.queueDoesNotExist();
        }
        String[] parts = EDGE_SLASHES.matcher(path).replaceAll("").split("/");
        if (parts.length == 2 && !parts[0].isEmpty() && !parts[1].isEmpty()) {
            return new QueueKey(parts[0], ctx.region(), parts[1]);
        }
        if (parts.length == 1 && !parts[0].isEmpty()) {
            // A bare queue name (some tools pass it): the caller's own account.
            return new QueueKey(ctx.accountId(), ctx.region(), parts[0]);
        }
        throw SqsErrors.queueDoesNotExist();
    }
}
