package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.HttpRequest;
import java.time.Instant;

/**
 * One invocation of a deployed API.
 *
 * @param path the resource path requested, decoded, without the stage (always starts with '/')
 * @param domainName the host the client called, without its port
 * @param caller who the authorization step found the caller to be (never null; empty before it ran)
 */
record ApiRequest(String apiId, String stage, String path, String domainName, HttpRequest http, String requestId,
                  String extendedRequestId, Instant receivedAt, Caller caller) {

    ApiRequest(String apiId, String stage, String path, String domainName, HttpRequest http, String requestId,
               String extendedRequestId, Instant receivedAt) {
        this(apiId, stage, path, domainName, http, requestId, extendedRequestId, receivedAt, Caller.NONE);
    }

    /** The same invocation with another HTTP request (e.g. a mapped body for a non-proxy integration). */
    ApiRequest withHttp(HttpRequest h) {
        return new ApiRequest(apiId, stage, path, domainName, h, requestId, extendedRequestId, receivedAt, caller);
    }

    ApiRequest withCaller(Caller c) {
        return new ApiRequest(apiId, stage, path, domainName, http, requestId, extendedRequestId, receivedAt, c);
    }

    /**
     * What authorization established.
     *
     * @param authorizer requestContext.authorizer (principalId and the Lambda authorizer's context), or null
     * @param identity SigV4 caller fields for requestContext.identity (accessKey, accountId, caller, user,
     *                 userArn), or null
     * @param apiKey the API key value used (header or authorizer's usageIdentifierKey), or null
     */
    record Caller(ObjectNode authorizer, ObjectNode identity, String apiKey) {
        static final Caller NONE = new Caller(null, null, null);
    }
}
