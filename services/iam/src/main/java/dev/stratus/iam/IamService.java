package dev.stratus.iam;

import static java.util.Map.entry;

import dev.stratus.platform.Operation;
import dev.stratus.platform.Platform;
import dev.stratus.platform.Service;
import dev.stratus.protocol.model.ServiceModel;
import java.util.Map;

/**
 * AWS Identity and Access Management: roles, managed and inline policies, users and access keys, global per
 * account. The operations live in one class per resource family; this class lists them as the API reference does.
 */
public final class IamService implements Service {
    private final ServiceModel model = ServiceModel.load("iam");
    private final Map<String, Operation> operations;

    public IamService(Platform platform) {
        IamStore store = new IamStore(platform.storage(), platform.clock());
        RoleOperations roles = new RoleOperations(store);
        PolicyOperations policies = new PolicyOperations(store);
        UserOperations users = new UserOperations(store);
        InstanceProfileOperations profiles = new InstanceProfileOperations(store);
        AccessKeyOperations accessKeys = new AccessKeyOperations(store);
        // requests signed with an IAM user's access key act as that user
        platform.credentials().addSource(accessKeys);
        // and are authorized (S3 bucket access in strict mode) by that user's or role's policies
        platform.credentials().addPolicySource(new PrincipalPolicies(store));
        EntityPolicies<RoleRecord> rolePolicies = roles.policies;
        EntityPolicies<UserRecord> userPolicies = users.policies;
        operations = Map.ofEntries(
                entry("CreateRole", roles::createRole),
                entry("GetRole", roles::getRole),
                entry("ListRoles", roles::listRoles),
                entry("UpdateRole", roles::updateRole),
                entry("UpdateRoleDescription", roles::updateRoleDescription),
                entry("UpdateAssumeRolePolicy", roles::updateAssumeRolePolicy),
                entry("DeleteRole", roles::deleteRole),
                entry("PutRolePermissionsBoundary", roles::putRolePermissionsBoundary),
                entry("DeleteRolePermissionsBoundary", roles::deleteRolePermissionsBoundary),
                entry("TagRole", roles.tags::tag),
                entry("UntagRole", roles.tags::untag),
                entry("ListRoleTags", roles.tags::list),
                entry("PutRolePolicy", (ctx, in) -> rolePolicies.put(ctx.accountId(), in)),
                entry("GetRolePolicy", (ctx, in) -> rolePolicies.get(ctx.accountId(), in)),
                entry("ListRolePolicies", (ctx, in) -> rolePolicies.list(ctx.accountId(), in)),
                entry("DeleteRolePolicy", (ctx, in) -> rolePolicies.delete(ctx.accountId(), in)),
                entry("AttachRolePolicy", (ctx, in) -> rolePolicies.attach(ctx.accountId(), in)),
                entry("DetachRolePolicy", (ctx, in) -> rolePolicies.detach(ctx.accountId(), in)),
                entry("ListAttachedRolePolicies", (ctx, in) -> rolePolicies.listAttached(ctx.accountId(), in)),
                entry("CreatePolicy", policies::createPolicy),
                entry("GetPolicy", policies::getPolicy),
                entry("ListPolicies", policies::listPolicies),
                entry("DeletePolicy", policies::deletePolicy),
                entry("CreatePolicyVersion", policies::createPolicyVersion),
                entry("GetPolicyVersion", policies::getPolicyVersion),
                entry("ListPolicyVersions", policies::listPolicyVersions),
                entry("DeletePolicyVersion", policies::deletePolicyVersion),
                entry("SetDefaultPolicyVersion", policies::setDefaultPolicyVersion),
                entry("TagPolicy", policies.tags::tag),
                entry("UntagPolicy", policies.tags::untag),
                entry("ListPolicyTags", policies.tags::list),
                entry("ListEntitiesForPolicy", policies::listEntitiesForPolicy),
                entry("CreateUser", users::createUser),
                entry("GetUser", users::getUser),
                entry("ListUsers", users::listUsers),
                entry("DeleteUser", users::deleteUser),
                entry("TagUser", users.tags::tag),
                entry("UntagUser", users.tags::untag),
                entry("ListUserTags", users.tags::list),
                entry("PutUserPolicy", (ctx, in) -> userPolicies.put(ctx.accountId(), in)),
                entry("GetUserPolicy", (ctx, in) -> userPolicies.get(ctx.accountId(), in)),
                entry("ListUserPolicies", (ctx, in) -> userPolicies.list(ctx.accountId(), in)),
                entry("DeleteUserPolicy", (ctx, in) -> userPolicies.delete(ctx.accountId(), in)),
                entry("AttachUserPolicy", (ctx, in) -> userPolicies.attach(ctx.accountId(), in)),
                entry("DetachUserPolicy", (ctx, in) -> userPolicies.detach(ctx.accountId(), in)),
                entry("ListAttachedUserPolicies", (ctx, in) -> userPolicies.listAttached(ctx.accountId(), in)),
                entry("CreateInstanceProfile", profiles::createInstanceProfile),
                entry("GetInstanceProfile", profiles::getInstanceProfile),
                entry("ListInstanceProfiles", profiles::listInstanceProfiles),
                entry("ListInstanceProfilesForRole", profiles::listInstanceProfilesForRole),
                entry("DeleteInstanceProfile", profiles::deleteInstanceProfile),
                entry("AddRoleToInstanceProfile", profiles::addRoleToInstanceProfile),
                entry("RemoveRoleFromInstanceProfile", profiles::removeRoleFromInstanceProfile),
                entry("TagInstanceProfile", profiles.tags::tag),
                entry("UntagInstanceProfile", profiles.tags::untag),
                entry("ListInstanceProfileTags", profiles.tags::list),
                entry("CreateAccessKey", accessKeys::createAccessKey),
                entry("ListAccessKeys", accessKeys::listAccessKeys),
                entry("UpdateAccessKey", accessKeys::updateAccessKey),
                entry("DeleteAccessKey", accessKeys::deleteAccessKey),
                entry("GetAccessKeyLastUsed", accessKeys::getAccessKeyLastUsed));
    }

    @Override
    public String name() {
        return "iam";
    }

    @Override
    public ServiceModel model() {
        return model;
    }

    @Override
    public String validationErrorCode() {
        return "ValidationError";
    }

    @Override
    public Map<String, Operation> operations() {
        return operations;
    }
}
