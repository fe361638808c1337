package dev.stratus.sts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.Operation;
import dev.stratus.platform.Platform;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.Service;
import dev.stratus.protocol.model.ServiceModel;
import java.util.Map;

/** AWS Security Token Service: who am I, and temporary credentials. */
public final class StsService implements Service {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final ServiceModel model = ServiceModel.load("sts");
    private final Platform platform;

    public StsService(Platform platform) {
        this.platform = platform;
    }

    @Override
    public String name() {
        return "sts";
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
        return Map.of("GetCallerIdentity", this::getCallerIdentity);
    }

    JsonNode getCallerIdentity(RequestContext ctx, ObjectNode input) {
        ObjectNode out = F.objectNode();
        String arn = ctx.principalArn();
        out.put("UserId", ctx.accessKeyId() != null && arn.endsWith(":root") ? ctx.accountId() : userId(ctx));
        out.put("Account", ctx.accountId());
        out.put("Arn", arn);
        return out;
    }

    private static String userId(RequestContext ctx) {
        return ctx.accessKeyId() == null ? ctx.accountId() : ctx.accessKeyId();
    }
}
