package dev.stratus.iam;

import dev.stratus.platform.Operation;
import dev.stratus.platform.Platform;
import dev.stratus.platform.Service;
import dev.stratus.protocol.model.ServiceModel;
import java.util.Map;

/** AWS Identity and Access Management: roles, policies, users and access keys. */
public final class IamService implements Service {
    private final ServiceModel model = ServiceModel.load("iam");
    private final Platform platform;

    public IamService(Platform platform) {
        this.platform = platform;
    }

    @Override
    public String name() {
        return "iam";
    }

    @Override
    public ServiceModel model() {
        return model;
    }

    @Override
    public String validationErrorCode() {
        return "ValidationError";
    }

    @Override
    public Map<String, Operation> operations() {
        return Map.of();
    }

    Platform platform() {
        return platform;
    }
}
