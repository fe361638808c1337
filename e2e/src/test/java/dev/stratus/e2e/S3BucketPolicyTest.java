package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.stratus.platform.StratusConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Strict mode enforces bucket policies together with IAM identity policies, for two IAM users of the bucket
 * owner's account and for unsigned callers: explicit Deny wins, an Allow in either grants, wildcards and conditions.
 */
class S3BucketPolicyTest {
    static final String OTHER_ACCOUNT = "222233334444";
    static final String OTHER_KEY = "AKIAOTHERACCOUNT0001";
    static final String OTHER_SECRET = "other/secret";
    static final StratusServer stratus = StratusServer.start(StratusConfig.forTests()
            .withAuth(StratusConfig.AuthMode.STRICT, twoAccounts()));
    static final String BUCKET = "policy-bucket";
    static final String ACCOUNT = StrictAuthTest.ACCOUNT;
    static final S3Client owner = s3(StrictAuthTest.KEY, StrictAuthTest.SECRET);
    static S3Client alice;
    static S3Client bob;

    @BeforeAll
    static void setUp() {
        try (IamClient iam = stratus.client(IamClient.builder(), StrictAuthTest.KEY, StrictAuthTest.SECRET)) {
            alice = userClient(iam, "alice");
            bob = userClient(iam, "bob");
            // bob's own policy grants every object action in the bucket; alice has no identity policy
            iam.putUserPolicy(p -> p.userName("bob").policyName("objects").policyDocument("""
                    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*Object",
                      "Resource": "arn:aws:s3:::policy-bucket/*"}]}"""));
        }
        owner.createBucket(b -> b.bucket(BUCKET));
        owner.putObject(b -> b.bucket(BUCKET).key("public/readme.txt"), RequestBody.fromString("hello"));
        owner.putObject(b -> b.bucket(BUCKET).key("private/secret.txt"), RequestBody.fromString("secret"));
        owner.putPublicAccessBlock(b -> b.bucket(BUCKET).publicAccessBlockConfiguration(c -> c
                .blockPublicPolicy(false).restrictPublicBuckets(false)));
        owner.putBucketPolicy(b -> b.bucket(BUCKET).policy("""
                {"Version": "2012-10-17", "Statement": [
                  {"Sid": "AliceReadsPrivate", "Effect": "Allow",
                   "Principal": {"AWS": "arn:aws:iam::%1$s:user/alice"},
                   "Action": ["s3:Get*"], "Resource": "arn:aws:s3:::policy-bucket/private/*"},
                  {"Sid": "AliceListsPrivate", "Effect": "Allow",
                   "Principal": {"AWS": "arn:aws:iam::%1$s:user/alice"},
                   "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::policy-bucket",
                   "Condition": {"StringLike": {"s3:prefix": "private/*"}}},
                  {"Sid": "AnyoneReadsPublic", "Effect": "Allow", "Principal": "*",
                   "Action": "s3:GetObject", "Resource": "arn:aws:s3:::policy-bucket/public/*"},
                  {"Sid": "OtherAccountReadsShared", "Effect": "Allow", "Principal": {"AWS": "%2$s"},
                   "Action": "s3:GetObject", "Resource": "arn:aws:s3:::policy-bucket/shared/*"},
                  {"Sid": "NobodyDeletesPrivate", "Effect": "Deny", "Principal": "*",
                   "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::policy-bucket/private/*"}
                ]}""".formatted(ACCOUNT, OTHER_ACCOUNT)));
        owner.putObject(b -> b.bucket(BUCKET).key("shared/report.txt"), RequestBody.fromString("shared"));
    }

    @AfterAll
    static void stop() {
        alice.close();
        bob.close();
        owner.close();
        stratus.close();
    }

    @Test
    void aBucketPolicyAloneGrantsAUserOfTheOwnersAccount() {
        assertThat(alice.getObjectAsBytes(b -> b.bucket(BUCKET).key("private/secret.txt")).asUtf8String())
                .isEqualTo("secret");
        assertThat(alice.getObjectTagging(b -> b.bucket(BUCKET).key("private/secret.txt")).tagSet()).isEmpty();
        assertDenied(() -> alice.getObject(b -> b.bucket(BUCKET).key("other/thing.txt")));
        assertDenied(() -> alice.putObject(b -> b.bucket(BUCKET).key("private/new.txt"), RequestBody.fromString("x")));
        assertDenied(() -> alice.listBuckets());
    }

    @Test
    void conditionsOnTheRequestAreEvaluated() {
        assertThat(alice.listObjectsV2(b -> b.bucket(BUCKET).prefix("private/")).contents())
                .extracting(o -> o.key()).containsExactly("private/secret.txt");
        assertDenied(() -> alice.listObjectsV2(b -> b.bucket(BUCKET).prefix("public/")));
        assertDenied(() -> alice.listObjectsV2(b -> b.bucket(BUCKET)));
    }

    @Test
    void anIdentityPolicyAloneGrantsAndAnExplicitDenyInTheBucketPolicyWins() {
        bob.putObject(b -> b.bucket(BUCKET).key("bob/notes.txt"), RequestBody.fromString("mine"));
        assertThat(bob.getObjectAsBytes(b -> b.bucket(BUCKET).key("bob/notes.txt")).asUtf8String())
                .isEqualTo("mine");
        bob.deleteObject(b -> b.bucket(BUCKET).key("bob/notes.txt"));
        assertDenied(() -> bob.deleteObject(b -> b.bucket(BUCKET).key("private/secret.txt")));
        // bob's policy has no bucket-level action
        assertDenied(() -> bob.listObjectsV2(b -> b.bucket(BUCKET)));
        // the Deny binds the account root too
        assertDenied(() -> owner.deleteObject(b -> b.bucket(BUCKET).key("private/secret.txt")));
        assertThat(owner.listObjectsV2(b -> b.bucket(BUCKET)).keyCount()).isEqualTo(3);
    }

    @Test
    void anotherAccountNeedsTheBucketPolicysGrant() {
        try (S3Client other = s3(OTHER_KEY, OTHER_SECRET)) {
            assertThat(other.getObjectAsBytes(b -> b.bucket(BUCKET).key("shared/report.txt")).asUtf8String())
                    .isEqualTo("shared");
            assertDenied(() -> other.getObject(b -> b.bucket(BUCKET).key("private/secret.txt")));
            assertDenied(() -> other.putObject(b -> b.bucket(BUCKET).key("shared/x.txt"), RequestBody.fromString("x")));
            assertDenied(() -> other.listObjectsV2(b -> b.bucket(BUCKET)));
        }
    }

    @Test
    void unsignedRequestsNeedAPolicyForEveryone() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> open = http.send(HttpRequest.newBuilder(object("public/readme.txt")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.body()).isEqualTo("hello");
        HttpResponse<String> closed = http.send(HttpRequest.newBuilder(object("private/secret.txt")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(closed.statusCode()).isEqualTo(403);
        assertThat(closed.body()).contains("<Code>AccessDenied</Code>");
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(object("public/new.txt"))
                .PUT(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(403);
    }

    /** The strict-mode keys: the bucket owner's account root, and the root of another account. */
    private static java.nio.file.Path twoAccounts() {
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("stratus-credentials", ".ini");
            file.toFile().deleteOnExit();
            java.nio.file.Files.writeString(file, "[default]\naws_access_key_id = " + StrictAuthTest.KEY
                    + "\naws_secret_access_key = " + StrictAuthTest.SECRET + "\naws_account_id = " + ACCOUNT
                    + "\n[other]\naws_access_key_id = " + OTHER_KEY + "\naws_secret_access_key = " + OTHER_SECRET
                    + "\naws_account_id = " + OTHER_ACCOUNT + "\n");
            return file;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static URI object(String key) {
        return URI.create(stratus.endpoint() + "/" + BUCKET + "/" + key);
    }

    private static void assertDenied(Runnable call) {
        Throwable t = catchThrowable(call::run);
        assertThat(t).isInstanceOf(S3Exception.class);
        assertThat(((S3Exception) t).statusCode()).isEqualTo(403);
        assertThat(((S3Exception) t).awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
    }

    private static S3Client userClient(IamClient iam, String name) {
        iam.createUser(u -> u.userName(name));
        AccessKey key = iam.createAccessKey(k -> k.userName(name)).accessKey();
        return s3(key.accessKeyId(), key.secretAccessKey());
    }

    private static S3Client s3(String key, String secret) {
        return stratus.client(S3Client.builder().forcePathStyle(true)
                .overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none())), key, secret);
    }
}
