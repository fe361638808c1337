package dev.stratus.apigateway;

import dev.stratus.platform.Operation;
import dev.stratus.platform.Platform;
import dev.stratus.platform.Service;
import dev.stratus.protocol.model.ServiceModel;
import java.util.Map;

/** Amazon API Gateway: REST APIs (v1) in front of functions. */
public final class ApiGatewayService implements Service {
    private final ServiceModel model = ServiceModel.load("apigateway");
    private final Platform platform;

    public ApiGatewayService(Platform platform) {
        this.platform = platform;
    }

    @Override
    public String name() {
        return "apigateway";
    }

    @Override
    public ServiceModel model() {
        return model;
    }

    @Override
    public Map<String, Operation> operations() {
        return Map.of();
    }

    Platform platform() {
        return platform;
    }
}
