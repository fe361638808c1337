package dev.stratus.platform;

import java.time.Instant;

/**
 * Who is calling, where, and which request this is.
 *
 * @param accessKeyId the caller's access key, or null for an unsigned request
 * @param principalArn the caller's ARN (the account root in dev mode, or the assumed-role session)
 */
public record RequestContext(String requestId, String accountId, String region, String accessKeyId,
                             String principalArn, Instant receivedAt) {

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
