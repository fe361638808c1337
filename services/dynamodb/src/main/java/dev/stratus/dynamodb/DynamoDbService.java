package dev.stratus.dynamodb;

import dev.stratus.platform.Operation;
import dev.stratus.platform.Platform;
import dev.stratus.platform.Service;
import dev.stratus.protocol.model.ServiceModel;
import java.util.Map;

/** Amazon DynamoDB: tables, items, expressions, indexes, transactions. */
public final class DynamoDbService implements Service {
    private final ServiceModel model = ServiceModel.load("dynamodb");
    private final Platform platform;

    public DynamoDbService(Platform platform) {
        this.platform = platform;
    }

    @Override
    public String name() {
        return "dynamodb";
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
