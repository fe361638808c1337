package dev.stratus.iam;

import java.util.List;

/** An IAM resource that carries tags: roles, users, managed policies, instance profiles. */
interface Tagged<T extends Tagged<T>> {
    List<Tag> tags();

    T withTags(List<Tag> tags);
}
