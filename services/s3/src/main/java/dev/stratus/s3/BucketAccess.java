package dev.stratus.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.Operation;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.auth.CredentialResolver;
import dev.stratus.platform.iam.AccessRequest;
import dev.stratus.platform.iam.Decision;
import dev.stratus.platform.iam.IdentityPolicies;
import dev.stratus.platform.iam.PolicyEvaluator;
import dev.stratus.platform.state.DocumentStore;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Strict mode's authorization of S3 requests, as S3 evaluates it: the caller's identity policies (an account root
 * may do anything in its account) and the bucket's policy together. An explicit Deny in either refuses; within the
 * bucket owner's account an Allow in either grants; another account's caller needs an Allow in both; an unsigned
 * caller needs the bucket policy to allow {@code "Principal": "*"}. Refusals are 403 AccessDenied.
 */
final class BucketAccess {
    private final S3State state;
    private final BucketSettings settings;
    private final CredentialResolver credentials;
    private final Clock clock;

    BucketAccess(S3State state, CredentialResolver credentials, Clock clock) {
        this.state = state;
        this.settings = new BucketSettings(state.storage);
        this.credentials = credentials;
        this.clock = clock;
    }

    /** {@code operation} behind this check; a caller another account's policy lets in acts in the owner's account. */
    Operation guard(String name, Operation operation) {
        return (ctx, in) -> operation.call(authorize(name, ctx, in), in);
    }

    RequestContext authorize(String operation, RequestContext ctx, ObjectNode in) {
        AccessRequest request = new AccessRequest(ctx.anonymous() ? null : ctx.principalArn(),
                ctx.anonymous() ? null : ctx.accountId(), S3Actions.of(operation, in), S3Actions.resource(in),
                conditionKeys(ctx, in));
        String bucket = in.path("Bucket").asText(null);
        String owner = bucket == null || operation.equals("CreateBucket") ? null
                : state.buckets.get(bucket).map(BucketRecord::owner).orElse(null);
        if (operation.equals("DeleteObjects")) {
            for (JsonNode o : in.path("Delete").path("Objects")) {
                String action = o.hasNonNull("VersionId") ? "s3:DeleteObjectVersion" : "s3:DeleteObject";
                check(request.on(action, S3Actions.objectArn(bucket, o.path("Key").asText())), bucket, owner);
            }
        } else {
            check(request, bucket, owner);
        }
        if (in.hasNonNull("CopySource")) {
            CopySource source = CopySource.parse(in.path("CopySource").asText());
            String sourceOwner = state.buckets.get(source.bucket()).map(BucketRecord::owner).orElse(null);
            check(request.on(source.versionId() == null ? "s3:GetObject" : "s3:GetObjectVersion",
                    S3Actions.objectArn(source.bucket(), source.key())), source.bucket(), sourceOwner);
        }
        return owner != null && !owner.equals(ctx.accountId()) ? ctx.inAccount(owner) : ctx;
    }

    /** Refuses {@code request} on {@code bucket} (owned by {@code owner}; null when there is no such bucket). */
    private void check(AccessRequest request, String bucket, String owner) {
        Decision identity = IdentityPolicies.decision(credentials::identityPolicies, request);
        Decision resource = owner == null ? Decision.NONE
                : PolicyEvaluator.evaluate(bucketPolicy(bucket), request);
        if (identity == Decision.DENY || resource == Decision.DENY) {
            throw S3Errors.accessDenied();
        }
        boolean sameAccount = owner == null || owner.equals(request.principalAccount());
        boolean allowed = sameAccount ? identity == Decision.ALLOW || resource == Decision.ALLOW
                : request.anonymous() ? resource == Decision.ALLOW
                : identity == Decision.ALLOW && resource == Decision.ALLOW;
        if (!allowed) {
            throw S3Errors.accessDenied();
        }
    }

    private JsonNode bucketPolicy(String bucket) {
        JsonNode text = settings.get(bucket, "Policy").orElse(null);
        if (text == null || !text.isTextual()) {
            return null;
        }
        try {
            return DocumentStore.MAPPER.readTree(text.asText());
        } catch (IOException e) {
            return null;
        }
    }

    /** The global and S3 condition keys Stratus knows for a request. */
    private Map<String, List<String>> conditionKeys(RequestContext ctx, ObjectNode in) {
        Map<String, List<String>> keys = AccessRequest.globalConditionKeys(ctx, clock.instant());
        if (!ctx.anonymous()) {
            keys.put("s3:signatureversion", List.of("AWS4-HMAC-SHA256"));
        }
        putIf(keys, "s3:prefix", in, "Prefix");
        putIf(keys, "s3:delimiter", in, "Delimiter");
        putIf(keys, "s3:max-keys", in, "MaxKeys");
        putIf(keys, "s3:VersionId", in, "VersionId");
        putIf(keys, "s3:x-amz-acl", in, "ACL");
        putIf(keys, "s3:x-amz-server-side-encryption", in, "ServerSideEncryption");
        putIf(keys, "s3:x-amz-storage-class", in, "StorageClass");
        return keys;
    }

    private static void putIf(Map<String, List<String>> keys, String name, ObjectNode in, String member) {
        if (in.hasNonNull(member)) {
            keys.put(name, new ArrayList<>(List.of(in.get(member).asText())));
        }
    }
}
