package dev.stratus.e2e;

import static dev.stratus.e2e.AwsErrors.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAccelerateStatus;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.Payer;
import software.amazon.awssdk.services.s3.model.Permission;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.Type;

/** Stored bucket sub-resources: policy, encryption, ownership, public access block, ACLs, website and the rest. */
class S3BucketSettingsTest {
    static final StratusServer stratus = StratusServer.start();
    static final S3Client s3 = stratus.client(S3Client.builder().forcePathStyle(true));
    static final String PRIVATE_POLICY = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
             "Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"s3:GetObject",
             "Resource":"arn:aws:s3:::%s/*"}]}""";
    static final String PUBLIC_POLICY = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject",
             "Resource":"arn:aws:s3:::%s/*"}]}""";

    @AfterAll
    static void stop() {
        s3.close();
        stratus.close();
    }

    static String bucket() {
        String name = "settings-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(b -> b.bucket(name));
        return name;
    }

    @Test
    void policiesAreStoredValidatedAndJudgedPublic() {
        String name = bucket();
        assertAwsError(() -> s3.getBucketPolicy(b -> b.bucket(name)), S3Exception.class, 404, "NoSuchBucketPolicy",
                "The bucket policy does not exist");
        assertAwsError(() -> s3.putBucketPolicy(b -> b.bucket(name).policy("not json")), S3Exception.class, 400,
                "MalformedPolicy", "Policies must be valid JSON and the first byte must be '{'");
        String policy = PRIVATE_POLICY.formatted(name);
        s3.putBucketPolicy(b -> b.bucket(name).policy(policy));
        assertThat(s3.getBucketPolicy(b -> b.bucket(name)).policy()).isEqualTo(policy);
        assertThat(s3.getBucketPolicyStatus(b -> b.bucket(name)).policyStatus().isPublic()).isFalse();

        // New buckets block public policies until the public access block is lifted.
        assertAwsError(() -> s3.putBucketPolicy(b -> b.bucket(name).policy(PUBLIC_POLICY.formatted(name))),
                S3Exception.class, 403, "AccessDenied", null);
        s3.deletePublicAccessBlock(b -> b.bucket(name));
        s3.putBucketPolicy(b -> b.bucket(name).policy(PUBLIC_POLICY.formatted(name)));
        assertThat(s3.getBucketPolicyStatus(b -> b.bucket(name)).policyStatus().isPublic()).isTrue();

        s3.deleteBucketPolicy(b -> b.bucket(name));
        assertAwsError(() -> s3.getBucketPolicy(b -> b.bucket(name)), S3Exception.class, 404, "NoSuchBucketPolicy",
                null);
    }

    @Test
    void encryptionDefaultsToSseS3AndCanBeChangedAndReset() {
        String name = bucket();
        var rule = s3.getBucketEncryption(b -> b.bucket(name)).serverSideEncryptionConfiguration().rules().get(0);
        assertThat(rule.applyServerSideEncryptionByDefault().sseAlgorithm()).isEqualTo(ServerSideEncryption.AES256);
        s3.putBucketEncryption(b -> b.bucket(name).serverSideEncryptionConfiguration(c -> c.rules(r -> r
                .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AWS_KMS)
                        .kmsMasterKeyID("alias/mine")).bucketKeyEnabled(true))));
        var changed = s3.getBucketEncryption(b -> b.bucket(name)).serverSideEncryptionConfiguration().rules().get(0);
        assertThat(changed.applyServerSideEncryptionByDefault().kmsMasterKeyID()).isEqualTo("alias/mine");
        assertThat(changed.bucketKeyEnabled()).isTrue();
        s3.deleteBucketEncryption(b -> b.bucket(name));
        assertThat(s3.getBucketEncryption(b -> b.bucket(name)).serverSideEncryptionConfiguration().rules().get(0)
                .applyServerSideEncryptionByDefault().sseAlgorithm()).isEqualTo(ServerSideEncryption.AES256);
    }

    @Test
    void ownershipControlsAndPublicAccessBlockHaveTodaysDefaultsUntilDeleted() {
        String name = bucket();
        assertThat(s3.getBucketOwnershipControls(b -> b.bucket(name)).ownershipControls().rules().get(0)
                .objectOwnership()).isEqualTo(ObjectOwnership.BUCKET_OWNER_ENFORCED);
        var block = s3.getPublicAccessBlock(b -> b.bucket(name)).publicAccessBlockConfiguration();
        assertThat(block.blockPublicAcls() && block.ignorePublicAcls() && block.blockPublicPolicy()
                && block.restrictPublicBuckets()).isTrue();

        s3.deleteBucketOwnershipControls(b -> b.bucket(name));
        assertAwsError(() -> s3.getBucketOwnershipControls(b -> b.bucket(name)), S3Exception.class, 404,
                "OwnershipControlsNotFoundError", "The bucket ownership controls were not found");
        s3.deletePublicAccessBlock(b -> b.bucket(name));
        assertAwsError(() -> s3.getPublicAccessBlock(b -> b.bucket(name)), S3Exception.class, 404,
                "NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found");
        s3.putPublicAccessBlock(b -> b.bucket(name).publicAccessBlockConfiguration(c -> c.blockPublicAcls(false)
                .ignorePublicAcls(false).blockPublicPolicy(true).restrictPublicBuckets(false)));
        assertThat(s3.getPublicAccessBlock(b -> b.bucket(name)).publicAccessBlockConfiguration().blockPublicPolicy())
                .isTrue();

        String preferred = "settings-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(b -> b.bucket(preferred).objectOwnership(ObjectOwnership.BUCKET_OWNER_PREFERRED));
        assertThat(s3.getBucketOwnershipControls(b -> b.bucket(preferred)).ownershipControls().rules().get(0)
                .objectOwnership()).isEqualTo(ObjectOwnership.BUCKET_OWNER_PREFERRED);
    }

    @Test
    void aclsAreRefusedWhileTheOwnerIsEnforcedAndStoredOtherwise() {
        String name = bucket();
        var acl = s3.getBucketAcl(b -> b.bucket(name));
        assertThat(acl.grants()).singleElement().satisfies(g -> {
            assertThat(g.permission()).isEqualTo(Permission.FULL_CONTROL);
            assertThat(g.grantee().type()).isEqualTo(Type.CANONICAL_USER);
            assertThat(g.grantee().id()).isEqualTo(acl.owner().id());
        });
        assertAwsError(() -> s3.putBucketAcl(b -> b.bucket(name).acl(BucketCannedACL.PUBLIC_READ)),
                S3Exception.class, 400, "AccessControlListNotSupported", "The bucket does not allow ACLs");
        s3.putBucketAcl(b -> b.bucket(name).acl(BucketCannedACL.PRIVATE));

        s3.putBucketOwnershipControls(b -> b.bucket(name).ownershipControls(c -> c.rules(r -> r
                .objectOwnership(ObjectOwnership.OBJECT_WRITER))));
        s3.deletePublicAccessBlock(b -> b.bucket(name));
        s3.putBucketAcl(b -> b.bucket(name).acl(BucketCannedACL.PUBLIC_READ));
        assertThat(s3.getBucketAcl(b -> b.bucket(name)).grants()).anySatisfy(g -> {
            assertThat(g.grantee().type()).isEqualTo(Type.GROUP);
            assertThat(g.grantee().uri()).isEqualTo("http://acs.amazonaws.com/groups/global/AllUsers");
            assertThat(g.permission()).isEqualTo(Permission.READ);
        });

        s3.putObject(b -> b.bucket(name).key("k"), RequestBody.fromString("v"));
        assertThat(s3.getObjectAcl(b -> b.bucket(name).key("k")).grants()).singleElement()
                .satisfies(g -> assertThat(g.permission()).isEqualTo(Permission.FULL_CONTROL));
        assertAwsError(() -> s3.getObjectAcl(b -> b.bucket(name).key("missing")), S3Exception.class, 404,
                "NoSuchKey", null);
    }

    @Test
    void websiteLoggingAccelerationRequestPaymentAndReplication() {
        String name = bucket();
        assertAwsError(() -> s3.getBucketWebsite(b -> b.bucket(name)), S3Exception.class, 404,
                "NoSuchWebsiteConfiguration", "The specified bucket does not have a website configuration");
        assertAwsError(() -> s3.putBucketWebsite(b -> b.bucket(name).websiteConfiguration(w -> w
                .errorDocument(e -> e.key("error.html")))), S3Exception.class, 400, "InvalidArgument", null);
        s3.putBucketWebsite(b -> b.bucket(name).websiteConfiguration(w -> w.indexDocument(i -> i.suffix("index.html"))
                .errorDocument(e -> e.key("error.html"))));
        var website = s3.getBucketWebsite(b -> b.bucket(name));
        assertThat(website.indexDocument().suffix()).isEqualTo("index.html");
        assertThat(website.errorDocument().key()).isEqualTo("error.html");
        s3.deleteBucketWebsite(b -> b.bucket(name));
        assertAwsError(() -> s3.getBucketWebsite(b -> b.bucket(name)), S3Exception.class, 404,
                "NoSuchWebsiteConfiguration", null);

        assertThat(s3.getBucketLogging(b -> b.bucket(name)).loggingEnabled()).isNull();
        s3.putBucketLogging(b -> b.bucket(name).bucketLoggingStatus(l -> l.loggingEnabled(e -> e.targetBucket(name)
                .targetPrefix("logs/"))));
        assertThat(s3.getBucketLogging(b -> b.bucket(name)).loggingEnabled().targetPrefix()).isEqualTo("logs/");

        assertThat(s3.getBucketAccelerateConfiguration(b -> b.bucket(name)).status()).isNull();
        s3.putBucketAccelerateConfiguration(b -> b.bucket(name).accelerateConfiguration(a -> a
                .status(BucketAccelerateStatus.ENABLED)));
        assertThat(s3.getBucketAccelerateConfiguration(b -> b.bucket(name)).status())
                .isEqualTo(BucketAccelerateStatus.ENABLED);

        assertThat(s3.getBucketRequestPayment(b -> b.bucket(name)).payer()).isEqualTo(Payer.BUCKET_OWNER);
        s3.putBucketRequestPayment(b -> b.bucket(name).requestPaymentConfiguration(r -> r.payer(Payer.REQUESTER)));
        assertThat(s3.getBucketRequestPayment(b -> b.bucket(name)).payer()).isEqualTo(Payer.REQUESTER);

        assertAwsError(() -> s3.getBucketReplication(b -> b.bucket(name)), S3Exception.class, 404,
                "ReplicationConfigurationNotFoundError", "The replication configuration was not found");
        assertAwsError(() -> s3.putBucketReplication(b -> b.bucket(name).replicationConfiguration(r -> r
                .role("arn:aws:iam::000000000000:role/r").rules(rule -> rule.status("Enabled").priority(1)
                        .filter(f -> f.prefix("")).deleteMarkerReplication(d -> d.status("Disabled"))
                        .destination(d -> d.bucket("arn:aws:s3:::elsewhere"))))),
                S3Exception.class, 400, "InvalidRequest",
                "Versioning must be 'Enabled' on the bucket to apply a replication configuration");
        s3.putBucketVersioning(b -> b.bucket(name).versioningConfiguration(v -> v.status("Enabled")));
        s3.putBucketReplication(b -> b.bucket(name).replicationConfiguration(r -> r
                .role("arn:aws:iam::000000000000:role/r").rules(rule -> rule.status("Enabled").priority(1)
                        .filter(f -> f.prefix("")).deleteMarkerReplication(d -> d.status("Disabled"))
                        .destination(d -> d.bucket("arn:aws:s3:::elsewhere")))));
        assertThat(s3.getBucketReplication(b -> b.bucket(name)).replicationConfiguration().role())
                .isEqualTo("arn:aws:iam::000000000000:role/r");
    }

    @Test
    void aRecreatedBucketStartsWithoutTheOldSettings() {
        String name = bucket();
        s3.putBucketWebsite(b -> b.bucket(name).websiteConfiguration(w -> w.indexDocument(i -> i.suffix("index.html"))));
        s3.deleteBucket(b -> b.bucket(name));
        s3.createBucket(b -> b.bucket(name));
        assertAwsError(() -> s3.getBucketWebsite(b -> b.bucket(name)), S3Exception.class, 404,
                "NoSuchWebsiteConfiguration", null);
    }
}
