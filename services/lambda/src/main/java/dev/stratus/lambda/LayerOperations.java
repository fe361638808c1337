package dev.stratus.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.lambda.runtime.CodeCache;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.AwsException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Lambda layers: publish, read, list and delete layer versions. */
final class LayerOperations {
    static final int DEFAULT_MAX_ITEMS = 50;

    private final LayerStore store;
    private final CodeCache code;
    private final PackageSource source;
    private final CodeLocations locations;
    private final Clock clock;

    LayerOperations(LayerStore store, CodeCache code, PackageSource source, CodeLocations locations, Clock clock) {
        this.store = store;
        this.code = code;
        this.source = source;
        this.locations = locations;
        this.clock = clock;
    }

    JsonNode publishLayerVersion(RequestContext ctx, ObjectNode in) {
        String name = layerName(in);
        byte[] zip = source.bytes(ctx, in.path("Content"));
        CodeCache.Code unpacked;
        try {
            unpacked = code.unpack(zip);
        } catch (CodeCache.InvalidPackageException e) {
            throw new AwsException("InvalidParameterValueException", e.getMessage());
        }
        long version = store.nextVersion(ctx.accountId(), ctx.region(), name);
        LayerVersionRecord v = new LayerVersionRecord(ctx.accountId(), ctx.region(), name, version,
                in.path("Description").asText(""), strings(in.path("CompatibleRuntimes")),
                strings(in.path("CompatibleArchitectures")),
                in.hasNonNull("LicenseInfo") ? in.get("LicenseInfo").asText() : null, unpacked.sha256(),
                unpacked.size(), FunctionConfigurations.lastModified(clock.instant()));
        store.put(v);
        return render(ctx, v);
    }

    JsonNode getLayerVersion(RequestContext ctx, ObjectNode in) {
        return render(ctx, find(ctx.accountId(), ctx.region(), layerName(in), in.path("VersionNumber").asLong()));
    }

    JsonNode getLayerVersionByArn(RequestContext ctx, ObjectNode in) {
        LayerArns.VersionArn arn = LayerArns.parse(in.path("Arn").asText())
                .orElseThrow(() -> new AwsException("InvalidParameterValueException", "Invalid Layer Version Arn"));
        return render(ctx, find(arn.accountId(), arn.region(), arn.layerName(), arn.version()));
    }

    JsonNode listLayers(RequestContext ctx, ObjectNode in) {
        Map<String, LayerVersionRecord> latest = new TreeMap<>();
        for (LayerVersionRecord v : store.all(ctx.accountId(), ctx.region())) {
            if (matches(v, in)) {
                latest.merge(v.layerName(), v, (a, b) -> a.version() >= b.version() ? a : b);
            }
        }
        int max = in.path("MaxItems").asInt(DEFAULT_MAX_ITEMS);
        String marker = in.hasNonNull("Marker") ? decode(in.get("Marker").asText()) : null;
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode layers = out.putArray("Layers");
        for (LayerVersionRecord v : latest.values()) {
            if (marker != null && v.layerName().compareTo(marker) < 0) {
                continue;
            }
            if (layers.size() == max) {
                out.put("NextMarker", encode(v.layerName()));
                break;
            }
            ObjectNode item = layers.addObject();
            item.put("LayerName", v.layerName());
            item.put("LayerArn", v.layerArn());
            item.set("LatestMatchingVersion", listItem(v));
        }
        return out;
    }

    JsonNode listLayerVersions(RequestContext ctx, ObjectNode in) {
        List<LayerVersionRecord> versions = new ArrayList<>(store.versions(ctx.accountId(), ctx.region(),
                layerName(in)));
        versions.sort((a, b) -> Long.compare(b.version(), a.version())); // newest first, as AWS lists them
        int max = in.path("MaxItems").asInt(DEFAULT_MAX_ITEMS);
        Long marker = null;
        if (in.hasNonNull("Marker")) {
            try {
                marker = Long.parseLong(decode(in.get("Marker").asText()));
            } catch (NumberFormatException e) {
                throw new AwsException("InvalidParameterValueException", "Invalid marker: "
                        + in.get("Marker").asText());
            }
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode items = out.putArray("LayerVersions");
        for (LayerVersionRecord v : versions) {
            if ((marker != null && v.version() > marker) || !matches(v, in)) {
                continue;
            }
            if (items.size() == max) {
                out.put("NextMarker", encode(Long.toString(v.version())));
                break;
            }
            items.add(listItem(v));
        }
        return out;
    }

    JsonNode deleteLayerVersion(RequestContext ctx, ObjectNode in) {
        // Idempotent on AWS: deleting a missing version succeeds. The archive stays in the content-addressed cache,
        // since functions that use the version keep running it (as they do on AWS).
        store.get(ctx.accountId(), ctx.region(), layerName(in), in.path("VersionNumber").asLong())
                .ifPresent(store::delete);
        return null;
    }

    /** A layer version, or AWS's not-found error. */
    LayerVersionRecord find(String account, String region, String layerName, long version) {
        return store.get(account, region, layerName, version)
                .orElseThrow(() -> new AwsException("ResourceNotFoundException",
                        "The resource you requested does not exist."));
    }

    private static boolean matches(LayerVersionRecord v, ObjectNode in) {
        if (in.hasNonNull("CompatibleRuntime")
                && !v.compatibleRuntimes().contains(in.get("CompatibleRuntime").asText())) {
            return false;
        }
        return !in.hasNonNull("CompatibleArchitecture")
                || v.compatibleArchitectures().contains(in.get("CompatibleArchitecture").asText());
    }

    private ObjectNode render(RequestContext ctx, LayerVersionRecord v) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.putObject("Content").put("Location", locations.url(ctx, v.codeSha256()))
                .put("CodeSha256", v.codeSha256()).put("CodeSize", v.codeSize());
        n.put("LayerArn", v.layerArn());
        n.put("LayerVersionArn", v.layerVersionArn());
        n.put("Description", v.description());
        n.put("CreatedDate", v.createdDate());
        n.put("Version", v.version());
        describe(v, n);
        return n;
    }

    private static ObjectNode listItem(LayerVersionRecord v) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("LayerVersionArn", v.layerVersionArn());
        n.put("Version", v.version());
        n.put("Description", v.description());
        n.put("CreatedDate", v.createdDate());
        describe(v, n);
        return n;
    }

    private static void describe(LayerVersionRecord v, ObjectNode n) {
        if (!v.compatibleRuntimes().isEmpty()) {
            v.compatibleRuntimes().forEach(n.putArray("CompatibleRuntimes")::add);
        }
        if (v.licenseInfo() != null) {
            n.put("LicenseInfo", v.licenseInfo());
        }
        if (!v.compatibleArchitectures().isEmpty()) {
            v.compatibleArchitectures().forEach(n.putArray("CompatibleArchitectures")::add);
        }
    }

    /** {@code LayerName} is a name or a layer ARN. */
    static String layerName(ObjectNode in) {
        String name = in.path("LayerName").asText();
        int at = name.indexOf(":layer:");
        return name.startsWith("arn:") && at > 0 ? name.substring(at + ":layer:".length()) : name;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(s -> out.add(s.asText()));
        return out;
    }

    private static String encode(String marker) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(marker.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String marker) {
        try {
            return new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return marker;
        }
    }
}
