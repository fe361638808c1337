package dev.stratus.apigateway;

import dev.stratus.protocol.HttpRequest;
import java.time.Instant;

/**
 * One invocation of a deployed API.
 *
 * @param path the resource path requested, decoded, without the stage (always starts with '/')
 * @param domainName the host the client called, without its port
 */
record ApiRequest(String apiId, String stage, String path, String domainName, HttpRequest http, String requestId,
                  String extendedRequestId, Instant receivedAt) {
}
