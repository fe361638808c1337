package dev.stratus.e2e;

import static dev.stratus.e2e.AwsErrors.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.InvalidInputException;
import software.amazon.awssdk.services.iam.model.LimitExceededException;
import software.amazon.awssdk.services.iam.model.ListRolesResponse;
import software.amazon.awssdk.services.iam.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/** IAM roles: lifecycle, trust policies, inline and attached policies, tags, pagination and errors. */
class IamTest {
    static final StratusServer stratus = StratusServer.start();
    static final IamClient iam = stratus.client(IamClient.builder());
    static final AtomicInteger accounts = new AtomicInteger(100_000_000);

    static final String LAMBDA_TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
    static final String READ_BUCKET = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::my-bucket/*\"}]}";

    @AfterAll
    static void stop() {
        iam.close();
        stratus.close();
    }

    /** A client acting in an account of its own, so listings see only what the test made. */
    static IamClient freshAccount() {
        return stratus.client(IamClient.builder(), String.format("%012d", accounts.incrementAndGet()), "x");
    }

    static Role createRole(IamClient client, String name, String path) {
        return client.createRole(r -> r.roleName(name).path(path).assumeRolePolicyDocument(LAMBDA_TRUST)).role();
    }

    static String decoded(String document) {
        return URLDecoder.decode(document, StandardCharsets.UTF_8);
    }

    @Test
    void createRoleAnswersWithIdArnPathAndTheTrustPolicyUrlEncoded() {
        Instant before = Instant.now().minusSeconds(1);
        Role created = iam.createRole(r -> r.roleName("lambda-exec").path("/service/app/")
                .assumeRolePolicyDocument(LAMBDA_TRUST).description("runs functions")
                .tags(Tag.builder().key("team").value("core").build())).role();

        assertThat(created.arn()).isEqualTo("arn:aws:iam::000000000000:role/service/app/lambda-exec");
        assertThat(created.roleId()).matches("AROA[A-Z2-7]{17}");
        assertThat(created.path()).isEqualTo("/service/app/");
        assertThat(created.createDate()).isBetween(before, Instant.now().plusSeconds(1));
        assertThat(created.maxSessionDuration()).isEqualTo(3600);
        assertThat(created.tags()).containsExactly(Tag.builder().key("team").value("core").build());

        Role got = iam.getRole(r -> r.roleName("lambda-exec")).role();
        assertThat(got.roleId()).isEqualTo(created.roleId());
        assertThat(got.description()).isEqualTo("runs functions");
        assertThat(got.assumeRolePolicyDocument()).startsWith("%7B%22Version%22");
        assertThat(decoded(got.assumeRolePolicyDocument())).isEqualTo(LAMBDA_TRUST);
    }

    @Test
    void aUrlEncodedTrustPolicyIsAcceptedAsSomeClientsSendIt() {
        String encoded = URLEncoder.encode(LAMBDA_TRUST, StandardCharsets.UTF_8);
        iam.createRole(r -> r.roleName("encoded-trust").assumeRolePolicyDocument(encoded));
        assertThat(decoded(iam.getRole(r -> r.roleName("encoded-trust")).role().assumeRolePolicyDocument()))
                .isEqualTo(LAMBDA_TRUST);
    }

    @Test
    void roleNamesAreUniqueWithoutRegardToCase() {
        createRole(iam, "Duplicate-Role", "/");
        assertAwsError(() -> createRole(iam, "duplicate-role", "/"), EntityAlreadyExistsException.class, 409,
                "EntityAlreadyExists", "Role with name duplicate-role already exists.");
        assertThat(iam.getRole(r -> r.roleName("DUPLICATE-ROLE")).role().roleName()).isEqualTo("Duplicate-Role");
    }

    @Test
    void aMissingRoleIsNoSuchEntity() {
        assertAwsError(() -> iam.getRole(r -> r.roleName("ghost")), NoSuchEntityException.class, 404,
                "NoSuchEntity", "The role with name ghost cannot be found.");
        assertAwsError(() -> iam.deleteRole(r -> r.roleName("ghost")), NoSuchEntityException.class, 404,
                "NoSuchEntity", "The role with name ghost cannot be found.");
    }

    @Test
    void malformedTrustPoliciesAreRefusedWithIamsMessages() {
        assertAwsError(() -> iam.createRole(r -> r.roleName("bad-trust").assumeRolePolicyDocument("not json")),
                MalformedPolicyDocumentException.class, 400, "MalformedPolicyDocument",
                "This policy contains invalid Json");
        String withResource = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                + "{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}]}";
        assertAwsError(() -> iam.createRole(r -> r.roleName("bad-trust").assumeRolePolicyDocument(withResource)),
                MalformedPolicyDocumentException.class, 400, "MalformedPolicyDocument",
                "Has prohibited field Resource");
        assertAwsError(() -> iam.getRole(r -> r.roleName("bad-trust")), NoSuchEntityException.class, 404,
                "NoSuchEntity", null);
    }

    @Test
    void modelConstraintsAreValidationErrors() {
        assertAwsError(() -> iam.createRole(r -> r.roleName("has space").assumeRolePolicyDocument(LAMBDA_TRUST)),
                IamException.class, 400, "ValidationError", null);
        createRole(iam, "short-sessions", "/");
        assertAwsError(() -> iam.updateRole(r -> r.roleName("short-sessions").maxSessionDuration(60)),
                IamException.class, 400, "ValidationError", "1 validation error detected: Value '60' at "
                        + "'maxSessionDuration' failed to satisfy constraint: Member must have value greater than "
                        + "or equal to 3600");
    }

    @Test
    void listRolesPagesWithMarkerAndFiltersByPathPrefix() {
        try (IamClient own = freshAccount()) {
            for (String name : List.of("a-role", "b-role", "c-role", "d-role")) {
                createRole(own, name, "/apps/");
            }
            createRole(own, "e-role", "/other/");

            List<String> seen = new ArrayList<>();
            String marker = null;
            int pages = 0;
            do {
                String m = marker;
                ListRolesResponse page = own.listRoles(r -> r.maxItems(2).marker(m));
                page.roles().forEach(role -> seen.add(role.roleName()));
                assertThat(page.isTruncated()).isEqualTo(page.marker() != null);
                marker = page.marker();
                pages++;
            } while (marker != null);
            assertThat(pages).isEqualTo(3);
            assertThat(seen).containsExactly("a-role", "b-role", "c-role", "d-role", "e-role");

            assertThat(own.listRoles(r -> r.pathPrefix("/apps/")).roles()).extracting(Role::roleName)
                    .containsExactly("a-role", "b-role", "c-role", "d-role");
            assertThat(own.listRolesPaginator(r -> r.maxItems(1)).roles().stream().count()).isEqualTo(5);
        }
    }

    @Test
    void listRolesLeavesOutTagsAsIamDoes() {
        try (IamClient own = freshAccount()) {
            own.createRole(r -> r.roleName("tagged").assumeRolePolicyDocument(LAMBDA_TRUST)
                    .tags(Tag.builder().key("k").value("v").build()));
            Role listed = own.listRoles().roles().get(0);
            assertThat(listed.tags()).isEmpty();
            assertThat(decoded(listed.assumeRolePolicyDocument())).isEqualTo(LAMBDA_TRUST);
        }
    }

    @Test
    void updateRoleAndItsTrustPolicy() {
        createRole(iam, "updatable", "/");
        iam.updateRole(r -> r.roleName("updatable").description("new words").maxSessionDuration(7200));
        String ecsTrust = LAMBDA_TRUST.replace("lambda", "ecs-tasks");
        iam.updateAssumeRolePolicy(r -> r.roleName("updatable").policyDocument(ecsTrust));

        Role role = iam.getRole(r -> r.roleName("updatable")).role();
        assertThat(role.description()).isEqualTo("new words");
        assertThat(role.maxSessionDuration()).isEqualTo(7200);
        assertThat(decoded(role.assumeRolePolicyDocument())).isEqualTo(ecsTrust);

        assertThat(iam.updateRoleDescription(r -> r.roleName("updatable").description("again")).role().description())
                .isEqualTo("again");
        assertAwsError(() -> iam.updateAssumeRolePolicy(r -> r.roleName("updatable").policyDocument("{")),
                MalformedPolicyDocumentException.class, 400, "MalformedPolicyDocument", null);
        assertAwsError(() -> iam.updateAssumeRolePolicy(r -> r.roleName("nobody").policyDocument(ecsTrust)),
                NoSuchEntityException.class, 404, "NoSuchEntity", "The role with name nobody cannot be found.");
    }

    @Test
    void inlineRolePoliciesArePutReadListedAndDeleted() {
        createRole(iam, "inline-holder", "/");
        iam.putRolePolicy(r -> r.roleName("inline-holder").policyName("read").policyDocument(READ_BUCKET));
        iam.putRolePolicy(r -> r.roleName("inline-holder").policyName("also").policyDocument(READ_BUCKET));

        var got = iam.getRolePolicy(r -> r.roleName("inline-holder").policyName("read"));
        assertThat(got.roleName()).isEqualTo("inline-holder");
        assertThat(decoded(got.policyDocument())).isEqualTo(READ_BUCKET);
        assertThat(iam.listRolePolicies(r -> r.roleName("inline-holder")).policyNames())
                .containsExactly("also", "read");
        var firstPage = iam.listRolePolicies(r -> r.roleName("inline-holder").maxItems(1));
        assertThat(firstPage.policyNames()).containsExactly("also");
        assertThat(firstPage.isTruncated()).isTrue();

        iam.deleteRolePolicy(r -> r.roleName("inline-holder").policyName("read"));
        assertAwsError(() -> iam.getRolePolicy(r -> r.roleName("inline-holder").policyName("read")),
                NoSuchEntityException.class, 404, "NoSuchEntity", "The role policy with name read cannot be found.");
        assertAwsError(() -> iam.deleteRolePolicy(r -> r.roleName("inline-holder").policyName("read")),
                NoSuchEntityException.class, 404, "NoSuchEntity", "The role policy with name read cannot be found.");
    }

    @Test
    void inlinePoliciesMustBeValidIdentityPolicies() {
        createRole(iam, "strict-inline", "/");
        assertAwsError(() -> iam.putRolePolicy(r -> r.roleName("strict-inline").policyName("p")
                        .policyDocument("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\","
                                + "\"Resource\":\"*\"}]}")),
                MalformedPolicyDocumentException.class, 400, "MalformedPolicyDocument",
                "Policy document must be version 2012-10-17 or greater.");
        assertAwsError(() -> iam.putRolePolicy(r -> r.roleName("strict-inline").policyName("p")
                        .policyDocument("{\"Version\":\"2012-10-17\"}")),
                MalformedPolicyDocumentException.class, 400, "MalformedPolicyDocument", "Syntax errors in policy.");
        assertAwsError(() -> iam.putRolePolicy(r -> r.roleName("strict-inline").policyName("p")
                        .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
                                + "\"Action\":\"s3:GetObject\"}}")),
                MalformedPolicyDocumentException.class, 400, "MalformedPolicyDocument",
                "Policy statement must contain resources.");
        assertAwsError(() -> iam.putRolePolicy(r -> r.roleName("nobody").policyName("p").policyDocument(READ_BUCKET)),
                NoSuchEntityException.class, 404, "NoSuchEntity", "The role with name nobody cannot be found.");
    }

    @Test
    void awsManagedPoliciesAttachByTheirArnWithPath() {
        createRole(iam, "attached-holder", "/");
        String basic = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";
        String admin = "arn:aws:iam::aws:policy/AdministratorAccess";
        iam.attachRolePolicy(r -> r.roleName("attached-holder").policyArn(basic));
        iam.attachRolePolicy(r -> r.roleName("attached-holder").policyArn(admin));
        iam.attachRolePolicy(r -> r.roleName("attached-holder").policyArn(admin));

        assertThat(iam.listAttachedRolePolicies(r -> r.roleName("attached-holder")).attachedPolicies())
                .extracting(AttachedPolicy::policyName, AttachedPolicy::policyArn)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("AdministratorAccess", admin),
                        org.assertj.core.groups.Tuple.tuple("AWSLambdaBasicExecutionRole", basic));
        assertThat(iam.listAttachedRolePolicies(r -> r.roleName("attached-holder").pathPrefix("/service-role/"))
                .attachedPolicies()).extracting(AttachedPolicy::policyName)
                .containsExactly("AWSLambdaBasicExecutionRole");

        String withoutPath = "arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole";
        assertAwsError(() -> iam.attachRolePolicy(r -> r.roleName("attached-holder").policyArn(withoutPath)),
                NoSuchEntityException.class, 404, "NoSuchEntity",
                "Policy " + withoutPath + " does not exist or is not attachable.");
        assertAwsError(() -> iam.attachRolePolicy(r -> r.roleName("attached-holder")
                        .policyArn("this-is-not-an-arn-at-all")),
                InvalidInputException.class, 400, "InvalidInput", "ARN this-is-not-an-arn-at-all is not valid.");

        iam.detachRolePolicy(r -> r.roleName("attached-holder").policyArn(admin));
        assertAwsError(() -> iam.detachRolePolicy(r -> r.roleName("attached-holder").policyArn(admin)),
                NoSuchEntityException.class, 404, "NoSuchEntity", "Policy " + admin + " was not found.");
        assertAwsError(() -> iam.listAttachedRolePolicies(r -> r.roleName("nobody")), NoSuchEntityException.class,
                404, "NoSuchEntity", "The role with name nobody cannot be found.");
    }

    @Test
    void aRoleTakesAtMostTenManagedPolicies() {
        try (IamClient own = freshAccount()) {
            createRole(own, "crowded", "/");
            for (int i = 0; i < 10; i++) {
                String arn = own.createPolicy(p -> p.policyName("p" + System.nanoTime()).policyDocument(READ_BUCKET))
                        .policy().arn();
                own.attachRolePolicy(r -> r.roleName("crowded").policyArn(arn));
            }
            assertAwsError(() -> own.attachRolePolicy(r -> r.roleName("crowded")
                            .policyArn("arn:aws:iam::aws:policy/ReadOnlyAccess")),
                    LimitExceededException.class, 409, "LimitExceeded", "Cannot exceed quota for PoliciesPerRole: 10");
        }
    }

    @Test
    void deleteRoleIsRefusedWhilePoliciesRemain() {
        createRole(iam, "to-delete", "/");
        String basic = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";
        iam.attachRolePolicy(r -> r.roleName("to-delete").policyArn(basic));
        iam.putRolePolicy(r -> r.roleName("to-delete").policyName("inline").policyDocument(READ_BUCKET));

        assertAwsError(() -> iam.deleteRole(r -> r.roleName("to-delete")), DeleteConflictException.class, 409,
                "DeleteConflict", "Cannot delete entity, must detach all policies first.");
        iam.detachRolePolicy(r -> r.roleName("to-delete").policyArn(basic));
        assertAwsError(() -> iam.deleteRole(r -> r.roleName("to-delete")), DeleteConflictException.class, 409,
                "DeleteConflict", "Cannot delete entity, must delete policies first.");
        iam.deleteRolePolicy(r -> r.roleName("to-delete").policyName("inline"));

        iam.deleteRole(r -> r.roleName("to-delete"));
        assertAwsError(() -> iam.getRole(r -> r.roleName("to-delete")), NoSuchEntityException.class, 404,
                "NoSuchEntity", "The role with name to-delete cannot be found.");
    }

    @Test
    void roleTagsAreAddedListedAndRemoved() {
        createRole(iam, "tag-holder", "/");
        iam.tagRole(r -> r.roleName("tag-holder").tags(Tag.builder().key("env").value("dev").build(),
                Tag.builder().key("app").value("shop").build()));
        iam.tagRole(r -> r.roleName("tag-holder").tags(Tag.builder().key("ENV").value("prod").build()));

        assertThat(iam.listRoleTags(r -> r.roleName("tag-holder")).tags()).containsExactly(
                Tag.builder().key("ENV").value("prod").build(), Tag.builder().key("app").value("shop").build());
        iam.untagRole(r -> r.roleName("tag-holder").tagKeys("app"));
        assertThat(iam.getRole(r -> r.roleName("tag-holder")).role().tags()).extracting(Tag::key)
                .containsExactly("ENV");

        assertAwsError(() -> iam.tagRole(r -> r.roleName("tag-holder").tags(Tag.builder().key("a").value("1").build(),
                        Tag.builder().key("A").value("2").build())),
                InvalidInputException.class, 400, "InvalidInput",
                "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
        List<Tag> fifty = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            fifty.add(Tag.builder().key("k" + i).value("v").build());
        }
        assertAwsError(() -> iam.tagRole(r -> r.roleName("tag-holder").tags(fifty)), LimitExceededException.class,
                409, "LimitExceeded", "Cannot exceed quota for TagsPerRole: 50");
        assertAwsError(() -> iam.listRoleTags(r -> r.roleName("nobody")), NoSuchEntityException.class, 404,
                "NoSuchEntity", null);
    }

    @Test
    void permissionsBoundaryIsKeptOnTheRole() {
        String boundary = "arn:aws:iam::aws:policy/PowerUserAccess";
        iam.createRole(r -> r.roleName("bounded").assumeRolePolicyDocument(LAMBDA_TRUST).permissionsBoundary(boundary));
        assertThat(iam.getRole(r -> r.roleName("bounded")).role().permissionsBoundary().permissionsBoundaryArn())
                .isEqualTo(boundary);
        iam.deleteRolePermissionsBoundary(r -> r.roleName("bounded"));
        assertThat(iam.getRole(r -> r.roleName("bounded")).role().permissionsBoundary()).isNull();
        assertAwsError(() -> iam.putRolePermissionsBoundary(r -> r.roleName("bounded")
                        .permissionsBoundary("arn:aws:iam::aws:policy/NoSuchThing")),
                NoSuchEntityException.class, 404, "NoSuchEntity", null);
    }

    @Test
    void createDateIsASecondPrecisionTimestamp() {
        Role role = createRole(iam, "dated", "/");
        assertThat(role.createDate().getNano()).isZero();
        assertThat(Duration.between(role.createDate(), Instant.now()).abs()).isLessThan(Duration.ofMinutes(1));
    }

    @Test
    void instanceProfilesHoldOneRoleAndKeepItFromBeingDeleted() {
        createRole(iam, "ec2-role", "/");
        createRole(iam, "ec2-role-2", "/");
        var profile = iam.createInstanceProfile(r -> r.instanceProfileName("web-servers").path("/web/"))
                .instanceProfile();
        assertThat(profile.arn()).isEqualTo("arn:aws:iam::000000000000:instance-profile/web/web-servers");
        assertThat(profile.instanceProfileId()).matches("AIPA[A-Z2-7]{17}");
        assertAwsError(() -> iam.createInstanceProfile(r -> r.instanceProfileName("web-servers")),
                EntityAlreadyExistsException.class, 409, "EntityAlreadyExists",
                "Instance Profile web-servers already exists.");

        iam.addRoleToInstanceProfile(r -> r.instanceProfileName("web-servers").roleName("ec2-role"));
        assertAwsError(() -> iam.addRoleToInstanceProfile(r -> r.instanceProfileName("web-servers")
                        .roleName("ec2-role-2")),
                LimitExceededException.class, 409, "LimitExceeded",
                "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1");
        assertThat(iam.getInstanceProfile(r -> r.instanceProfileName("web-servers")).instanceProfile().roles())
                .extracting(Role::roleName).containsExactly("ec2-role");
        assertThat(iam.listInstanceProfilesForRole(r -> r.roleName("ec2-role")).instanceProfiles())
                .extracting(p -> p.instanceProfileName()).containsExactly("web-servers");

        assertAwsError(() -> iam.deleteRole(r -> r.roleName("ec2-role")), DeleteConflictException.class, 409,
                "DeleteConflict", "Cannot delete entity, must remove roles from instance profile first.");
        assertAwsError(() -> iam.deleteInstanceProfile(r -> r.instanceProfileName("web-servers")),
                DeleteConflictException.class, 409, "DeleteConflict",
                "Cannot delete entity, must remove roles from instance profile first.");
        iam.removeRoleFromInstanceProfile(r -> r.instanceProfileName("web-servers").roleName("ec2-role"));
        iam.deleteInstanceProfile(r -> r.instanceProfileName("web-servers"));
        iam.deleteRole(r -> r.roleName("ec2-role"));
        assertAwsError(() -> iam.getInstanceProfile(r -> r.instanceProfileName("web-servers")),
                NoSuchEntityException.class, 404, "NoSuchEntity", "Instance Profile web-servers cannot be found.");
    }
}
