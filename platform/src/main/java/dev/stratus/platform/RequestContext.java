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

    /** The principal and account of an unsigned request in strict mode (no account's resources are its own). */
    public static final String ANONYMOUS = "anonymous";

    /** An unsigned caller in strict mode, which a service authorizes by its resource policies (S3 buckets). */
    public static RequestContext anonymousCaller(String requestId, String region, Instant receivedAt) {
        return new RequestContext(requestId, ANONYMOUS, region, null, ANONYMOUS, receivedAt);
    }

    /** Whether this is an unsigned caller of strict mode. */
    public boolean anonymous() {
        return ANONYMOUS.equals(principalArn);
    }

    /** This context acting in {@code account} (a caller another account's bucket policy lets in). */
    public RequestContext inAccount(String account) {
        return new RequestContext(requestId, account, region, accessKeyId, principalArn, receivedAt, endpoint);
    }

    /** The partition-aware ARN prefix for a service in this account and region. */
    public String arn(String service, String resource) {
        return "arn:aws:" + service + ":" + region + ":" + accountId + ":" + resource;
    }
}
