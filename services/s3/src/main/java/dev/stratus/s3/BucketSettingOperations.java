package dev.stratus.s3;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.Operation;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.state.DocumentStore;
import dev.stratus.protocol.AwsException;
import java.util.Map;

/**
 * Bucket sub-resources that S3 stores and returns: policy (and its public status), default encryption, ownership
 * controls, public access block, ACLs, website, logging, transfer acceleration, request payment and replication.
 * They are kept and validated as S3 does; none of them changes how requests are served (see docs/compatibility/s3.md).
 */
final class BucketSettingOperations {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
    private static final String AUTHENTICATED_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";
    private final S3State state;
    private final BucketSettings settings;

    BucketSettingOperations(S3State state) {
        this.state = state;
        this.settings = new BucketSettings(state.storage);
    }

    /** Registers every operation of this class. */
    void register(Map<String, Operation> ops) {
        ops.put("PutBucketPolicy", this::putBucketPolicy);
        ops.put("GetBucketPolicy", (ctx, in) -> F.objectNode().put("Policy",
                require(ctx, in, "Policy", policyMissing()).asText()));
        ops.put("DeleteBucketPolicy", (ctx, in) -> remove(ctx, in, "Policy"));
        ops.put("GetBucketPolicyStatus", this::getBucketPolicyStatus);
        ops.put("PutBucketEncryption", this::putBucketEncryption);
        ops.put("GetBucketEncryption", (ctx, in) -> F.objectNode().set("ServerSideEncryptionConfiguration",
                withDefault(ctx, in, "Encryption", defaultEncryption())));
        ops.put("DeleteBucketEncryption", (ctx, in) -> remove(ctx, in, "Encryption"));
        ops.put("PutBucketOwnershipControls", this::putBucketOwnershipControls);
        ops.put("GetBucketOwnershipControls", (ctx, in) -> F.objectNode().set("OwnershipControls",
                require(ctx, in, "OwnershipControls", new AwsException("OwnershipControlsNotFoundError",
                        "The bucket ownership controls were not found", 404))));
        ops.put("DeleteBucketOwnershipControls", (ctx, in) -> markDeleted(ctx, in, "OwnershipControls"));
        ops.put("PutPublicAccessBlock", (ctx, in) -> put(ctx, in, "PublicAccessBlock",
                in.get("PublicAccessBlockConfiguration")));
        ops.put("GetPublicAccessBlock", (ctx, in) -> F.objectNode().set("PublicAccessBlockConfiguration",
                require(ctx, in, "PublicAccessBlock", new AwsException("NoSuchPublicAccessBlockConfiguration",
                        "The public access block configuration was not found", 404))));
        ops.put("DeletePublicAccessBlock", (ctx, in) -> markDeleted(ctx, in, "PublicAccessBlock"));
        ops.put("GetBucketAcl", this::getBucketAcl);
        ops.put("PutBucketAcl", this::putBucketAcl);
        ops.put("GetObjectAcl", this::getObjectAcl);
        ops.put("PutObjectAcl", this::putObjectAcl);
        ops.put("PutBucketWebsite", this::putBucketWebsite);
        ops.put("GetBucketWebsite", (ctx, in) -> require(ctx, in, "Website", new AwsException(
                "NoSuchWebsiteConfiguration", "The specified bucket does not have a website configuration", 404)));
        ops.put("DeleteBucketWebsite", (ctx, in) -> remove(ctx, in, "Website"));
        ops.put("PutBucketLogging", (ctx, in) -> put(ctx, in, "Logging", in.get("BucketLoggingStatus")));
        ops.put("GetBucketLogging", (ctx, in) -> withDefault(ctx, in, "Logging", F.objectNode()));
        ops.put("PutBucketAccelerateConfiguration", this::putBucketAccelerateConfiguration);
        ops.put("GetBucketAccelerateConfiguration", (ctx, in) -> withDefault(ctx, in, "Accelerate", F.objectNode()));
        ops.put("PutBucketRequestPayment", (ctx, in) -> put(ctx, in, "RequestPayment",
                in.get("RequestPaymentConfiguration")));
        ops.put("GetBucketRequestPayment", (ctx, in) -> withDefault(ctx, in, "RequestPayment",
                F.objectNode().put("Payer", "BucketOwner")));
        ops.put("PutBucketReplication", this::putBucketReplication);
        ops.put("GetBucketReplication", (ctx, in) -> F.objectNode().set("ReplicationConfiguration",
                require(ctx, in, "Replication", new AwsException("ReplicationConfigurationNotFoundError",
                        "The replication configuration was not found", 404))));
        ops.put("DeleteBucketReplication", (ctx, in) -> remove(ctx, in, "Replication"));
    }

    /** CreateBucket's {@code x-amz-object-ownership} (default BucketOwnerEnforced, as for every new bucket). */
    void created(String bucket, ObjectNode createInput) {
        settings.dropBucket(bucket);
        String ownership = createInput.path("ObjectOwnership").asText(null);
        if (ownership != null) {
            settings.put(bucket, "OwnershipControls", ownership(ownership));
        }
    }

    void deleted(String bucket) {
        settings.dropBucket(bucket);
    }

    private static JsonNode ownership(String value) {
        ObjectNode controls = F.objectNode();
        controls.putArray("Rules").addObject().put("ObjectOwnership", value);
        return controls;
    }

    private static AwsException policyMissing() {
        return new AwsException("NoSuchBucketPolicy", "The bucket policy does not exist", 404);
    }

    private String bucket(RequestContext ctx, ObjectNode in) {
        return state.requireBucket(ctx, in.path("Bucket").asText()).name();
    }

    private JsonNode put(RequestContext ctx, ObjectNode in, String setting, JsonNode value) {
        settings.put(bucket(ctx, in), setting, value == null ? F.objectNode() : value);
        return null;
    }

    private JsonNode remove(RequestContext ctx, ObjectNode in, String setting) {
        settings.remove(bucket(ctx, in), setting);
        return null;
    }

    private JsonNode markDeleted(RequestContext ctx, ObjectNode in, String setting) {
        settings.markDeleted(bucket(ctx, in), setting);
        return null;
    }

    /** The stored setting, the bucket's default when never set, or {@code missing} once deleted. */
    private JsonNode require(RequestContext ctx, ObjectNode in, String setting, AwsException missing) {
        String bucket = bucket(ctx, in);
        JsonNode value = settings.get(bucket, setting).orElseGet(() -> defaultOf(setting));
        if (value == null || BucketSettings.isDeleted(value)) {
            throw missing.with("BucketName", bucket);
        }
        return value;
    }

    private JsonNode withDefault(RequestContext ctx, ObjectNode in, String setting, JsonNode fallback) {
        return settings.get(bucket(ctx, in), setting).filter(v -> !BucketSettings.isDeleted(v)).orElse(fallback);
    }

    /** What a bucket created today has without being configured (S3 defaults since April 2023). */
    private static JsonNode defaultOf(String setting) {
        return switch (setting) {
            case "OwnershipControls" -> ownership("BucketOwnerEnforced");
            case "PublicAccessBlock" -> F.objectNode().put("BlockPublicAcls", true).put("IgnorePublicAcls", true)
                    .put("BlockPublicPolicy", true).put("RestrictPublicBuckets", true);
            default -> null;
        };
    }

    private static JsonNode defaultEncryption() {
        ObjectNode config = F.objectNode();
        ObjectNode rule = config.putArray("Rules").addObject();
        rule.putObject("ApplyServerSideEncryptionByDefault").put("SSEAlgorithm", "AES256");
        rule.put("BucketKeyEnabled", false);
        return config;
    }

    private JsonNode putBucketPolicy(RequestContext ctx, ObjectNode in) {
        String bucket = bucket(ctx, in);
        String text = in.path("Policy").asText("");
        JsonNode policy;
        try {
            policy = DocumentStore.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            policy = null;
        }
        if (policy == null || !policy.isObject() || !text.stripLeading().startsWith("{")) {
            throw new AwsException("MalformedPolicy", "Policies must be valid JSON and the first byte must be '{'", 400);
        }
        JsonNode statements = policy.path("Statement");
        if (statements.isMissingNode() || statements.isEmpty()) {
            throw new AwsException("MalformedPolicy", "Missing required field Statement", 400);
        }
        for (JsonNode s : statements.isArray() ? statements : F.arrayNode().add(statements)) {
            String effect = s.path("Effect").asText("");
            if (!effect.equals("Allow") && !effect.equals("Deny")) {
                throw new AwsException("MalformedPolicy", "Invalid effect: " + effect, 400);
            }
            if (!s.has("Principal") && !s.has("NotPrincipal")) {
                throw new AwsException("MalformedPolicy", "Missing required field Principal", 400);
            }
        }
        if (isPublic(policy) && blocks(bucket, "BlockPublicPolicy")) {
            throw new AwsException("AccessDenied", "User: " + ctx.principalArn() + " is not authorized to perform: "
                    + "s3:PutBucketPolicy on resource: \"arn:aws:s3:::" + bucket + "\" because public policies are "
                    + "blocked by the BlockPublicPolicy block public access setting.", 403);
        }
        settings.put(bucket, "Policy", F.textNode(text));
        return null;
    }

    private boolean blocks(String bucket, String flag) {
        JsonNode block = settings.get(bucket, "PublicAccessBlock").orElseGet(() -> defaultOf("PublicAccessBlock"));
        return !BucketSettings.isDeleted(block) && block.path(flag).asBoolean(false);
    }

    /** Public as S3 judges it (simplified): an Allow to every principal without a condition. */
    private static boolean isPublic(JsonNode policy) {
        JsonNode statements = policy.path("Statement");
        for (JsonNode s : statements.isArray() ? statements : F.arrayNode().add(statements)) {
            JsonNode p = s.path("Principal");
            boolean everyone = p.asText("").equals("*") || p.path("AWS").asText("").equals("*")
                    || (p.path("AWS").isArray() && p.path("AWS").toString().contains("\"*\""));
            if (s.path("Effect").asText().equals("Allow") && everyone && !s.has("Condition")) {
                return true;
            }
        }
        return false;
    }

    private JsonNode getBucketPolicyStatus(RequestContext ctx, ObjectNode in) {
        JsonNode text = require(ctx, in, "Policy", policyMissing());
        boolean open;
        try {
            open = isPublic(DocumentStore.MAPPER.readTree(text.asText()));
        } catch (JsonProcessingException e) {
            open = false;
        }
        return F.objectNode().set("PolicyStatus", F.objectNode().put("IsPublic", open));
    }

    private JsonNode putBucketEncryption(RequestContext ctx, ObjectNode in) {
        JsonNode config = in.get("ServerSideEncryptionConfiguration");
        for (JsonNode rule : config.path("Rules")) {
            JsonNode byDefault = rule.path("ApplyServerSideEncryptionByDefault");
            String algorithm = byDefault.path("SSEAlgorithm").asText("");
            if (byDefault.has("KMSMasterKeyID") && algorithm.equals("AES256")) {
                throw S3Errors.invalidArgument("a KMSMasterKeyID is not applicable if the default sse algorithm is "
                        + "not aws:kms or aws:kms:dsse", "ApplyServerSideEncryptionByDefault", null);
            }
        }
        return put(ctx, in, "Encryption", config);
    }

    private JsonNode putBucketOwnershipControls(RequestContext ctx, ObjectNode in) {
        JsonNode rules = in.path("OwnershipControls").path("Rules");
        if (rules.size() != 1) {
            throw S3Errors.malformedXml();
        }
        return put(ctx, in, "OwnershipControls", in.get("OwnershipControls"));
    }

    private boolean aclsDisabled(String bucket) {
        JsonNode controls = settings.get(bucket, "OwnershipControls").orElseGet(() -> defaultOf("OwnershipControls"));
        return !BucketSettings.isDeleted(controls)
                && controls.path("Rules").path(0).path("ObjectOwnership").asText().equals("BucketOwnerEnforced");
    }

    private static ObjectNode owner(String account) {
        return F.objectNode().put("ID", BucketOperations.canonicalId(account));
    }

    /** The grants of a canned ACL: the owner's full control plus what the canned name opens to groups. */
    private static ArrayNode cannedGrants(String account, String canned) {
        ArrayNode grants = F.arrayNode();
        grant(grants, F.objectNode().put("ID", BucketOperations.canonicalId(account)).put("Type", "CanonicalUser"),
                "FULL_CONTROL");
        switch (canned) {
            case "public-read" -> grant(grants, group(ALL_USERS), "READ");
            case "public-read-write" -> {
                grant(grants, group(ALL_USERS), "READ");
                grant(grants, group(ALL_USERS), "WRITE");
            }
            case "authenticated-read" -> grant(grants, group(AUTHENTICATED_USERS), "READ");
            default -> {
            }
        }
        return grants;
    }

    private static ObjectNode group(String uri) {
        return F.objectNode().put("Type", "Group").put("URI", uri);
    }

    private static void grant(ArrayNode grants, ObjectNode grantee, String permission) {
        ObjectNode g = grants.addObject();
        g.set("Grantee", grantee);
        g.put("Permission", permission);
    }

    private JsonNode getBucketAcl(RequestContext ctx, ObjectNode in) {
        String bucket = bucket(ctx, in);
        String account = state.buckets.get(bucket).orElseThrow().owner();
        JsonNode stored = settings.get(bucket, "Acl").orElse(null);
        ObjectNode out = F.objectNode();
        out.set("Owner", owner(account));
        out.set("Grants", stored != null ? stored : cannedGrants(account, "private"));
        return out;
    }

    private JsonNode putBucketAcl(RequestContext ctx, ObjectNode in) {
        String bucket = bucket(ctx, in);
        String account = state.buckets.get(bucket).orElseThrow().owner();
        ArrayNode grants = grantsOf(in, account);
        boolean onlyOwner = grants.size() == 1 && grants.get(0).path("Permission").asText().equals("FULL_CONTROL");
        if (aclsDisabled(bucket) && !onlyOwner) {
            throw new AwsException("AccessControlListNotSupported", "The bucket does not allow ACLs", 400);
        }
        if (!onlyOwner && blocks(bucket, "BlockPublicAcls") && grants.toString().contains(ALL_USERS)) {
            throw S3Errors.accessDenied();
        }
        settings.put(bucket, "Acl", grants);
        return null;
    }

    private static ArrayNode grantsOf(ObjectNode in, String account) {
        if (in.has("AccessControlPolicy")) {
            JsonNode grants = in.path("AccessControlPolicy").path("Grants");
            return grants.isArray() ? (ArrayNode) grants : F.arrayNode();
        }
        return cannedGrants(account, in.path("ACL").asText("private"));
    }

    private JsonNode getObjectAcl(RequestContext ctx, ObjectNode in) {
        String bucket = bucket(ctx, in);
        String key = in.path("Key").asText();
        if (state.objects.get(S3State.objectKey(bucket, key)).isEmpty()) {
            throw S3Errors.noSuchKey(key);
        }
        String account = state.buckets.get(bucket).orElseThrow().owner();
        ObjectNode out = F.objectNode();
        out.set("Owner", owner(account));
        out.set("Grants", cannedGrants(account, "private"));
        return out;
    }

    /** Object ACLs are not stored: only the owner-only ACL every object has is accepted. */
    private JsonNode putObjectAcl(RequestContext ctx, ObjectNode in) {
        String bucket = bucket(ctx, in);
        String key = in.path("Key").asText();
        if (state.objects.get(S3State.objectKey(bucket, key)).isEmpty()) {
            throw S3Errors.noSuchKey(key);
        }
        String account = state.buckets.get(bucket).orElseThrow().owner();
        ArrayNode grants = grantsOf(in, account);
        if (grants.size() != 1 || !grants.get(0).path("Permission").asText().equals("FULL_CONTROL")) {
            if (aclsDisabled(bucket)) {
                throw new AwsException("AccessControlListNotSupported", "The bucket does not allow ACLs", 400);
            }
            throw new AwsException("NotImplemented", "Stratus keeps no object ACLs other than the owner's full control",
                    501);
        }
        return null;
    }

    private JsonNode putBucketWebsite(RequestContext ctx, ObjectNode in) {
        JsonNode config = in.path("WebsiteConfiguration");
        if (!config.has("RedirectAllRequestsTo") && config.path("IndexDocument").path("Suffix").asText("").isEmpty()) {
            throw S3Errors.invalidArgument("A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo "
                    + "is empty", "IndexDocument", null);
        }
        if (config.path("IndexDocument").path("Suffix").asText("").contains("/")) {
            throw S3Errors.invalidArgument("The IndexDocument Suffix is not well formed", "IndexDocument", null);
        }
        return put(ctx, in, "Website", config);
    }

    private JsonNode putBucketAccelerateConfiguration(RequestContext ctx, ObjectNode in) {
        String bucket = bucket(ctx, in);
        if (bucket.contains(".")) {
            throw S3Errors.invalidRequest("S3 Transfer Acceleration is not supported for buckets with periods (.) in "
                    + "their names");
        }
        settings.put(bucket, "Accelerate", in.path("AccelerateConfiguration"));
        return null;
    }

    private JsonNode putBucketReplication(RequestContext ctx, ObjectNode in) {
        BucketRecord b = state.requireBucket(ctx, in.path("Bucket").asText());
        if (!"Enabled".equals(b.versioning())) {
            throw S3Errors.invalidRequest("Versioning must be 'Enabled' on the bucket to apply a replication "
                    + "configuration");
        }
        settings.put(b.name(), "Replication", in.path("ReplicationConfiguration"));
        return null;
    }
}
