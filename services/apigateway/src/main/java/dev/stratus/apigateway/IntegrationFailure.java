package dev.stratus.apigateway;

import dev.stratus.apigateway.GatewayResponses.GatewayError;
import dev.stratus.apigateway.GatewayResponses.Type;

/** An integration that could not answer; API Gateway answers with the gateway response it names. */
final class IntegrationFailure extends RuntimeException {
    /** A misconfigured integration (missing function, bad URI, failing template): 500. */
    static final GatewayError CONFIGURATION = new GatewayError(Type.API_CONFIGURATION_ERROR,
            "InternalServerErrorException", "Internal server error");
    /** A Lambda proxy function that failed or answered a malformed response: 502. */
    static final GatewayError BAD_GATEWAY = new GatewayError(Type.DEFAULT_5XX, "InternalServerErrorException",
            "Internal server error", 502);

    private final transient GatewayError error;

    IntegrationFailure(GatewayError error) {
        super(error.type().name(), null, false, false);
        this.error = error;
    }

    static IntegrationFailure configuration() {
        return new IntegrationFailure(CONFIGURATION);
    }

    static IntegrationFailure badGateway() {
        return new IntegrationFailure(BAD_GATEWAY);
    }

    GatewayError error() {
        return error;
    }
}
