package dev.stratus.protocol.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;

/**
 * A published AWS service model (botocore's {@code service-2.json}), the single source of truth for the wire.
 *
 * <p>Models live as resources under {@code models/<name>/service-2.json.gz}.
 */
public final class ServiceModel {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, ServiceModel> CACHE = new ConcurrentHashMap<>();

    private final String name;
    private final JsonNode metadata;
    private final Map<String, OperationModel> operations = new LinkedHashMap<>();
    private final Map<String, Shape> shapes = new LinkedHashMap<>();
    private final Map<String, Shape> errorsByCode = new LinkedHashMap<>();
    /** The model as loaded, kept so protocol variants can be derived from it. */
    private final ObjectNode root;
    private final Map<String, ServiceModel> variants = new ConcurrentHashMap<>();

    private ServiceModel(String name, JsonNode root) {
        this.name = name;
        this.root = root instanceof ObjectNode o ? o : null;
        this.metadata = root.path("metadata");
        root.path("shapes").fields().forEachRemaining(e -> shapes.put(e.getKey(), new Shape(this, e.getKey(), e.getValue())));
        root.path("operations").fields().forEachRemaining(e ->
                operations.put(e.getKey(), new OperationModel(this, e.getKey(), e.getValue())));
        // A shape's own name wins over another shape's query code (CloudWatch's DashboardNotFoundError has the
        // code ResourceNotFound, which is also the name of the ResourceNotFound shape).
        for (Shape s : shapes.values()) {
            if (s.isException() || s.json().has("error")) {
                errorsByCode.putIfAbsent(s.name(), s);
            }
        }
        for (Shape s : shapes.values()) {
            if (s.isException() || s.json().has("error")) {
                errorsByCode.putIfAbsent(s.errorCode(), s);
            }
        }
    }

    /**
     * Loads (once) the model stored under {@code models/<name>/}, with {@code stratus-patch.json} merged over it when
     * present (botocore-format fragments that restore wire facts botocore has dropped, e.g. SQS's query names).
     */
    public static ServiceModel load(String name) {
        return CACHE.computeIfAbsent(name, n -> {
            String path = "/models/" + n + "/service-2.json.gz";
            try (InputStream in = ServiceModel.class.getResourceAsStream(path)) {
                if (in == null) {
                    throw new IllegalArgumentException("no service model at " + path);
                }
                JsonNode root = MAPPER.readTree(new GZIPInputStream(in));
                try (InputStream patch = ServiceModel.class.getResourceAsStream("/models/" + n + "/stratus-patch.json")) {
                    if (patch != null) {
                        merge((ObjectNode) root, (ObjectNode) MAPPER.readTree(patch));
                    }
                }
                return new ServiceModel(n, root);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read service model " + path, e);
            }
        });
    }

    /** Deep-merges {@code patch} into {@code target}: objects merge member by member, anything else replaces. */
    static void merge(ObjectNode target, ObjectNode patch) {
        patch.fields().forEachRemaining(e -> {
            JsonNode existing = target.get(e.getKey());
            if (e.getKey().startsWith("_")) {
                return; // _comment and friends document the patch, they are not model data
            }
            if (existing instanceof ObjectNode eo && e.getValue() instanceof ObjectNode po) {
                merge(eo, po);
            } else {
                target.set(e.getKey(), e.getValue());
            }
        });
    }

    /**
     * This model as one of its protocols sees it: with {@code stratus-patch-<protocol>.json} merged over it when
     * present (SQS's query wire names, which its JSON protocol must not see), else this model itself.
     */
    public ServiceModel forProtocol(String protocol) {
        return variants.computeIfAbsent(protocol, p -> {
            String path = "/models/" + name + "/stratus-patch-" + p + ".json";
            try (InputStream patch = ServiceModel.class.getResourceAsStream(path)) {
                if (patch == null || root == null) {
                    return this;
                }
                ObjectNode copy = root.deepCopy();
                merge(copy, (ObjectNode) MAPPER.readTree(patch));
                return new ServiceModel(name, copy);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read model patch " + path, e);
            }
        });
    }

    /** Builds a model from JSON already in memory (tests). */
    public static ServiceModel fromJson(String name, JsonNode root) {
        return new ServiceModel(name, root);
    }

    /** The directory name under models/, e.g. {@code logs}. */
    public String name() {
        return name;
    }

    /** awsJson1_0 → "json" with jsonVersion 1.0, etc. One of json, query, rest-json, rest-xml, ec2. */
    public String protocol() {
        return metadata.path("protocol").asText();
    }

    public boolean supportsProtocol(String protocol) {
        if (protocol.equals(protocol())) {
            return true;
        }
        for (JsonNode p : metadata.path("protocols")) {
            if (p.asText().equals(protocol)) {
                return true;
            }
        }
        return false;
    }

    public String jsonVersion() {
        return metadata.path("jsonVersion").asText("1.0");
    }

    public String targetPrefix() {
        return metadata.path("targetPrefix").asText(null);
    }

    public String signingName() {
        return metadata.path("signingName").asText(endpointPrefix());
    }

    public String endpointPrefix() {
        return metadata.path("endpointPrefix").asText(name);
    }

    public String serviceId() {
        return metadata.path("serviceId").asText(name);
    }

    public String apiVersion() {
        return metadata.path("apiVersion").asText();
    }

    public String xmlNamespace() {
        return metadata.path("xmlNamespace").asText(null);
    }

    /** True for JSON services that still answer their former query protocol's error codes (SQS, CloudWatch). */
    public boolean awsQueryCompatible() {
        return metadata.has("awsQueryCompatible");
    }

    public Map<String, OperationModel> operations() {
        return Collections.unmodifiableMap(operations);
    }

    public OperationModel operation(String opName) {
        return operations.get(opName);
    }

    public Map<String, Shape> shapes() {
        return Collections.unmodifiableMap(shapes);
    }

    public Shape shape(String shapeName) {
        Shape s = shapes.get(shapeName);
        if (s == null) {
            throw new IllegalArgumentException(name + " has no shape " + shapeName);
        }
        return s;
    }

    /** The error shape whose wire code or name is {@code code}, or null. */
    public Shape errorShape(String code) {
        return errorsByCode.get(code);
    }

    public JsonNode metadata() {
        return metadata;
    }
}
