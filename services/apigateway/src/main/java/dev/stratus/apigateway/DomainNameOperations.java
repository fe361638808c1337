package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.apigateway.DomainStore.DomainState;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.codec.Timestamps;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Custom domain names and their base path mappings to REST API stages. */
final class DomainNameOperations {
    static final String NO_BASE_PATH = "(none)";

    private final DomainStore domains;
    private final ApiStore apis;
    private final Clock clock;

    DomainNameOperations(DomainStore domains, ApiStore apis, Clock clock) {
        this.domains = domains;
        this.apis = apis;
        this.clock = clock;
    }

    JsonNode createDomainName(RequestContext ctx, ObjectNode in) {
        String name = DomainStore.normalise(in.path("domainName").asText());
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        d.put("domainName", name);
        d.put("domainNameArn", "arn:aws:apigateway:" + ctx.region() + "::/domainnames/" + name);
        RestApiOperations.copy(in, d, "certificateName", "certificateArn", "regionalCertificateName",
                "regionalCertificateArn", "tags", "ownershipVerificationCertificateArn");
        ObjectNode endpoint = in.has("endpointConfiguration") ? in.get("endpointConfiguration").deepCopy()
                : JsonNodeFactory.instance.objectNode();
        if (endpoint.path("types").isEmpty()) {
            endpoint.putArray("types").add("EDGE");
        }
        d.set("endpointConfiguration", endpoint);
        String suffix = Ids.random(10);
        if (endpoint.toString().contains("REGIONAL")) {
            d.put("regionalDomainName", "d-" + suffix + ".execute-api." + ctx.region() + ".amazonaws.com");
            d.put("regionalHostedZoneId", "Z1UJRXOUMOOFQ8");
        } else {
            d.put("distributionDomainName", "d" + suffix + ".cloudfront.net");
            d.put("distributionHostedZoneId", "Z2FDTNDATAQYW2");
            d.set("certificateUploadDate", Timestamps.node(clock.instant()));
        }
        d.put("domainNameStatus", "AVAILABLE");
        d.put("securityPolicy", in.path("securityPolicy").asText("TLS_1_2"));
        domains.create(new DomainState(ctx.accountId(), ctx.region(), d, null));
        return d;
    }

    JsonNode getDomainName(RequestContext ctx, ObjectNode in) {
        return domains.get(ctx, in.path("domainName").asText()).domain();
    }

    JsonNode getDomainNames(RequestContext ctx, ObjectNode in) {
        List<ObjectNode> all = domains.list(ctx).stream().map(DomainState::domain)
                .sorted(Comparator.comparing(d -> d.path("domainName").asText())).toList();
        return Pages.page(all, in);
    }

    JsonNode deleteDomainName(RequestContext ctx, ObjectNode in) {
        domains.delete(ctx, in.path("domainName").asText());
        return null;
    }

    JsonNode createBasePathMapping(RequestContext ctx, ObjectNode in) {
        String basePath = basePath(in.path("basePath").asText(""));
        String apiId = in.path("restApiId").asText();
        String stage = in.path("stage").asText(null);
        checkTarget(ctx, apiId, stage);
        return domains.update(ctx, in.path("domainName").asText(), d -> {
            if (d.mappings().containsKey(basePath)) {
                throw ApiErrors.conflict("Base path already exists for this domain name");
            }
            ObjectNode m = JsonNodeFactory.instance.objectNode();
            m.put("basePath", basePath);
            m.put("restApiId", apiId);
            if (stage != null && !stage.equals(NO_BASE_PATH)) {
                m.put("stage", stage);
            }
            d.mappings().put(basePath, m);
            return m.deepCopy();
        });
    }

    JsonNode getBasePathMapping(RequestContext ctx, ObjectNode in) {
        return mapping(domains.get(ctx, in.path("domainName").asText()), in.path("basePath").asText());
    }

    JsonNode getBasePathMappings(RequestContext ctx, ObjectNode in) {
        DomainState d = domains.get(ctx, in.path("domainName").asText());
        return Pages.page(List.copyOf(d.mappings().values()), in);
    }

    JsonNode updateBasePathMapping(RequestContext ctx, ObjectNode in) {
        return domains.update(ctx, in.path("domainName").asText(), d -> {
            ObjectNode m = mapping(d, in.path("basePath").asText()).deepCopy();
            for (JsonNode patch : in.path("patchOperations")) {
                String path = patch.path("path").asText();
                String value = patch.path("value").asText("");
                switch (path) {
                    case "/basePath" -> m.put("basePath", basePath(value));
                    case "/restapiId", "/restApiId" -> m.put("restApiId", value);
                    case "/stage" -> {
                        if (value.isEmpty() || value.equals(NO_BASE_PATH)) {
                            m.remove("stage");
                        } else {
                            m.put("stage", value);
                        }
                    }
                    default -> throw ApiErrors.badRequest("Invalid patch path " + path + " specified for op "
                            + patch.path("op").asText() + ". Must be one of: [/basePath, /restapiId, /stage]");
                }
            }
            checkTarget(ctx, m.path("restApiId").asText(), m.path("stage").asText(null));
            String old = basePath(in.path("basePath").asText());
            String now = m.path("basePath").asText();
            if (!now.equals(old) && d.mappings().containsKey(now)) {
                throw ApiErrors.conflict("Base path already exists for this domain name");
            }
            d.mappings().remove(old);
            d.mappings().put(now, m);
            return m.deepCopy();
        });
    }

    JsonNode deleteBasePathMapping(RequestContext ctx, ObjectNode in) {
        return domains.update(ctx, in.path("domainName").asText(), d -> {
            mapping(d, in.path("basePath").asText());
            d.mappings().remove(basePath(in.path("basePath").asText()));
            return null;
        });
    }

    private void checkTarget(RequestContext ctx, String apiId, String stage) {
        RestApiState api = apis.get(ctx, apiId);
        if (stage != null && !stage.equals(NO_BASE_PATH) && !api.stages().containsKey(stage)) {
            throw ApiErrors.badRequest("Invalid stage identifier specified");
        }
    }

    private static ObjectNode mapping(DomainState d, String basePath) {
        ObjectNode m = d.mappings().get(basePath(basePath));
        if (m == null) {
            throw ApiErrors.notFound("Invalid base path mapping identifier specified");
        }
        return m;
    }

    /** "" and "(none)" both mean the domain's root; other base paths are kept without surrounding slashes. */
    static String basePath(String raw) {
        String p = raw.strip();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() || p.toLowerCase(Locale.ROOT).equals(NO_BASE_PATH) ? NO_BASE_PATH : p;
    }
}
