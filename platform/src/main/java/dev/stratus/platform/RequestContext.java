package dev.stratus.platform;

import java.time.Instant;

/**
 * Who is calling, where, and which request this is.
 *
 * @param accessKeyId the caller's access key, or null for an unsigned request
 * @param principalArn the caller's ARN (the account root in dev mode, or the assumed-role session)
 * @param endpoint the base URL the client reached us at ({@code http://host:port} from the Host header), or null
 *                 for in-process calls; services that hand out URLs (SQS queue URLs) build them from it
 */
public record RequestContext(String requestId, String accountId, String region, String accessKeyId,
                             String principalArn, Instant receivedAt, String endpoint) {

    /** A context without an endpoint (in-process calls, or before the edge knows the Host). */
    public RequestContext(String requestId, String accountId, String region, String accessKeyId,
                          String principalArn, Instant receivedAt) {
        this(requestId, accountId, region, accessKeyId, principalArn, receivedAt, null);
    }

    /** This context as reached through {@code endpoint}. */
    public RequestContext withEndpoint(String endpoint) {
        return new RequestContext(requestId, accountId, region, accessKeyId, principalArn, receivedAt, endpoint);
    }

    public static final String DEFAULT_ACCOUNT = "000000000000";
    public static final String DEFAULT_REGION = "us-east-1";

    /** A context for in-process calls and tests. */
    public static RequestContext internal(String accountId, String region) {
        return new RequestContext(RequestIds.next(), accountId, region, null,
                "arn:aws:iam::" + accountId + ":root", Instant.now());
    }

    /** The partition-aware ARN prefix for a service in this account and region. */
    public String arn(String service, String resource) {
        return "arn:aws:" + service + ":" + region + ":" + accountId + ":" + resource;
    }
}
