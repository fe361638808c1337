package dev.stratus.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.Operation;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.state.DocumentStore;
import dev.stratus.protocol.AwsException;
import dev.stratus.storage.Storage;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Create/Get/Update/Delete/ListFunctionUrlConfig(s): one URL per function or alias, persisted in
 * {@code lambda-function-urls} ({@code account/region/name/qualifier}) with an id index in
 * {@code lambda-function-url-ids}.
 */
final class FunctionUrlOperations {
    static final int DEFAULT_MAX_ITEMS = 50;
    /** AWS's url ids: 32 characters of lower-case letters and digits. */
    private static final int URL_ID_LENGTH = 32;
    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Function URL timestamps carry microseconds and a Z, unlike LastModified of a function. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** The unqualified URL's qualifier in keys. */
    private static final String UNQUALIFIED = "$LATEST";

    private final DocumentStore<FunctionUrlRecord> urls;
    private final DocumentStore<String> ids;
    private final FunctionStore functions;
    private final Clock clock;
    private final Supplier<String> edgeEndpoint;

    FunctionUrlOperations(Storage storage, FunctionStore functions, Clock clock, Supplier<String> edgeEndpoint) {
        this.urls = new DocumentStore<>(storage, "lambda-function-urls", FunctionUrlRecord.class);
        this.ids = new DocumentStore<>(storage, "lambda-function-url-ids", String.class);
        this.functions = functions;
        this.clock = clock;
        this.edgeEndpoint = edgeEndpoint;
    }

    /** Adds this class's operations, and forgets the URLs of deleted functions and aliases. */
    void register(Map<String, Operation> ops) {
        ops.put("CreateFunctionUrlConfig", this::createFunctionUrlConfig);
        ops.put("GetFunctionUrlConfig", this::getFunctionUrlConfig);
        ops.put("UpdateFunctionUrlConfig", this::updateFunctionUrlConfig);
        ops.put("DeleteFunctionUrlConfig", this::deleteFunctionUrlConfig);
        ops.put("ListFunctionUrlConfigs", this::listFunctionUrlConfigs);
        Operation deleteFunction = ops.get("DeleteFunction");
        ops.put("DeleteFunction", (ctx, in) -> {
            JsonNode out = deleteFunction.call(ctx, in);
            FunctionNames.Ref ref = ref(in);
            if (ref.qualifier() == null) {
                urls.list(prefix(ctx, ref.name())).forEach(this::remove);
            }
            return out;
        });
        Operation deleteAlias = ops.get("DeleteAlias");
        ops.put("DeleteAlias", (ctx, in) -> {
            JsonNode out = deleteAlias.call(ctx, in);
            String name = FunctionNames.parse(in.get("FunctionName").asText(), null).name();
            urls.get(key(ctx.accountId(), ctx.region(), name, in.get("Name").asText())).ifPresent(this::remove);
            return out;
        });
    }

    /** The URL with this id, if any. */
    Optional<FunctionUrlRecord> byId(String urlId) {
        return ids.get(urlId).flatMap(urls::get);
    }

    JsonNode createFunctionUrlConfig(RequestContext ctx, ObjectNode in) {
        FunctionNames.Ref ref = existing(ctx, in);
        String key = key(ctx.accountId(), ctx.region(), ref.name(), ref.qualifier());
        if (urls.get(key).isPresent()) {
            throw new AwsException("ResourceConflictException", "Failed to create function url config for "
                    + "[functionArn = " + arn(ctx, ref) + "]. Error message:  FunctionUrlConfig exists for this "
                    + "Lambda function", 409);
        }
        String now = now();
        FunctionUrlRecord u = new FunctionUrlRecord(ctx.accountId(), ctx.region(), ref.name(), ref.qualifier(),
                newId(), in.get("AuthType").asText(), cors(in.get("Cors")), text(in, "InvokeMode"), now, now);
        urls.put(key, u);
        ids.put(u.urlId(), key);
        ObjectNode out = render(u);
        out.remove("LastModifiedTime"); // AWS's create answer has none
        return out;
    }

    JsonNode getFunctionUrlConfig(RequestContext ctx, ObjectNode in) {
        return render(find(ctx, in));
    }

    JsonNode updateFunctionUrlConfig(RequestContext ctx, ObjectNode in) {
        FunctionUrlRecord old = find(ctx, in);
        FunctionUrlRecord u = old.with(in.hasNonNull("AuthType") ? in.get("AuthType").asText() : old.authType(),
                in.has("Cors") ? cors(in.get("Cors")) : old.cors(),
                in.hasNonNull("InvokeMode") ? in.get("InvokeMode").asText() : old.invokeMode(), now());
        urls.put(key(u), u);
        return render(u);
    }

    JsonNode deleteFunctionUrlConfig(RequestContext ctx, ObjectNode in) {
        remove(find(ctx, in));
        return null;
    }

    JsonNode listFunctionUrlConfigs(RequestContext ctx, ObjectNode in) {
        FunctionNames.Ref ref = ref(in);
        functions.get(ctx.accountId(), ctx.region(), ref.name())
                .orElseThrow(() -> FunctionNames.notFound(ctx, ref.name()));
        List<FunctionUrlRecord> all = urls.list(prefix(ctx, ref.name()));
        int start = 0;
        if (in.hasNonNull("Marker")) {
            try {
                start = Integer.parseInt(in.get("Marker").asText());
            } catch (NumberFormatException e) {
                throw new AwsException("InvalidParameterValueException", "Invalid marker: "
                        + in.get("Marker").asText());
            }
        }
        int max = in.path("MaxItems").asInt(DEFAULT_MAX_ITEMS);
        ObjectNode out = F.objectNode();
        ArrayNode list = out.putArray("FunctionUrlConfigs");
        for (int i = start; i < all.size(); i++) {
            if (list.size() == max) {
                out.put("NextMarker", Integer.toString(i));
                break;
            }
            list.add(render(all.get(i)));
        }
        return out;
    }

    private void remove(FunctionUrlRecord u) {
        urls.delete(key(u));
        ids.delete(u.urlId());
    }

    private FunctionUrlRecord find(RequestContext ctx, ObjectNode in) {
        FunctionNames.Ref ref = existing(ctx, in);
        return urls.get(key(ctx.accountId(), ctx.region(), ref.name(), ref.qualifier()))
                .orElseThrow(() -> new AwsException("ResourceNotFoundException",
                        "The resource you requested does not exist.", 404));
    }

    /** The function (and alias) a request names, which must exist; a version number is not a URL qualifier. */
    private FunctionNames.Ref existing(RequestContext ctx, ObjectNode in) {
        FunctionNames.Ref ref = ref(in);
        functions.get(ctx.accountId(), ctx.region(), ref.name())
                .orElseThrow(() -> FunctionNames.notFound(ctx, ref.name()));
        String q = ref.qualifier();
        if (q == null || UNQUALIFIED.equals(q)) {
            return new FunctionNames.Ref(ref.name(), null);
        }
        if (q.chars().allMatch(Character::isDigit)) {
            throw new AwsException("InvalidParameterValueException", "Function URLs can only be created for an "
                    + "alias or $LATEST; " + q + " is a version.");
        }
        functions.alias(ctx.accountId(), ctx.region(), ref.name(), q)
                .orElseThrow(() -> FunctionNames.notFound(ctx, ref.name() + ":" + q));
        return ref;
    }

    private static FunctionNames.Ref ref(ObjectNode in) {
        return FunctionNames.parse(in.get("FunctionName").asText(), text(in, "Qualifier"));
    }

    private static String arn(RequestContext ctx, FunctionNames.Ref ref) {
        return ctx.arn("lambda", "function:" + ref.name() + (ref.qualifier() == null ? "" : ":" + ref.qualifier()));
    }

    private ObjectNode render(FunctionUrlRecord u) {
        ObjectNode n = F.objectNode();
        n.put("FunctionUrl", url(u));
        n.put("FunctionArn", u.functionArn());
        n.put("AuthType", u.authType());
        if (u.cors() != null) {
            n.set("Cors", u.cors().deepCopy());
        }
        n.put("CreationTime", u.created());
        n.put("LastModifiedTime", u.modified());
        n.put("InvokeMode", u.effectiveInvokeMode());
        return n;
    }

    /** AWS's https://<id>.lambda-url.<region>.on.aws/ becomes a localhost name on the edge's port. */
    String url(FunctionUrlRecord u) {
        String endpoint = edgeEndpoint.get();
        int colon = endpoint.lastIndexOf(':');
        String port = colon > "https://".length() ? endpoint.substring(colon) : "";
        return "http://" + u.urlId() + ".lambda-url." + u.region() + ".localhost" + port + "/";
    }

    /** An empty Cors structure removes the configuration, as AWS does. */
    private static JsonNode cors(JsonNode cors) {
        return cors == null || cors.isNull() || cors.isEmpty() ? null : cors;
    }

    private String newId() {
        while (true) {
            StringBuilder b = new StringBuilder(URL_ID_LENGTH);
            for (int i = 0; i < URL_ID_LENGTH; i++) {
                b.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
            }
            if (ids.get(b.toString()).isEmpty()) {
                return b.toString();
            }
        }
    }

    private String now() {
        return TIME.format(clock.instant());
    }

    private static String key(FunctionUrlRecord u) {
        return key(u.accountId(), u.region(), u.functionName(), u.qualifier());
    }

    private static String key(String account, String region, String name, String qualifier) {
        return account + "/" + region + "/" + name + "/" + (qualifier == null ? UNQUALIFIED : qualifier);
    }

    private static String prefix(RequestContext ctx, String name) {
        return ctx.accountId() + "/" + ctx.region() + "/" + name + "/";
    }

    private static String text(ObjectNode in, String field) {
        return in.hasNonNull(field) ? in.get(field).asText() : null;
    }
}
