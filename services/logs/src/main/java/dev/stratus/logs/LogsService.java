package dev.stratus.logs;

import dev.stratus.platform.Operation;
import dev.stratus.platform.Platform;
import dev.stratus.platform.Service;
import dev.stratus.protocol.model.ServiceModel;
import java.util.Map;

/** Amazon CloudWatch Logs: log groups, streams, events and filter patterns. */
public final class LogsService implements Service {
    private final ServiceModel model = ServiceModel.load("logs");
    private final Platform platform;

    public LogsService(Platform platform) {
        this.platform = platform;
    }

    @Override
    public String name() {
        return "logs";
    }

    @Override
    public ServiceModel model() {
        return model;
    }

    @Override
    public String validationErrorCode() {
        return "InvalidParameterException";
    }

    @Override
    public Map<String, Operation> operations() {
        return Map.of();
    }

    Platform platform() {
        return platform;
    }
}
