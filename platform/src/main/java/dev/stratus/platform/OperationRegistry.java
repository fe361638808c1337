package dev.stratus.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.codec.InputValidator;
import dev.stratus.protocol.model.OperationModel;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The spine: every service's operations by (service, operation). The edge calls it after decoding; services call
 * each other through it in-process, never through each other's classes.
 */
public final class OperationRegistry {
    private final Map<String, Service> services = new LinkedHashMap<>();
    /** Each service's operations, asked once: services build the map on every operations() call. */
    private final Map<Service, Map<String, Operation>> operations = new java.util.concurrent.ConcurrentHashMap<>();

    public synchronized void register(Service service) {
        if (services.putIfAbsent(service.name(), service) != null) {
            throw new IllegalStateException("service registered twice: " + service.name());
        }
    }

    public Service service(String name) {
        return services.get(name);
    }

    public Collection<Service> services() {
        return services.values();
    }

    /** Validates the input against the model and calls the operation. */
    public JsonNode call(Service service, OperationModel op, RequestContext ctx, ObjectNode input) {
        Operation impl = operations.computeIfAbsent(service, Service::operations).get(op.name());
        if (impl == null) {
            throw new AwsException("NotImplemented", "The operation " + op.name() + " of " + service.model().serviceId()
                    + " is not implemented by Stratus yet", 501, false);
        }
        InputValidator.validate(op.input(), input, service.validationErrorCode());
        return impl.call(ctx, input);
    }

    /** An in-process call by service and operation name, e.g. {@code call("logs", "PutLogEvents", ctx, input)}. */
    public JsonNode call(String serviceName, String operationName, RequestContext ctx, ObjectNode input) {
        Service service = services.get(serviceName);
        if (service == null) {
            throw new IllegalArgumentException("no service " + serviceName);
        }
        OperationModel op = service.model().operation(operationName);
        if (op == null) {
            throw new IllegalArgumentException(serviceName + " has no operation " + operationName);
        }
        return call(service, op, ctx, input);
    }
}
