package dev.stratus.protocol.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.HttpResponse;
import dev.stratus.protocol.model.Member;
import dev.stratus.protocol.model.OperationModel;
import dev.stratus.protocol.model.ServiceModel;
import dev.stratus.protocol.model.Shape;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The restXml protocol (S3): operations chosen by method, URI and sub-resource, members bound to the URI, query
 * string and headers, XML bodies read with a hardened StAX parser and written as S3 writes them.
 *
 * <p>S3 errors are a bare {@code <Error><Code/><Message/>...<RequestId/><HostId/></Error>}; other restXml services
 * wrap theirs in {@code <ErrorResponse>}. S3 is also addressed virtual-host style: {@code bucket.s3.localhost}
 * and {@code bucket.localhost} put the bucket in the Host header instead of the path.
 */
public final class RestXmlCodec extends RestCodec {
    static final String S3 = "S3";
    private static final String MALFORMED_XML =
            "The XML you provided was not well-formed or did not validate against our published schema";

    @Override
    String routingPath(ServiceModel model, HttpRequest request) {
        if (!S3.equals(model.serviceId())) {
            return request.rawPath();
        }
        String bucket = virtualHostBucket(request.header("Host"));
        if (bucket == null) {
            return request.rawPath();
        }
        String path = request.rawPath();
        return "/" + bucket + (path.isEmpty() || "/".equals(path) ? "" : path.startsWith("/") ? path : "/" + path);
    }

    /**
     * The bucket a virtual-hosted S3 request names in its Host header ({@code photos.s3.localhost:4566},
     * {@code photos.s3.us-east-1.amazonaws.com}, {@code photos.localhost}), or null for path-style requests.
     */
    public static String virtualHostBucket(String host) {
        if (host == null || host.isEmpty() || host.startsWith("[")) {
            return null;
        }
        String h = host.toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        if (colon >= 0) {
            h = h.substring(0, colon);
        }
        int s3 = Math.max(h.lastIndexOf(".s3."), h.lastIndexOf(".s3-"));
        if (s3 > 0) {
            return h.substring(0, s3);
        }
        if (h.endsWith(".localhost")) {
            String bucket = h.substring(0, h.length() - ".localhost".length());
            return bucket.isEmpty() || "s3".equals(bucket) ? null : bucket;
        }
        return null;
    }

    @Override
    AwsException noOperation(ServiceModel model, HttpRequest request, String path, Map<String, List<String>> query) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        int slash = trimmed.indexOf('/');
        String type = trimmed.isEmpty() ? "SERVICE" : slash < 0 || slash == trimmed.length() - 1 ? "BUCKET" : "OBJECT";
        return new AwsException("MethodNotAllowed", "The specified method is not allowed against this resource.", 405)
                .with("Method", request.method()).with("ResourceType", type);
    }

    @Override
    AwsException malformedValue(ServiceModel model, String parameter, String value, Shape expected) {
        String message = switch (expected.type()) {
            case "integer", "long" -> "Provided " + parameter + " not an integer or within integer range";
            default -> "Invalid value for " + parameter;
        };
        return new AwsException("InvalidArgument", message, 400)
                .with("ArgumentName", parameter).with("ArgumentValue", value);
    }

    @Override
    AwsException malformedBody(ServiceModel model, String detail) {
        return new AwsException("IncompleteBody", "The request body terminated unexpectedly: " + detail, 400);
    }

    @Override
    ObjectNode readBody(ServiceModel model, Shape shape, byte[] body) {
        try {
            return XmlValues.readDocument(shape, body);
        } catch (XmlValues.MalformedXml e) {
            throw new AwsException("MalformedXML", MALFORMED_XML, 400);
        }
    }

    @Override
    byte[] writeBody(OperationModel operation, Shape output, JsonNode value) {
        String root = output.locationName() != null ? output.locationName() : operation.name() + "Result";
        String ns = output.xmlNamespaceUri() != null ? output.xmlNamespaceUri() : operation.service().xmlNamespace();
        XmlWriter w = new XmlWriter().declaration();
        Member only = onlyBodyMember(output);
        if (only != null && only.wireName().equals(root) && !only.shape().isStructure()
                && !"list".equals(only.shape().type()) && !"map".equals(only.shape().type())) {
            // GetBucketLocation: <LocationConstraint xmlns="...">eu-west-1</LocationConstraint>, no wrapper.
            JsonNode v = value.get(only.name());
            w.openNs(root, ns);
            if (v != null && !v.isNull()) {
                w.text(XmlWriter.scalar(only, v));
            }
            w.close(root);
        } else {
            w.structure(root, ns, null, output, value);
        }
        return w.toBytes();
    }

    @Override
    byte[] writePayload(OperationModel operation, Member payload, JsonNode value) {
        Shape s = payload.shape();
        String ns = payload.xmlNamespaceUri() != null ? payload.xmlNamespaceUri()
                : s.xmlNamespaceUri() != null ? s.xmlNamespaceUri() : operation.service().xmlNamespace();
        return new XmlWriter().declaration().structure(payload.wireName(), ns, null, s, value)
                .toBytes();
    }

    private static Member onlyBodyMember(Shape shape) {
        Member only = null;
        for (Member m : shape.members().values()) {
            if (m.location() == null) {
                if (only != null) {
                    return null;
                }
                only = m;
            }
        }
        return only;
    }

    @Override
    String contentType() {
        return "application/xml";
    }

    @Override
    void commonHeaders(ServiceModel model, HttpRequest.Headers headers, String requestId) {
        if (S3.equals(model.serviceId())) {
            headers.set("x-amz-request-id", requestId);
            headers.set("x-amz-id-2", hostId(requestId));
        }
    }

    /** S3's second request id; ours is derived from the first so the two always agree. */
    public static String hostId(String requestId) {
        return Base64.getEncoder().encodeToString(("stratus/" + requestId).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public HttpResponse encodeError(ServiceModel model, OperationModel operation, AwsException error, String requestId) {
        int status = ProtocolCodec.statusOf(model, error);
        String code = ProtocolCodec.shapeCode(model, error);
        HttpRequest.Headers headers = new HttpRequest.Headers();
        XmlWriter w = new XmlWriter().declaration();
        boolean s3 = model == null || S3.equals(model.serviceId());
        if (s3) {
            if (model != null) {
                commonHeaders(model, headers, requestId);
            }
            w.open("Error").element("Code", code).element("Message", error.getMessage());
            error.fields().forEach((k, v) -> w.element(k, String.valueOf(v)));
            w.element("RequestId", requestId).element("HostId", hostId(requestId)).close("Error");
        } else {
            w.openNs("ErrorResponse", model.xmlNamespace()).open("Error")
                    .element("Type", error.senderFault() && status < 500 ? "Sender" : "Receiver")
                    .element("Code", code).element("Message", error.getMessage());
            error.fields().forEach((k, v) -> w.element(k, String.valueOf(v)));
            w.close("Error").element("RequestId", requestId).close("ErrorResponse");
        }
        // HEAD answers and 304 Not Modified carry no body, errors included.
        boolean head = operation != null && "HEAD".equalsIgnoreCase(operation.httpMethod()) || status == 304;
        if (!head) {
            headers.set("Content-Type", "application/xml");
        }
        return new HttpResponse(status, headers, head ? new byte[0] : w.toBytes());
    }
}
