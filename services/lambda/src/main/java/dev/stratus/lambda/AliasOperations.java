package dev.stratus.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.AwsException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** CreateAlias, GetAlias, ListAliases, UpdateAlias and DeleteAlias, with weighted routing to a second version. */
final class AliasOperations {
    static final int DEFAULT_MAX_ITEMS = 50;

    private final FunctionStore store;
    private final FunctionOperations functions;

    AliasOperations(FunctionStore store, FunctionOperations functions) {
        this.store = store;
        this.functions = functions;
    }

    JsonNode createAlias(RequestContext ctx, ObjectNode in) {
        FunctionRecord f = functions.find(ctx, in);
        String name = in.get("Name").asText();
        AliasRecord existing = store.alias(ctx.accountId(), ctx.region(), f.name(), name).orElse(null);
        if (existing != null) {
            throw new AwsException("ResourceConflictException", "Alias already exists: " + existing.arn());
        }
        String version = in.get("FunctionVersion").asText();
        Map<String, Double> weights = weights(in);
        check(ctx, f, version, weights);
        AliasRecord a = new AliasRecord(ctx.accountId(), ctx.region(), f.name(), name, version,
                in.path("Description").asText(""), weights, UUID.randomUUID().toString());
        store.putAlias(a);
        return render(a);
    }

    JsonNode getAlias(RequestContext ctx, ObjectNode in) {
        return render(alias(ctx, in));
    }

    JsonNode listAliases(RequestContext ctx, ObjectNode in) {
        FunctionRecord f = functions.find(ctx, in);
        String version = in.hasNonNull("FunctionVersion") ? in.get("FunctionVersion").asText() : null;
        List<AliasRecord> all = store.aliases(ctx.accountId(), ctx.region(), f.name()).stream()
                .filter(a -> version == null || a.functionVersion().equals(version)).toList();
        int max = in.path("MaxItems").asInt(DEFAULT_MAX_ITEMS);
        int start = 0;
        if (in.hasNonNull("Marker")) {
            try {
                start = Integer.parseInt(new String(Base64.getUrlDecoder().decode(in.get("Marker").asText()),
                        StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new AwsException("InvalidParameterValueException", "Invalid marker");
            }
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        var arr = out.putArray("Aliases");
        for (int i = start; i < all.size(); i++) {
            if (arr.size() == max) {
                out.put("NextMarker", Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
                break;
            }
            arr.add(render(all.get(i)));
        }
        return out;
    }

    JsonNode updateAlias(RequestContext ctx, ObjectNode in) {
        FunctionRecord f = functions.find(ctx, in);
        AliasRecord a = alias(ctx, in);
        if (in.hasNonNull("RevisionId") && !in.get("RevisionId").asText().equals(a.revisionId())) {
            throw new AwsException("PreconditionFailedException", "The Revision Id provided does not match the "
                    + "latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
        }
        String version = in.hasNonNull("FunctionVersion") ? in.get("FunctionVersion").asText() : a.functionVersion();
        Map<String, Double> weights = in.has("RoutingConfig") ? weights(in) : a.additionalVersionWeights();
        check(ctx, f, version, weights);
        AliasRecord updated = new AliasRecord(a.accountId(), a.region(), a.functionName(), a.name(), version,
                in.hasNonNull("Description") ? in.get("Description").asText() : a.description(), weights,
                UUID.randomUUID().toString());
        store.putAlias(updated);
        return render(updated);
    }

    JsonNode deleteAlias(RequestContext ctx, ObjectNode in) {
        FunctionRecord f = functions.find(ctx, in);
        // AWS answers 204 whether or not the alias existed.
        store.alias(ctx.accountId(), ctx.region(), f.name(), in.get("Name").asText()).ifPresent(store::deleteAlias);
        return null;
    }

    private AliasRecord alias(RequestContext ctx, ObjectNode in) {
        FunctionRecord f = functions.find(ctx, in);
        String name = in.get("Name").asText();
        return store.alias(ctx.accountId(), ctx.region(), f.name(), name).orElseThrow(() -> new AwsException(
                "ResourceNotFoundException", "Alias not found: " + f.arn() + ":" + name));
    }

    private static Map<String, Double> weights(ObjectNode in) {
        Map<String, Double> weights = new LinkedHashMap<>();
        in.path("RoutingConfig").path("AdditionalVersionWeights").properties()
                .forEach(e -> weights.put(e.getKey(), e.getValue().asDouble()));
        return weights;
    }

    /** The target versions must exist; routing needs two different published versions, as on AWS. */
    private void check(RequestContext ctx, FunctionRecord f, String version, Map<String, Double> weights) {
        requireVersion(ctx, f, version);
        if (weights.isEmpty()) {
            return;
        }
        if (weights.size() > 1) {
            throw new AwsException("InvalidParameterValueException",
                    "Number of entries for AdditionalVersionWeights should not exceed 1");
        }
        if ("$LATEST".equals(version) || weights.containsKey("$LATEST")) {
            throw new AwsException("InvalidParameterValueException",
                    "$LATEST is not supported for an alias pointing to more than 1 version");
        }
        for (String extra : weights.keySet()) {
            if (extra.equals(version)) {
                throw new AwsException("InvalidParameterValueException",
                        "Invalid function version " + extra + ". Function version " + extra
                                + " is already included in routing configuration.");
            }
            requireVersion(ctx, f, extra);
        }
    }

    private void requireVersion(RequestContext ctx, FunctionRecord f, String version) {
        if (!"$LATEST".equals(version) && store.version(ctx.accountId(), ctx.region(), f.name(), version).isEmpty()) {
            throw new AwsException("ResourceNotFoundException", "Function not found: " + f.arn() + ":" + version);
        }
    }

    private static ObjectNode render(AliasRecord a) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("AliasArn", a.arn());
        n.put("Name", a.name());
        n.put("FunctionVersion", a.functionVersion());
        n.put("Description", a.description());
        if (!a.additionalVersionWeights().isEmpty()) {
            ObjectNode w = n.putObject("RoutingConfig").putObject("AdditionalVersionWeights");
            a.additionalVersionWeights().forEach(w::put);
        }
        n.put("RevisionId", a.revisionId());
        return n;
    }
}
