package dev.stratus.platform;

import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.HttpResponse;

/**
 * Raw HTTP requests a service answers itself, before the edge routes AWS API calls (e.g. API Gateway's
 * execute-api invocations). A service exposes one through {@link Service#frontDoor()}.
 */
public interface HttpFrontDoor {

    /** Whether this request is for the front door rather than an AWS API call; must be cheap. */
    boolean claims(HttpRequest request);

    /** Answers a claimed request; {@code requestId} is the id the edge reports in {@code x-amzn-RequestId}. */
    HttpResponse handle(HttpRequest request, String requestId);

    /** The request's Host header in lower case without its port (an IPv6 literal keeps its brackets); "" if none. */
    static String hostName(HttpRequest r) {
        String host = r.header("Host");
        return host == null ? "" : HostNames.of(host);
    }
}
