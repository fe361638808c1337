package dev.stratus.protocol.codec;

import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.model.ServiceModel;

/** Picks the codec for a service model's protocol (and, for services that speak two, for the request). */
public final class Codecs {
    private static final AwsJsonCodec JSON = new AwsJsonCodec();
    private static final QueryCodec QUERY = new QueryCodec();
    private static final RestJsonCodec REST_JSON = new RestJsonCodec();
    private static final RestXmlCodec REST_XML = new RestXmlCodec();

    private Codecs() {
    }

    /** The codec that decodes this request for this service. */
    public static ProtocolCodec forRequest(ServiceModel model, HttpRequest request) {
        if (model.supportsProtocol("json") && model.supportsProtocol("query")) {
            return request.header("X-Amz-Target") != null ? JSON : QUERY;
        }
        return forProtocol(model.protocol());
    }

    public static ProtocolCodec forProtocol(String protocol) {
        return switch (protocol) {
            case "json" -> JSON;
            case "query" -> QUERY;
            case "rest-json" -> REST_JSON;
            case "rest-xml" -> REST_XML;
            default -> throw new IllegalArgumentException("protocol not supported yet: " + protocol);
        };
    }
}
