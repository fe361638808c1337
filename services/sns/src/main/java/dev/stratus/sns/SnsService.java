package dev.stratus.sns;

import dev.stratus.platform.Operation;
import dev.stratus.platform.Platform;
import dev.stratus.platform.Service;
import dev.stratus.protocol.model.ServiceModel;
import java.util.Map;

/** Amazon SNS: topics, subscriptions and fan-out. */
public final class SnsService implements Service {
    private final ServiceModel model = ServiceModel.load("sns");
    private final Platform platform;

    public SnsService(Platform platform) {
        this.platform = platform;
    }

    @Override
    public String name() {
        return "sns";
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
