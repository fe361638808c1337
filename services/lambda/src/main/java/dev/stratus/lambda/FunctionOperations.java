package dev.stratus.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.lambda.runtime.CodeCache;
import dev.stratus.lambda.runtime.EnvironmentVariables;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.AwsException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Create, read, list, update and delete of functions ($LATEST only for now). */
final class FunctionOperations {
    /** AWS's memory range (the model allows more for other compute types). */
    static final int MIN_MEMORY_MB = 128;
    static final int MAX_MEMORY_MB = 10_240;
    static final int MAX_TIMEOUT_SECONDS = 900;
    /** All environment variables together, as AWS measures them (the JSON of the map). */
    static final int MAX_ENVIRONMENT_BYTES = 4 * 1024;
    static final int DEFAULT_MAX_ITEMS = 50;

    private final FunctionStore store;
    private final CodeCache code;
    private final Clock clock;
    private final FunctionLifecycle lifecycle;
    private final FunctionLayers layers;
    private final CodeLocations locations;
    private final PackageSource source;

    /** What the service does when a function's code or configuration changes or it is deleted. */
    interface FunctionLifecycle {
        void changed(FunctionRecord function);
    }

    FunctionOperations(FunctionStore store, CodeCache code, Clock clock, FunctionLifecycle lifecycle,
                       FunctionLayers layers, CodeLocations locations, PackageSource source) {
        this.source = source;
        this.layers = layers;
        this.locations = locations;
        this.store = store;
        this.code = code;
        this.clock = clock;
        this.lifecycle = lifecycle;
    }

    JsonNode createFunction(RequestContext ctx, ObjectNode in) {
        String name = FunctionNames.parse(in.get("FunctionName").asText(), null).name();
        if (store.get(ctx.accountId(), ctx.region(), name).isPresent()) {
            throw new AwsException("ResourceConflictException", "Function already exist: " + name);
        }
        if ("Image".equals(in.path("PackageType").asText())) {
            throw new AwsException("InvalidParameterValueException",
                    "Stratus runs Zip functions only; container image functions are not supported yet");
        }
        CodeCache.Code unpacked = unpack(ctx, in.path("Code"));
        int memory = in.path("MemorySize").asInt(128);
        int timeout = in.path("Timeout").asInt(3);
        checkLimits(memory, timeout);
        Map<String, String> env = environment(in);
        List<String> archs = new ArrayList<>();
        in.path("Architectures").forEach(a -> archs.add(a.asText()));
        Map<String, String> tags = new LinkedHashMap<>();
        in.path("Tags").properties().forEach(e -> tags.put(e.getKey(), e.getValue().asText()));
        FunctionRecord f = new FunctionRecord(ctx.accountId(), ctx.region(), name, text(in, "Runtime"),
                text(in, "Handler"), in.get("Role").asText(), in.path("Description").asText(""), memory, timeout, env,
                unpacked.sha256(), unpacked.size(), FunctionConfigurations.lastModified(clock.instant()),
                UUID.randomUUID().toString(), archs.isEmpty() ? null : archs,
                in.path("EphemeralStorage").path("Size").asInt(512),
                in.path("TracingConfig").path("Mode").asText("PassThrough"), tags, null, null, 0);
        f = layers.apply(ctx, in, f, List.of());
        store.put(f);
        // The package is unpacked before we answer, so the function is usable at once; the answer still says
        // Pending, as AWS's does, and GetFunction says Active (what `aws lambda wait function-active-v2` polls).
        return FunctionConfigurations.render(f, "Pending", "InProgress");
    }

    JsonNode getFunction(RequestContext ctx, ObjectNode in) {
        FunctionRecord f = findVersion(ctx, in);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set("Configuration", FunctionConfigurations.render(f));
        out.putObject("Code").put("RepositoryType", "S3").put("Location", locations.url(ctx, f.codeSha256()));
        if (!f.tags().isEmpty()) {
            ObjectNode tags = out.putObject("Tags");
            f.tags().forEach(tags::put);
        }
        if (f.reservedConcurrency() != null) {
            out.putObject("Concurrency").put("ReservedConcurrentExecutions", f.reservedConcurrency());
        }
        return out;
    }

    JsonNode getFunctionConfiguration(RequestContext ctx, ObjectNode in) {
        return FunctionConfigurations.render(findVersion(ctx, in));
    }

    JsonNode listFunctions(RequestContext ctx, ObjectNode in) {
        int max = in.path("MaxItems").asInt(DEFAULT_MAX_ITEMS);
        String marker = in.hasNonNull("Marker") ? decodeMarker(in.get("Marker").asText()) : null;
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        var arr = out.putArray("Functions");
        for (FunctionRecord f : store.list(ctx.accountId(), ctx.region())) {
            if (marker != null && f.name().compareTo(marker) < 0) {
                continue;
            }
            if (arr.size() == max) {
                out.put("NextMarker", Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(f.name().getBytes(StandardCharsets.UTF_8)));
                break;
            }
            arr.add(FunctionConfigurations.render(f));
        }
        return out;
    }

    JsonNode updateFunctionCode(RequestContext ctx, ObjectNode in) {
        FunctionRecord f = find(ctx, in);
        checkRevision(f, in);
        CodeCache.Code unpacked = unpack(ctx, in);
        FunctionRecord updated = f.withCode(unpacked.sha256(), unpacked.size(),
                FunctionConfigurations.lastModified(clock.instant()), UUID.randomUUID().toString());
        updated = layers.apply(ctx, in, updated, f.layers());
        if (in.path("DryRun").asBoolean(false)) {
            return FunctionConfigurations.render(updated, "Active", "Successful");
        }
        store.put(updated);
        lifecycle.changed(f);
        return FunctionConfigurations.render(updated, "Active", "InProgress");
    }

    JsonNode updateFunctionConfiguration(RequestContext ctx, ObjectNode in) {
        FunctionRecord f = find(ctx, in);
        checkRevision(f, in);
        int memory = in.path("MemorySize").asInt(f.memorySize());
        int timeout = in.path("Timeout").asInt(f.timeout());
        checkLimits(memory, timeout);
        Map<String, String> env = in.has("Environment") ? environment(in) : f.environment();
        FunctionRecord updated = new FunctionRecord(f.accountId(), f.region(), f.name(),
                in.hasNonNull("Runtime") ? in.get("Runtime").asText() : f.runtime(),
                in.hasNonNull("Handler") ? in.get("Handler").asText() : f.handler(),
                in.hasNonNull("Role") ? in.get("Role").asText() : f.role(),
                in.hasNonNull("Description") ? in.get("Description").asText() : f.description(),
                memory, timeout, env, f.codeSha256(), f.codeSize(),
                FunctionConfigurations.lastModified(clock.instant()), UUID.randomUUID().toString(),
                f.architectures(), in.path("EphemeralStorage").path("Size").asInt(f.ephemeralStorage()),
                in.path("TracingConfig").path("Mode").asText(f.tracingMode()), f.tags(),
                f.reservedConcurrency(), null, f.lastPublishedVersion());
        updated = layers.apply(ctx, in, updated, f.layers());
        store.put(updated);
        lifecycle.changed(f);
        return FunctionConfigurations.render(updated, "Active", "InProgress");
    }

    JsonNode deleteFunction(RequestContext ctx, ObjectNode in) {
        FunctionNames.Ref ref = FunctionNames.parse(in.get("FunctionName").asText(), text(in, "Qualifier"));
        FunctionRecord f = store.get(ctx.accountId(), ctx.region(), ref.name())
                .orElseThrow(() -> FunctionNames.notFound(ctx, ref.name()));
        if (ref.qualifier() != null && !"$LATEST".equals(ref.qualifier())) {
            FunctionRecord v = store.version(ctx.accountId(), ctx.region(), ref.name(), ref.qualifier())
                    .orElseThrow(() -> FunctionNames.notFound(ctx, ref.name() + ":" + ref.qualifier()));
            List<String> referencing = store.aliases(ctx.accountId(), ctx.region(), f.name()).stream()
                    .filter(a -> a.functionVersion().equals(v.version())
                            || a.additionalVersionWeights().containsKey(v.version()))
                    .map(AliasRecord::name).toList();
            if (!referencing.isEmpty()) {
                throw new AwsException("ResourceConflictException", "Unable to delete version because the "
                        + "following aliases reference it: " + referencing);
            }
            store.deleteVersion(v);
            lifecycle.changed(f);
            return null;
        }
        store.versions(ctx.accountId(), ctx.region(), f.name()).forEach(store::deleteVersion);
        store.aliases(ctx.accountId(), ctx.region(), f.name()).forEach(store::deleteAlias);
        store.delete(f);
        lifecycle.changed(f);
        return null;
    }

    /** A function's reserved concurrency (set on $LATEST, it covers every version), or null. */
    Integer reservedConcurrency(String account, String region, String name) {
        return store.get(account, region, name).map(FunctionRecord::reservedConcurrency).orElse(null);
    }

    /** The execution role of a function, or null when it no longer exists. */
    String roleOf(String account, String region, String name) {
        return store.get(account, region, name).map(FunctionRecord::role).orElse(null);
    }

    /** The function a request names; versions other than $LATEST do not exist yet. */
    FunctionRecord find(RequestContext ctx, ObjectNode in) {
        FunctionNames.Ref ref = FunctionNames.parse(in.get("FunctionName").asText(), text(in, "Qualifier"));
        FunctionRecord f = store.get(ctx.accountId(), ctx.region(), ref.name())
                .orElseThrow(() -> FunctionNames.notFound(ctx, ref.name()));
        if (ref.qualifier() != null && !"$LATEST".equals(ref.qualifier())) {
            throw FunctionNames.notFound(ctx, ref.name() + ":" + ref.qualifier());
        }
        return f;
    }

    /** The function or the published version a request names ({@code Qualifier} or {@code name:N}). */
    FunctionRecord findVersion(RequestContext ctx, ObjectNode in) {
        FunctionNames.Ref ref = FunctionNames.parse(in.get("FunctionName").asText(), text(in, "Qualifier"));
        FunctionRecord f = store.get(ctx.accountId(), ctx.region(), ref.name())
                .orElseThrow(() -> FunctionNames.notFound(ctx, ref.name()));
        String qualifier = ref.qualifier();
        if (qualifier != null && !qualifier.chars().allMatch(Character::isDigit) && !"$LATEST".equals(qualifier)) {
            AliasRecord alias = store.alias(ctx.accountId(), ctx.region(), ref.name(), qualifier)
                    .orElseThrow(() -> FunctionNames.notFound(ctx, ref.name() + ":" + ref.qualifier()));
            qualifier = alias.route(ThreadLocalRandom.current().nextDouble());
        }
        if (qualifier == null || "$LATEST".equals(qualifier)) {
            return f;
        }
        String version = qualifier;
        return store.version(ctx.accountId(), ctx.region(), ref.name(), version)
                .orElseThrow(() -> FunctionNames.notFound(ctx, ref.name() + ":" + version));
    }

    private CodeCache.Code unpack(RequestContext ctx, JsonNode codeInput) {
        if (!codeInput.hasNonNull("ZipFile") && codeInput.hasNonNull("ImageUri")) {
            throw new AwsException("InvalidParameterValueException",
                    "Stratus takes function code as ZipFile or S3Bucket/S3Key; ImageUri is not supported");
        }
        try {
            return code.unpack(source.bytes(ctx, codeInput));
        } catch (CodeCache.InvalidPackageException e) {
            throw new AwsException("InvalidParameterValueException", e.getMessage());
        }
    }

    private static void checkLimits(int memory, int timeout) {
        if (memory < MIN_MEMORY_MB || memory > MAX_MEMORY_MB) {
            throw new AwsException("ValidationException", "1 validation error detected: Value '" + memory
                    + "' at 'memorySize' failed to satisfy constraint: Member must have value "
                    + (memory < MIN_MEMORY_MB ? "greater than or equal to " + MIN_MEMORY_MB
                    : "less than or equal to " + MAX_MEMORY_MB), 400);
        }
        if (timeout < 1 || timeout > MAX_TIMEOUT_SECONDS) {
            throw new AwsException("ValidationException", "1 validation error detected: Value '" + timeout
                    + "' at 'timeout' failed to satisfy constraint: Member must have value "
                    + (timeout < 1 ? "greater than or equal to 1" : "less than or equal to " + MAX_TIMEOUT_SECONDS),
                    400);
        }
    }

    private static Map<String, String> environment(ObjectNode in) {
        JsonNode vars = in.path("Environment").path("Variables");
        Map<String, String> env = new LinkedHashMap<>();
        vars.properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
        TreeSet<String> reserved = new TreeSet<>();
        for (String k : env.keySet()) {
            if (EnvironmentVariables.RESERVED.contains(k)) {
                reserved.add(k);
            }
        }
        if (!reserved.isEmpty()) {
            throw new AwsException("InvalidParameterValueException", "Lambda was unable to configure your environment "
                    + "variables because the environment variables you have provided contains reserved keys that are "
                    + "currently not supported for modification. Reserved keys used in this request: "
                    + String.join(", ", reserved));
        }
        String measured = vars.isMissingNode() ? "{}" : vars.toString();
        if (measured.getBytes(StandardCharsets.UTF_8).length > MAX_ENVIRONMENT_BYTES) {
            throw new AwsException("InvalidParameterValueException", "Lambda was unable to configure your environment "
                    + "variables because the environment variables you have provided exceeded the 4KB limit. String "
                    + "measured: " + measured);
        }
        return env;
    }

    private static void checkRevision(FunctionRecord f, ObjectNode in) {
        if (in.hasNonNull("RevisionId") && !in.get("RevisionId").asText().equals(f.revisionId())) {
            throw new AwsException("PreconditionFailedException", "The Revision Id provided does not match the "
                    + "latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
        }
    }

    private static String decodeMarker(String marker) {
        try {
            return new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return marker;
        }
    }

    private static String text(JsonNode in, String field) {
        return in.hasNonNull(field) ? in.get(field).asText() : null;
    }
}
