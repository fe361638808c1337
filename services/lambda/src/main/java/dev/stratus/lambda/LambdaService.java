package dev.stratus.lambda;

import dev.stratus.platform.Operation;
import dev.stratus.platform.Platform;
import dev.stratus.platform.Service;
import dev.stratus.protocol.model.ServiceModel;
import java.util.Map;

/** AWS Lambda: functions, versions, aliases, and their execution. */
public final class LambdaService implements Service {
    private final ServiceModel model = ServiceModel.load("lambda");
    private final Platform platform;

    public LambdaService(Platform platform) {
        this.platform = platform;
    }

    @Override
    public String name() {
        return "lambda";
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
