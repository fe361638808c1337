package dev.stratus.sns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.state.DocumentStore;
import dev.stratus.protocol.AwsException;
import dev.stratus.storage.Storage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Mobile push control plane: platform applications ({@code app/PLATFORM/NAME}) and endpoints
 * ({@code endpoint/PLATFORM/NAME/ID}), persisted per account and region. Nothing is pushed to devices.
 */
final class PlatformApplicationOperations {
    static final Set<String> PLATFORMS = Set.of("ADM", "APNS", "APNS_SANDBOX", "APNS_VOIP", "APNS_VOIP_SANDBOX",
            "BAIDU", "GCM", "MACOS", "MACOS_SANDBOX", "MPNS", "WNS");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,256}");

    private final DocumentStore<PlatformRecords.Application> applications;
    private final DocumentStore<PlatformRecords.Endpoint> endpoints;

    PlatformApplicationOperations(Storage storage) {
        this.applications = new DocumentStore<>(storage, "sns.applications", PlatformRecords.Application.class);
        this.endpoints = new DocumentStore<>(storage, "sns.endpoints", PlatformRecords.Endpoint.class);
    }

    /** Store key of an application or endpoint ARN: {@code account/region/<resource>}. */
    private static String key(String arn, String kind, String parameter) {
        SnsArn a = SnsArn.parse(arn);
        if (a == null || !a.service().equals("sns") || !a.resource().startsWith(kind + "/")) {
            throw Errors.invalidParameter(parameter);
        }
        return a.scope() + a.resource().substring(kind.length() + 1);
    }

    private PlatformRecords.Application application(String arn) {
        return applications.get(key(arn, "app", "PlatformApplicationArn"))
                .orElseThrow(() -> new AwsException("NotFound", "PlatformApplication does not exist"));
    }

    /** The endpoint of a Publish TargetArn, or NotFound. */
    PlatformRecords.Endpoint endpoint(String arn) {
        return endpoints.get(key(arn, "endpoint", "EndpointArn"))
                .orElseThrow(() -> new AwsException("NotFound", "Endpoint does not exist"));
    }

    JsonNode createPlatformApplication(RequestContext ctx, ObjectNode input) {
        String name = input.path("Name").asText();
        String platform = input.path("Platform").asText();
        if (!NAME.matcher(name).matches()) {
            throw Errors.invalidParameter("Invalid platform application name");
        }
        if (!PLATFORMS.contains(platform)) {
            throw Errors.invalidParameter("Platform", "Platform must be one of " + String.join(", ",
                    new java.util.TreeSet<>(PLATFORMS)));
        }
        String arn = ctx.arn("sns", "app/" + platform + "/" + name);
        Map<String, String> attributes = Trees.stringMap(input.get("Attributes"));
        // Credentials are write-only on AWS: they are accepted and never returned.
        attributes.remove("PlatformCredential");
        attributes.remove("PlatformPrincipal");
        applications.put(key(arn, "app", "Name"), new PlatformRecords.Application(arn, platform, name, attributes));
        return Trees.NODES.objectNode().put("PlatformApplicationArn", arn);
    }

    JsonNode getPlatformApplicationAttributes(RequestContext ctx, ObjectNode input) {
        PlatformRecords.Application app = application(Trees.text(input, "PlatformApplicationArn"));
        ObjectNode out = Trees.NODES.objectNode();
        out.set("Attributes", Trees.object(app.attributes()));
        return out;
    }

    JsonNode setPlatformApplicationAttributes(RequestContext ctx, ObjectNode input) {
        PlatformRecords.Application app = application(Trees.text(input, "PlatformApplicationArn"));
        Map<String, String> attributes = new LinkedHashMap<>(app.attributes());
        attributes.putAll(Trees.stringMap(input.get("Attributes")));
        attributes.remove("PlatformCredential");
        attributes.remove("PlatformPrincipal");
        applications.put(key(app.arn(), "app", "PlatformApplicationArn"),
                new PlatformRecords.Application(app.arn(), app.platform(), app.name(), attributes));
        return null;
    }

    JsonNode deletePlatformApplication(RequestContext ctx, ObjectNode input) {
        String k = key(Trees.text(input, "PlatformApplicationArn"), "app", "PlatformApplicationArn");
        for (String e : endpoints.keys(k + "/")) {
            endpoints.delete(e);
        }
        applications.delete(k);
        return null;
    }

    JsonNode listPlatformApplications(RequestContext ctx, ObjectNode input) {
        return Trees.page(applications.list(ctx.accountId() + "/" + ctx.region() + "/"),
                Trees.text(input, "NextToken"), TopicOperations.PAGE_SIZE, PlatformRecords.Application::arn,
                "PlatformApplications", a -> {
                    ObjectNode o = Trees.NODES.objectNode().put("PlatformApplicationArn", a.arn());
                    o.set("Attributes", Trees.object(a.attributes()));
                    return o;
                });
    }

    JsonNode createPlatformEndpoint(RequestContext ctx, ObjectNode input) {
        PlatformRecords.Application app = application(Trees.text(input, "PlatformApplicationArn"));
        String token = input.path("Token").asText();
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("Enabled", "true");
        attributes.putAll(Trees.stringMap(input.get("Attributes")));
        attributes.put("Token", token);
        String custom = Trees.text(input, "CustomUserData");
        if (custom != null) {
            attributes.put("CustomUserData", custom);
        }
        String prefix = key(app.arn(), "app", "PlatformApplicationArn") + "/";
        for (PlatformRecords.Endpoint e : endpoints.list(prefix)) {
            if (token.equals(e.attributes().get("Token"))) {
                if (!e.attributes().equals(new java.util.TreeMap<>(attributes))) {
                    throw Errors.invalidParameter("Token", "Endpoint " + e.arn()
                            + " already exists with the same Token, but different attributes.");
                }
                return Trees.NODES.objectNode().put("EndpointArn", e.arn());
            }
        }
        String arn = app.arn().replace(":app/", ":endpoint/") + "/" + UUID.randomUUID();
        endpoints.put(key(arn, "endpoint", "EndpointArn"), new PlatformRecords.Endpoint(arn, app.arn(), attributes));
        return Trees.NODES.objectNode().put("EndpointArn", arn);
    }

    JsonNode getEndpointAttributes(RequestContext ctx, ObjectNode input) {
        PlatformRecords.Endpoint e = endpoint(Trees.text(input, "EndpointArn"));
        ObjectNode out = Trees.NODES.objectNode();
        out.set("Attributes", Trees.object(e.attributes()));
        return out;
    }

    JsonNode setEndpointAttributes(RequestContext ctx, ObjectNode input) {
        PlatformRecords.Endpoint e = endpoint(Trees.text(input, "EndpointArn"));
        Map<String, String> attributes = new LinkedHashMap<>(e.attributes());
        attributes.putAll(Trees.stringMap(input.get("Attributes")));
        endpoints.put(key(e.arn(), "endpoint", "EndpointArn"),
                new PlatformRecords.Endpoint(e.arn(), e.applicationArn(), attributes));
        return null;
    }

    JsonNode deleteEndpoint(RequestContext ctx, ObjectNode input) {
        endpoints.delete(key(Trees.text(input, "EndpointArn"), "endpoint", "EndpointArn"));
        return null;
    }

    JsonNode listEndpointsByPlatformApplication(RequestContext ctx, ObjectNode input) {
        PlatformRecords.Application app = application(Trees.text(input, "PlatformApplicationArn"));
        return Trees.page(endpoints.list(key(app.arn(), "app", "PlatformApplicationArn") + "/"),
                Trees.text(input, "NextToken"), TopicOperations.PAGE_SIZE, PlatformRecords.Endpoint::arn,
                "Endpoints", e -> {
                    ObjectNode o = Trees.NODES.objectNode().put("EndpointArn", e.arn());
                    o.set("Attributes", Trees.object(e.attributes()));
                    return o;
                });
    }
}
