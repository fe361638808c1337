package dev.stratus.sqs;

import dev.stratus.platform.Operation;
import dev.stratus.platform.Platform;
import dev.stratus.platform.Service;
import dev.stratus.protocol.model.ServiceModel;
import java.util.Map;

/** Amazon SQS: queues and messages. */
public final class SqsService implements Service {
    private final ServiceModel model = ServiceModel.load("sqs");
    private final Platform platform;

    public SqsService(Platform platform) {
        this.platform = platform;
    }

    @Override
    public String name() {
        return "sqs";
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
