package dev.stratus.apigateway;

import dev.stratus.protocol.AwsException;

/** API Gateway's error codes with the messages AWS sends. */
final class ApiErrors {
    private ApiErrors() {
    }

    static AwsException notFound(String message) {
        return new AwsException("NotFoundException", message, 404);
    }

    static AwsException badRequest(String message) {
        return new AwsException("BadRequestException", message, 400);
    }

    static AwsException conflict(String message) {
        return new AwsException("ConflictException", message, 409);
    }
}
