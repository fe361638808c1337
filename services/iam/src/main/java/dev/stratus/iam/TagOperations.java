package dev.stratus.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import java.util.List;

/**
 * Tag*, Untag* and List*Tags for one kind of IAM resource, which IAM defines alike for every kind.
 *
 * @param load finds the resource the input names (or throws IAM's NoSuchEntity)
 * @param save stores the changed resource
 * @param quota the quota's name in IAM's LimitExceeded message, e.g. {@code TagsPerRole}
 */
record TagOperations<T extends Tagged<T>>(IamStore store, Loader<T> load, Saver<T> save, String quota) {

    /** Finds the resource an input names. */
    @FunctionalInterface
    interface Loader<T> {
        T load(RequestContext ctx, ObjectNode input);
    }

    /** Stores a changed resource. */
    @FunctionalInterface
    interface Saver<T> {
        void save(RequestContext ctx, T resource);
    }

    JsonNode tag(RequestContext ctx, ObjectNode input) {
        List<Tag> added = Tag.fromInput(input.path("Tags"));
        synchronized (store.lock) {
            T resource = load.load(ctx, input);
            save.save(ctx, resource.withTags(Tag.merge(resource.tags(), added, quota)));
        }
        return null;
    }

    JsonNode untag(RequestContext ctx, ObjectNode input) {
        synchronized (store.lock) {
            T resource = load.load(ctx, input);
            save.save(ctx, resource.withTags(Tag.remove(resource.tags(), input.path("TagKeys"))));
        }
        return null;
    }

    JsonNode list(RequestContext ctx, ObjectNode input) {
        return Tag.page(load.load(ctx, input).tags(), input);
    }
}
