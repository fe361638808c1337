package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.codec.Timestamps;
import java.time.Clock;
import java.util.Comparator;
import dev.stratus.apigateway.Patches.Kind;
import java.util.List;
import java.util.Map;

/** CreateRestApi, GetRestApi(s), DeleteRestApi: the API itself, created with its root resource "/". */
final class RestApiOperations {
    private final ApiStore store;
    private final Clock clock;

    RestApiOperations(ApiStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    JsonNode createRestApi(RequestContext ctx, ObjectNode in) {
        RestApiState state = newState(ctx, in);
        store.create(state);
        return state.api();
    }

    /** A new API with its root resource and default models, not yet stored. */
    RestApiState newState(RequestContext ctx, ObjectNode in) {
        String id;
        do {
            id = Ids.random(10);
        } while (store.idTaken(id));
        ObjectNode api = JsonNodeFactory.instance.objectNode();
        api.put("id", id);
        api.put("name", in.path("name").asText());
        copy(in, api, "description", "version", "binaryMediaTypes", "minimumCompressionSize", "policy");
        api.set("createdDate", Timestamps.node(clock.instant()));
        api.put("apiKeySource", in.path("apiKeySource").asText("HEADER"));
        if (in.has("endpointConfiguration")) {
            api.set("endpointConfiguration", in.get("endpointConfiguration").deepCopy());
        } else {
            api.putObject("endpointConfiguration").putArray("types").add("EDGE");
        }
        if (in.has("tags")) {
            api.set("tags", in.get("tags").deepCopy());
        }
        api.put("disableExecuteApiEndpoint", in.path("disableExecuteApiEndpoint").asBoolean(false));
        String rootId = Ids.random(10);
        api.put("rootResourceId", rootId);
        RestApiState state = new RestApiState(ctx.accountId(), ctx.region(), api, null, null, null, null, null,
                null, null);
        ModelOperations.addDefaultModels(state);
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("id", rootId);
        root.put("path", "/");
        state.resources().put(rootId, root);
        return state;
    }

    JsonNode getRestApi(RequestContext ctx, ObjectNode in) {
        return store.get(ctx, in.path("restApiId").asText()).api();
    }

    JsonNode getRestApis(RequestContext ctx, ObjectNode in) {
        List<ObjectNode> all = store.list(ctx).stream().map(RestApiState::api)
                .sorted(Comparator.comparing(a -> a.path("id").asText())).toList();
        return Pages.page(all, in);
    }

    JsonNode updateRestApi(RequestContext ctx, ObjectNode in) {
        return store.update(ctx, in.path("restApiId").asText(), api -> {
            Patches.applyAll(api.api(), in.path("patchOperations"), Map.of("name", Kind.STRING,
                    "description", Kind.STRING, "version", Kind.STRING, "binaryMediaTypes", Kind.LIST,
                    "minimumCompressionSize", Kind.INTEGER, "apiKeySource", Kind.STRING, "policy", Kind.STRING,
                    "disableExecuteApiEndpoint", Kind.BOOLEAN));
            return api.api().deepCopy();
        });
    }

    JsonNode deleteRestApi(RequestContext ctx, ObjectNode in) {
        store.delete(ctx, in.path("restApiId").asText());
        return null;
    }

    static void copy(ObjectNode from, ObjectNode to, String... fields) {
        for (String f : fields) {
            if (from.hasNonNull(f)) {
                to.set(f, from.get(f).deepCopy());
            }
        }
    }
}
