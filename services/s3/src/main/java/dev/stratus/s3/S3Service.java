package dev.stratus.s3;

import dev.stratus.platform.Operation;
import dev.stratus.platform.Platform;
import dev.stratus.platform.Service;
import dev.stratus.protocol.model.ServiceModel;
import java.util.Map;

/** Amazon S3: buckets and objects. */
public final class S3Service implements Service {
    private final ServiceModel model = ServiceModel.load("s3");
    private final Platform platform;

    public S3Service(Platform platform) {
        this.platform = platform;
    }

    @Override
    public String name() {
        return "s3";
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
