package dev.stratus.protocol.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.HttpResponse;
import dev.stratus.protocol.model.Member;
import dev.stratus.protocol.model.OperationModel;
import dev.stratus.protocol.model.ServiceModel;
import dev.stratus.protocol.model.Shape;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The query protocol (STS, IAM, SNS, SQS's older wire): form-encoded {@code Action=...&Version=...} parameters in,
 * {@code <ActionResponse><ActionResult>} XML out, {@code <ErrorResponse>} errors.
 */
public final class QueryCodec implements ProtocolCodec {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** A list index beyond this is refused: {@code Tags.member.999999999} must not allocate. */
    static final int MAX_LIST_INDEX = 10_000;
    private static final String FORM_TYPE = "application/x-www-form-urlencoded";

    /** The request parameters: the form body (POST) merged after the query string. */
    public static Map<String, List<String>> params(HttpRequest request) {
        Map<String, List<String>> params = request.queryParams();
        String form = formBody(request);
        if (form != null) {
            HttpRequest.forEachFormPair(form,
                    (k, v) -> params.computeIfAbsent(k, x -> new java.util.ArrayList<>(1)).add(v));
        }
        return params;
    }

    /** The first value of one request parameter (the query string's, else the form body's), or null. */
    public static String param(HttpRequest request, String name) {
        String v = HttpRequest.formValue(request.rawQuery(), name);
        if (v != null) {
            return v;
        }
        String form = formBody(request);
        return form == null ? null : HttpRequest.formValue(form, name);
    }

    /** The body as form text when it is one (form content type, or none), else null. */
    private static String formBody(HttpRequest request) {
        if (request.body().length == 0) {
            return null;
        }
        String ct = request.header("Content-Type");
        return ct == null || ct.regionMatches(true, 0, FORM_TYPE, 0, FORM_TYPE.length())
                ? new String(request.body(), StandardCharsets.UTF_8) : null;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The operation comes from the model's query variant ({@link ServiceModel#forProtocol}), so decoding and
     * encoding it use the query wire names even for services whose main protocol is JSON (SQS).
     */
    @Override
    public OperationModel resolve(ServiceModel jsonOrQueryModel, HttpRequest request) {
        ServiceModel model = jsonOrQueryModel.forProtocol("query");
        String action = param(request, "Action");
        if (action == null || action.isEmpty()) {
            throw new AwsException("MissingAction", "Missing Action", 400);
        }
        OperationModel op = model.operation(action);
        if (op == null) {
            throw new AwsException("InvalidAction", "Could not find operation " + action
                    + " for version " + model.apiVersion(), 400);
        }
        return op;
    }

    /** The operation as the query variant of its model describes it (a no-op for query-only services). */
    private static OperationModel queryVariant(OperationModel operation) {
        ServiceModel variant = operation.service().forProtocol("query");
        return variant == operation.service() ? operation : variant.operation(operation.name());
    }

    @Override
    public ObjectNode decode(OperationModel jsonOrQueryOperation, HttpRequest request) {
        OperationModel operation = queryVariant(jsonOrQueryOperation);
        Shape input = operation.input();
        if (input == null) {
            return F.objectNode();
        }
        // Each parameter's first value, the query string's before the body's.
        NavigableMap<String, String> flat = new TreeMap<>();
        HttpRequest.forEachFormPair(request.rawQuery(), flat::putIfAbsent);
        HttpRequest.forEachFormPair(formBody(request), flat::putIfAbsent);
        ObjectNode out = F.objectNode();
        readMembers(input, "", flat, out, 0);
        return out;
    }

    private void readMembers(Shape shape, String prefix, NavigableMap<String, String> flat, ObjectNode out,
                             int depth) {
        for (Member m : shape.members().values()) {
            String key = prefix + (m.queryName() != null ? m.queryName() : m.wireName());
            JsonNode v = read(m, key, flat, depth + 1);
            if (v != null) {
                out.set(m.name(), v);
            }
        }
    }

    private JsonNode read(Member m, String key, NavigableMap<String, String> flat, int depth) {
        if (depth > JsonValues.MAX_DEPTH) {
            return null; // a parameter nested this deep names nothing a real model has; ignore it like any unknown
        }
        Shape s = m.shape();
        switch (s.type()) {
            case "structure" -> {
                if (!hasPrefix(flat, key + ".")) {
                    return null;
                }
                ObjectNode o = F.objectNode();
                readMembers(s, key + ".", flat, o, depth);
                return o;
            }
            case "list" -> {
                Member item = s.listMember();
                String base;
                if (m.flattened()) {
                    base = item.locationName() != null
                            ? (key.contains(".") ? key.substring(0, key.lastIndexOf('.') + 1) : "") + item.locationName()
                            : key;
                } else {
                    base = key + "." + (item.locationName() != null ? item.locationName() : "member");
                }
                if ("".equals(flat.get(key)) && !hasPrefix(flat, base + ".")) {
                    return F.arrayNode();
                }
                TreeSet<Integer> idx = indices(flat, base + ".");
                if (idx.isEmpty()) {
                    return null;
                }
                ArrayNode arr = F.arrayNode();
                for (int i : idx) {
                    JsonNode v = read(item, base + "." + i, flat, depth + 1);
                    if (v != null) {
                        arr.add(v);
                    }
                }
                return arr;
            }
            case "map" -> {
                String base = m.flattened() ? key : key + ".entry";
                String kName = s.mapKey().locationName() != null ? s.mapKey().locationName() : "key";
                String vName = s.mapValue().locationName() != null ? s.mapValue().locationName() : "value";
                TreeSet<Integer> idx = indices(flat, base + ".");
                if (idx.isEmpty()) {
                    return null;
                }
                ObjectNode o = F.objectNode();
                for (int i : idx) {
                    String k = flat.get(base + "." + i + "." + kName);
                    JsonNode v = read(s.mapValue(), base + "." + i + "." + vName, flat, depth + 1);
                    if (k != null && v != null) {
                        o.set(k, v);
                    }
                }
                return o;
            }
            default -> {
                String raw = flat.get(key);
                if (raw == null) {
                    return null;
                }
                JsonNode v = JsonValues.scalarFromString(s, raw);
                if (v == null) {
                    throw new AwsException("MalformedInput", "Value '" + raw + "' for parameter " + key
                            + " is invalid. Expected " + article(s.type()) + " " + s.type() + ".", 400);
                }
                return v;
            }
        }
    }

    private static String article(String type) {
        return "aeiou".indexOf(type.charAt(0)) >= 0 ? "an" : "a";
    }

    private static boolean hasPrefix(NavigableMap<String, String> flat, String prefix) {
        String k = flat.ceilingKey(prefix);
        return k != null && k.startsWith(prefix);
    }

    private static TreeSet<Integer> indices(NavigableMap<String, String> flat, String prefix) {
        TreeSet<Integer> out = new TreeSet<>();
        for (String k : flat.tailMap(prefix, true).keySet()) {
            if (!k.startsWith(prefix)) {
                break;
            }
            String rest = k.substring(prefix.length());
            int end = rest.indexOf('.');
            String num = end < 0 ? rest : rest.substring(0, end);
            try {
                int i = Integer.parseInt(num);
                if (i >= 1 && i <= MAX_LIST_INDEX) {
                    out.add(i);
                }
            } catch (NumberFormatException e) {
                // not an index: ignore, as AWS ignores unknown parameters
            }
        }
        return out;
    }

    @Override
    public HttpResponse encode(OperationModel jsonOrQueryOperation, JsonNode output, String requestId) {
        OperationModel operation = queryVariant(jsonOrQueryOperation);
        ServiceModel model = operation.service();
        XmlWriter w = new XmlWriter().openNs(operation.name() + "Response", model.xmlNamespace());
        Shape out = operation.output();
        if (out != null) {
            String wrapper = operation.resultWrapper() != null ? operation.resultWrapper() : operation.name() + "Result";
            w.open(wrapper);
            if (output != null) {
                w.members(out, output);
            }
            w.close(wrapper);
        }
        w.open("ResponseMetadata").element("RequestId", requestId).close("ResponseMetadata");
        w.close(operation.name() + "Response");
        return HttpResponse.of(200, "text/xml", w.toBytes());
    }

    @Override
    public HttpResponse encodeError(ServiceModel model, OperationModel operation, AwsException error, String requestId) {
        int status = ProtocolCodec.statusOf(model, error);
        XmlWriter w = new XmlWriter().openNs("ErrorResponse", model == null ? null : model.xmlNamespace())
                .open("Error")
                .element("Type", error.senderFault() && status < 500 ? "Sender" : "Receiver")
                .element("Code", ProtocolCodec.wireCode(model, error))
                .element("Message", error.getMessage());
        error.fields().forEach((k, v) -> w.element(k, String.valueOf(v)));
        w.close("Error").element("RequestId", requestId).close("ErrorResponse");
        return HttpResponse.of(status, "text/xml", w.toBytes());
    }
}
