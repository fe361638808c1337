package dev.stratus.iam;

/** An IAM principal that carries permission policies: a role or a user. */
interface PolicyHolder<T extends PolicyHolder<T>> {
    String name();

    PermissionPolicies policies();

    T withPolicies(PermissionPolicies policies);
}
