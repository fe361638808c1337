package dev.stratus.e2e;

import static dev.stratus.e2e.AwsErrors.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.LimitExceededException;
import software.amazon.awssdk.services.iam.model.ListPoliciesResponse;
import software.amazon.awssdk.services.iam.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Policy;
import software.amazon.awssdk.services.iam.model.PolicyScopeType;
import software.amazon.awssdk.services.iam.model.PolicyVersion;
import software.amazon.awssdk.services.iam.model.Tag;

/** IAM managed policies: customer-managed lifecycle, versions, listing, tags and the AWS-managed catalogue. */
class IamPoliciesTest {
    static final StratusServer stratus = StratusServer.start();
    static final AtomicInteger accounts = new AtomicInteger(200_000_000);

    static final String READ = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}";
    static final String WRITE = READ.replace("GetObject", "PutObject");
    static final String LAMBDA_TRUST = IamTest.LAMBDA_TRUST;

    @AfterAll
    static void stop() {
        stratus.close();
    }

    static IamClient freshAccount() {
        return stratus.client(IamClient.builder(), String.format("%012d", accounts.incrementAndGet()), "x");
    }

    static String decoded(String document) {
        return URLDecoder.decode(document, StandardCharsets.UTF_8);
    }

    @Test
    void createPolicyAnswersWithIdArnAndFirstVersion() {
        try (IamClient iam = freshAccount()) {
            Policy p = iam.createPolicy(r -> r.policyName("reader").path("/team/").policyDocument(READ)
                    .description("reads")).policy();
            assertThat(p.policyId()).matches("ANPA[A-Z2-7]{17}");
            assertThat(p.arn()).matches("arn:aws:iam::0002\\d{8}:policy/team/reader");
            assertThat(p.defaultVersionId()).isEqualTo("v1");
            assertThat(p.attachmentCount()).isZero();
            assertThat(p.isAttachable()).isTrue();

            Policy got = iam.getPolicy(r -> r.policyArn(p.arn())).policy();
            assertThat(got.description()).isEqualTo("reads");
            assertThat(got.createDate()).isEqualTo(p.createDate());
            PolicyVersion v1 = iam.getPolicyVersion(r -> r.policyArn(p.arn()).versionId("v1")).policyVersion();
            assertThat(v1.isDefaultVersion()).isTrue();
            assertThat(decoded(v1.document())).isEqualTo(READ);
        }
    }

    @Test
    void policyNamesAreUniqueInAnAccountWhateverThePath() {
        try (IamClient iam = freshAccount()) {
            iam.createPolicy(r -> r.policyName("shared").policyDocument(READ));
            assertAwsError(() -> iam.createPolicy(r -> r.policyName("shared").path("/elsewhere/").policyDocument(READ)),
                    EntityAlreadyExistsException.class, 409, "EntityAlreadyExists",
                    "A policy called shared already exists. Duplicate names are not allowed.");
        }
    }

    @Test
    void aMissingPolicyIsNoSuchEntity() {
        try (IamClient iam = freshAccount()) {
            String arn = "arn:aws:iam::000000000000:policy/ghost";
            assertAwsError(() -> iam.getPolicy(r -> r.policyArn(arn)), NoSuchEntityException.class, 404,
                    "NoSuchEntity", "Policy " + arn + " was not found.");
            assertAwsError(() -> iam.deletePolicy(r -> r.policyArn(arn)), NoSuchEntityException.class, 404,
                    "NoSuchEntity", "Policy " + arn + " was not found.");
        }
    }

    @Test
    void malformedIdentityPoliciesAreRefused() {
        try (IamClient iam = freshAccount()) {
            assertAwsError(() -> iam.createPolicy(r -> r.policyName("bad").policyDocument("This is not JSON")),
                    MalformedPolicyDocumentException.class, 400, "MalformedPolicyDocument", "Syntax errors in policy.");
            String withPrincipal = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                    + "\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}";
            assertAwsError(() -> iam.createPolicy(r -> r.policyName("bad").policyDocument(withPrincipal)),
                    MalformedPolicyDocumentException.class, 400, "MalformedPolicyDocument",
                    "Policy document should not specify a principal.");
            String noVendor = READ.replace("s3:GetObject", "GetObject");
            assertAwsError(() -> iam.createPolicy(r -> r.policyName("bad").policyDocument(noVendor)),
                    MalformedPolicyDocumentException.class, 400, "MalformedPolicyDocument",
                    "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
            assertThat(iam.listPolicies(r -> r.scope(PolicyScopeType.LOCAL)).policies()).isEmpty();
        }
    }

    @Test
    void versionsAreCreatedListedMadeDefaultAndDeleted() {
        try (IamClient iam = freshAccount()) {
            String arn = iam.createPolicy(r -> r.policyName("versioned").policyDocument(READ)).policy().arn();
            PolicyVersion v2 = iam.createPolicyVersion(r -> r.policyArn(arn).policyDocument(WRITE).setAsDefault(true))
                    .policyVersion();
            assertThat(v2.versionId()).isEqualTo("v2");
            assertThat(v2.isDefaultVersion()).isTrue();
            iam.createPolicyVersion(r -> r.policyArn(arn).policyDocument(READ));

            assertThat(iam.getPolicy(r -> r.policyArn(arn)).policy().defaultVersionId()).isEqualTo("v2");
            assertThat(iam.listPolicyVersions(r -> r.policyArn(arn)).versions())
                    .extracting(PolicyVersion::versionId, PolicyVersion::isDefaultVersion)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("v3", false),
                            org.assertj.core.groups.Tuple.tuple("v2", true),
                            org.assertj.core.groups.Tuple.tuple("v1", false));
            var page = iam.listPolicyVersions(r -> r.policyArn(arn).maxItems(2));
            assertThat(page.isTruncated()).isTrue();
            var rest = iam.listPolicyVersions(r -> r.policyArn(arn).marker(page.marker()));
            assertThat(rest.versions()).extracting(PolicyVersion::versionId).containsExactly("v1");

            assertAwsError(() -> iam.deletePolicyVersion(r -> r.policyArn(arn).versionId("v2")),
                    DeleteConflictException.class, 409, "DeleteConflict",
                    "Cannot delete the default version of a policy.");
            iam.setDefaultPolicyVersion(r -> r.policyArn(arn).versionId("v3"));
            iam.deletePolicyVersion(r -> r.policyArn(arn).versionId("v2"));
            assertAwsError(() -> iam.getPolicyVersion(r -> r.policyArn(arn).versionId("v2")),
                    NoSuchEntityException.class, 404, "NoSuchEntity",
                    "Policy " + arn + " version v2 does not exist or is not attachable.");
            assertAwsError(() -> iam.setDefaultPolicyVersion(r -> r.policyArn(arn).versionId("v9")),
                    NoSuchEntityException.class, 404, "NoSuchEntity", null);
            assertAwsError(() -> iam.getPolicyVersion(r -> r.policyArn(arn).versionId("2")),
                    IamException.class, 400, "ValidationError", null);

            // version ids are never reused
            assertThat(iam.createPolicyVersion(r -> r.policyArn(arn).policyDocument(WRITE)).policyVersion().versionId())
                    .isEqualTo("v4");
        }
    }

    @Test
    void aPolicyKeepsAtMostFiveVersions() {
        try (IamClient iam = freshAccount()) {
            String arn = iam.createPolicy(r -> r.policyName("many").policyDocument(READ)).policy().arn();
            for (int i = 0; i < 4; i++) {
                iam.createPolicyVersion(r -> r.policyArn(arn).policyDocument(WRITE));
            }
            assertAwsError(() -> iam.createPolicyVersion(r -> r.policyArn(arn).policyDocument(WRITE)),
                    LimitExceededException.class, 409, "LimitExceeded", "A managed policy can have up to 5 versions. "
                            + "Before you create a new version, you must delete an existing version.");
        }
    }

    @Test
    void deletePolicyIsRefusedWhileAttachedOrVersioned() {
        try (IamClient iam = freshAccount()) {
            String arn = iam.createPolicy(r -> r.policyName("in-use").policyDocument(READ)).policy().arn();
            iam.createRole(r -> r.roleName("user-of-policy").assumeRolePolicyDocument(LAMBDA_TRUST));
            iam.attachRolePolicy(r -> r.roleName("user-of-policy").policyArn(arn));
            assertThat(iam.getPolicy(r -> r.policyArn(arn)).policy().attachmentCount()).isEqualTo(1);
            assertThat(iam.listEntitiesForPolicy(r -> r.policyArn(arn)).policyRoles())
                    .extracting(pr -> pr.roleName()).containsExactly("user-of-policy");

            assertAwsError(() -> iam.deletePolicy(r -> r.policyArn(arn)), DeleteConflictException.class, 409,
                    "DeleteConflict", "Cannot delete a policy attached to entities.");
            iam.detachRolePolicy(r -> r.roleName("user-of-policy").policyArn(arn));
            iam.createPolicyVersion(r -> r.policyArn(arn).policyDocument(WRITE));
            assertAwsError(() -> iam.deletePolicy(r -> r.policyArn(arn)), DeleteConflictException.class, 409,
                    "DeleteConflict", "This policy has more than one version. Before you delete a policy, you must "
                            + "delete the policy's versions. The default version is deleted with the policy.");
            iam.deletePolicyVersion(r -> r.policyArn(arn).versionId("v2"));
            iam.deletePolicy(r -> r.policyArn(arn));
            assertAwsError(() -> iam.getPolicy(r -> r.policyArn(arn)), NoSuchEntityException.class, 404,
                    "NoSuchEntity", null);
        }
    }

    @Test
    void listPoliciesFiltersByScopePathAndAttachmentAndPages() {
        try (IamClient iam = freshAccount()) {
            for (String name : List.of("alpha", "beta", "gamma")) {
                iam.createPolicy(r -> r.policyName(name).path("/mine/").policyDocument(READ));
            }
            iam.createRole(r -> r.roleName("holder").assumeRolePolicyDocument(LAMBDA_TRUST));
            iam.attachRolePolicy(r -> r.roleName("holder").policyArn("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"));

            assertThat(iam.listPolicies(r -> r.scope(PolicyScopeType.LOCAL)).policies()).extracting(Policy::policyName)
                    .containsExactly("alpha", "beta", "gamma");
            assertThat(iam.listPolicies(r -> r.scope(PolicyScopeType.AWS)).policies()).extracting(Policy::policyName)
                    .contains("AdministratorAccess", "AWSLambdaBasicExecutionRole").doesNotContain("alpha");
            assertThat(iam.listPolicies(r -> r.onlyAttached(true)).policies())
                    .extracting(Policy::policyName, Policy::attachmentCount)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("AmazonS3ReadOnlyAccess", 1));
            assertThat(iam.listPolicies(r -> r.pathPrefix("/service-role/").scope(PolicyScopeType.AWS)).policies())
                    .extracting(Policy::path).containsOnly("/service-role/");

            List<String> names = new ArrayList<>();
            String marker = null;
            do {
                String m = marker;
                ListPoliciesResponse page = iam.listPolicies(r -> r.scope(PolicyScopeType.LOCAL).maxItems(2).marker(m));
                page.policies().forEach(p -> names.add(p.policyName()));
                marker = page.isTruncated() ? page.marker() : null;
            } while (marker != null);
            assertThat(names).containsExactly("alpha", "beta", "gamma");
        }
    }

    @Test
    void awsManagedPoliciesCanBeReadButNotChanged() {
        try (IamClient iam = freshAccount()) {
            String admin = "arn:aws:iam::aws:policy/AdministratorAccess";
            Policy p = iam.getPolicy(r -> r.policyArn(admin)).policy();
            assertThat(p.policyName()).isEqualTo("AdministratorAccess");
            assertThat(p.policyId()).matches("ANPA[A-Z2-7]{17}");
            String doc = decoded(iam.getPolicyVersion(r -> r.policyArn(admin).versionId(p.defaultVersionId()))
                    .policyVersion().document());
            assertThat(doc).contains("\"Action\":\"*\"").contains("\"Resource\":\"*\"");
            String basic = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";
            PolicyVersion basicV1 = iam.getPolicyVersion(r -> r.policyArn(basic).versionId("v1")).policyVersion();
            assertThat(decoded(basicV1.document()))
                    .contains("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents");

            assertAwsError(() -> iam.createPolicyVersion(r -> r.policyArn(admin).policyDocument(READ)),
                    IamException.class, 403, "AccessDenied", null);
            assertAwsError(() -> iam.deletePolicy(r -> r.policyArn(admin)), IamException.class, 403, "AccessDenied",
                    null);
        }
    }

    @Test
    void policyTagsAreAddedListedAndRemoved() {
        try (IamClient iam = freshAccount()) {
            String arn = iam.createPolicy(r -> r.policyName("tagged").policyDocument(READ)
                    .tags(Tag.builder().key("owner").value("me").build())).policy().arn();
            iam.tagPolicy(r -> r.policyArn(arn).tags(Tag.builder().key("cost").value("low").build()));
            assertThat(iam.listPolicyTags(r -> r.policyArn(arn)).tags()).extracting(Tag::key)
                    .containsExactly("cost", "owner");
            iam.untagPolicy(r -> r.policyArn(arn).tagKeys("owner"));
            assertThat(iam.getPolicy(r -> r.policyArn(arn)).policy().tags()).extracting(Tag::key)
                    .containsExactly("cost");
        }
    }
}
