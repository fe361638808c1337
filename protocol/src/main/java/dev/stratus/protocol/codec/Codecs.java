package dev.stratus.protocol.codec;

import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.model.ServiceModel;

/** Picks the codec for a service model's protocol (and, for services that speak two, for the request). */
public final class Codecs {
    private static final AwsJsonCodec JSON = new AwsJsonCodec();
    private static final QueryCodec QUERY = new QueryCodec();
    private static final RestJsonCodec REST_JSON = new RestJsonCodec();
    private static final RestXmlCodec REST_XML = new RestXmlCodec();
    private static final RpcV2CborCodec CBOR = new RpcV2CborCodec();

    private Codecs() {
    }

    /** The codec that decodes this request for this service. */
    public static ProtocolCodec forRequest(ServiceModel model, HttpRequest request) {
        if (model.supportsProtocol("smithy-rpc-v2-cbor") && RpcV2CborCodec.isCbor(request)) {
            return CBOR;
        }
        if (model.supportsProtocol("json") && request.header("X-Amz-Target") != null) {
            return JSON;
        }
        if (model.supportsProtocol("query") && !model.protocol().startsWith("rest")) {
            return QUERY;
        }
        return forProtocol(model.protocol());
    }

    public static ProtocolCodec forProtocol(String protocol) {
        return switch (protocol) {
            case "json" -> JSON;
            case "query" -> QUERY;
            case "rest-json" -> REST_JSON;
            case "rest-xml" -> REST_XML;
            case "smithy-rpc-v2-cbor" -> CBOR;
            default -> throw new IllegalArgumentException("protocol not supported yet: " + protocol);
        };
    }
}
