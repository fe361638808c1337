package dev.stratus.e2e;

import static dev.stratus.e2e.AwsErrors.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.LimitExceededException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.User;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/** IAM users and access keys, and requests signed with a user's access key. */
class IamUsersTest {
    static final StratusServer stratus = StratusServer.start();
    static final AtomicInteger accounts = new AtomicInteger(300_000_000);
    static final String READ = IamPoliciesTest.READ;

    @AfterAll
    static void stop() {
        stratus.close();
    }

    static String freshAccountId() {
        return String.format("%012d", accounts.incrementAndGet());
    }

    @Test
    void usersAreCreatedReadListedAndDeleted() {
        String account = freshAccountId();
        try (IamClient iam = stratus.client(IamClient.builder(), account, "x")) {
            User alice = iam.createUser(r -> r.userName("alice").path("/staff/")
                    .tags(Tag.builder().key("dept").value("ops").build())).user();
            assertThat(alice.arn()).isEqualTo("arn:aws:iam::" + account + ":user/staff/alice");
            assertThat(alice.userId()).matches("AIDA[A-Z2-7]{17}");
            iam.createUser(r -> r.userName("bob"));
            iam.createUser(r -> r.userName("carol"));

            assertThat(iam.getUser(r -> r.userName("alice")).user().tags()).extracting(Tag::key)
                    .containsExactly("dept");
            assertThat(iam.listUsers().users()).extracting(User::userName).containsExactly("alice", "bob", "carol");
            assertThat(iam.listUsers(r -> r.pathPrefix("/staff/")).users()).extracting(User::userName)
                    .containsExactly("alice");
            var first = iam.listUsers(r -> r.maxItems(2));
            assertThat(first.isTruncated()).isTrue();
            assertThat(iam.listUsers(r -> r.marker(first.marker())).users()).extracting(User::userName)
                    .containsExactly("carol");

            iam.deleteUser(r -> r.userName("bob"));
            assertAwsError(() -> iam.getUser(r -> r.userName("bob")), NoSuchEntityException.class, 404,
                    "NoSuchEntity", "The user with name bob cannot be found.");
            assertAwsError(() -> iam.createUser(r -> r.userName("ALICE")), EntityAlreadyExistsException.class, 409,
                    "EntityAlreadyExists", "User with name ALICE already exists.");
        }
    }

    @Test
    void getUserWithoutANameAnswersForTheCaller() {
        String account = freshAccountId();
        try (IamClient root = stratus.client(IamClient.builder(), account, "x")) {
            User me = root.getUser().user();
            assertThat(me.arn()).isEqualTo("arn:aws:iam::" + account + ":root");
            assertThat(me.userId()).isEqualTo(account);

            root.createUser(r -> r.userName("dave"));
            AccessKey key = root.createAccessKey(r -> r.userName("dave")).accessKey();
            try (IamClient dave = stratus.client(IamClient.builder(), key.accessKeyId(), key.secretAccessKey())) {
                assertThat(dave.getUser().user().userName()).isEqualTo("dave");
                assertThat(dave.listAccessKeys().accessKeyMetadata()).extracting(AccessKeyMetadata::accessKeyId)
                        .containsExactly(key.accessKeyId());
            }
        }
    }

    @Test
    void accessKeysAreCreatedListedDeactivatedAndDeleted() {
        try (IamClient iam = stratus.client(IamClient.builder(), freshAccountId(), "x")) {
            iam.createUser(r -> r.userName("erin"));
            AccessKey first = iam.createAccessKey(r -> r.userName("erin")).accessKey();
            assertThat(first.accessKeyId()).matches("AKIA[A-Z2-7]{16}");
            assertThat(first.secretAccessKey()).hasSize(40);
            assertThat(first.status()).isEqualTo(StatusType.ACTIVE);
            assertThat(first.userName()).isEqualTo("erin");
            AccessKey second = iam.createAccessKey(r -> r.userName("erin")).accessKey();
            assertAwsError(() -> iam.createAccessKey(r -> r.userName("erin")), LimitExceededException.class, 409,
                    "LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2");

            iam.updateAccessKey(r -> r.userName("erin").accessKeyId(first.accessKeyId()).status(StatusType.INACTIVE));
            assertThat(iam.listAccessKeys(r -> r.userName("erin")).accessKeyMetadata())
                    .filteredOn(k -> k.accessKeyId().equals(first.accessKeyId()))
                    .extracting(AccessKeyMetadata::status).containsExactly(StatusType.INACTIVE);

            iam.deleteAccessKey(r -> r.userName("erin").accessKeyId(first.accessKeyId()));
            assertThat(iam.listAccessKeys(r -> r.userName("erin")).accessKeyMetadata())
                    .extracting(AccessKeyMetadata::accessKeyId).containsExactly(second.accessKeyId());
            assertAwsError(() -> iam.deleteAccessKey(r -> r.userName("erin").accessKeyId(first.accessKeyId())),
                    NoSuchEntityException.class, 404, "NoSuchEntity",
                    "The Access Key with id " + first.accessKeyId() + " cannot be found.");
            assertAwsError(() -> iam.createAccessKey(r -> r.userName("nobody")), NoSuchEntityException.class, 404,
                    "NoSuchEntity", "The user with name nobody cannot be found.");
            assertThat(iam.getAccessKeyLastUsed(r -> r.accessKeyId(second.accessKeyId())).userName()).isEqualTo("erin");
        }
    }

    @Test
    void requestsSignedWithAUsersKeyActAsTheUserUntilTheKeyIsDeactivated() {
        String account = freshAccountId();
        try (IamClient iam = stratus.client(IamClient.builder(), account, "x")) {
            User frank = iam.createUser(r -> r.userName("frank").path("/dev/")).user();
            AccessKey key = iam.createAccessKey(r -> r.userName("frank")).accessKey();
            try (StsClient asFrank = stratus.client(StsClient.builder(), key.accessKeyId(), key.secretAccessKey())) {
                GetCallerIdentityResponse me = asFrank.getCallerIdentity();
                assertThat(me.arn()).isEqualTo(frank.arn());
                assertThat(me.userId()).isEqualTo(frank.userId());
                assertThat(me.account()).isEqualTo(account);

                iam.updateAccessKey(r -> r.userName("frank").accessKeyId(key.accessKeyId())
                        .status(StatusType.INACTIVE));
                assertThat(asFrank.getCallerIdentity().arn()).isNotEqualTo(frank.arn());
            }
        }
    }

    @Test
    void deleteUserIsRefusedWhileKeysOrPoliciesRemain() {
        try (IamClient iam = stratus.client(IamClient.builder(), freshAccountId(), "x")) {
            iam.createUser(r -> r.userName("grace"));
            AccessKey key = iam.createAccessKey(r -> r.userName("grace")).accessKey();
            iam.putUserPolicy(r -> r.userName("grace").policyName("read").policyDocument(READ));
            iam.attachUserPolicy(r -> r.userName("grace").policyArn("arn:aws:iam::aws:policy/ReadOnlyAccess"));

            assertAwsError(() -> iam.deleteUser(r -> r.userName("grace")), DeleteConflictException.class, 409,
                    "DeleteConflict", "Cannot delete entity, must delete access keys first.");
            iam.deleteAccessKey(r -> r.userName("grace").accessKeyId(key.accessKeyId()));
            assertAwsError(() -> iam.deleteUser(r -> r.userName("grace")), DeleteConflictException.class, 409,
                    "DeleteConflict", "Cannot delete entity, must detach all policies first.");
            iam.detachUserPolicy(r -> r.userName("grace").policyArn("arn:aws:iam::aws:policy/ReadOnlyAccess"));
            assertAwsError(() -> iam.deleteUser(r -> r.userName("grace")), DeleteConflictException.class, 409,
                    "DeleteConflict", "Cannot delete entity, must delete policies first.");
            iam.deleteUserPolicy(r -> r.userName("grace").policyName("read"));
            iam.deleteUser(r -> r.userName("grace"));
        }
    }

    @Test
    void userPoliciesAndTags() {
        try (IamClient iam = stratus.client(IamClient.builder(), freshAccountId(), "x")) {
            iam.createUser(r -> r.userName("heidi"));
            iam.putUserPolicy(r -> r.userName("heidi").policyName("read").policyDocument(READ));
            assertThat(iam.listUserPolicies(r -> r.userName("heidi")).policyNames()).containsExactly("read");
            assertThat(IamTest.decoded(iam.getUserPolicy(r -> r.userName("heidi").policyName("read")).policyDocument()))
                    .isEqualTo(READ);
            assertAwsError(() -> iam.getUserPolicy(r -> r.userName("heidi").policyName("write")),
                    NoSuchEntityException.class, 404, "NoSuchEntity",
                    "The user policy with name write cannot be found.");
            iam.attachUserPolicy(r -> r.userName("heidi").policyArn("arn:aws:iam::aws:policy/AmazonSQSFullAccess"));
            assertThat(iam.listAttachedUserPolicies(r -> r.userName("heidi")).attachedPolicies())
                    .extracting(p -> p.policyName()).containsExactly("AmazonSQSFullAccess");

            iam.tagUser(r -> r.userName("heidi").tags(Tag.builder().key("a").value("1").build()));
            assertThat(iam.listUserTags(r -> r.userName("heidi")).tags()).extracting(Tag::value).containsExactly("1");
            iam.untagUser(r -> r.userName("heidi").tagKeys("a"));
            assertThat(iam.listUserTags(r -> r.userName("heidi")).tags()).isEmpty();
        }
    }

    @Test
    void aRoleSessionMustNameTheUser() {
        String account = freshAccountId();
        try (IamClient iam = stratus.client(IamClient.builder(), account, "x");
             StsClient sts = stratus.client(StsClient.builder(), account, "x")) {
            iam.createRole(r -> r.roleName("worker").assumeRolePolicyDocument(IamTest.LAMBDA_TRUST));
            Credentials c = sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + account + ":role/worker")
                    .roleSessionName("s1")).credentials();
            try (IamClient asRole = stratus.client(IamClient.builder(), c.accessKeyId(), c.secretAccessKey())) {
                assertAwsError(asRole::getUser, IamException.class, 400, "ValidationError",
                        "Must specify userName when calling with non-User credentials");
            }
        }
    }
}
