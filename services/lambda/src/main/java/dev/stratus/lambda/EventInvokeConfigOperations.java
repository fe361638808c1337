package dev.stratus.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.Operation;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.state.DocumentStore;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.codec.Timestamps;
import dev.stratus.storage.Storage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Put/Get/Update/Delete/ListFunctionEventInvokeConfig(s): retry, event-age and destination settings for asynchronous
 * invocation, one per function version or alias, persisted in the {@code lambda-event-invoke-configs} keyspace.
 */
final class EventInvokeConfigOperations {
    static final int DEFAULT_MAX_ITEMS = 50;
    private static final String LATEST = "$LATEST";

    private final DocumentStore<EventInvokeConfigRecord> configs;
    private final FunctionStore functions;
    private final Clock clock;

    EventInvokeConfigOperations(Storage storage, FunctionStore functions, Clock clock) {
        this.configs = new DocumentStore<>(storage, "lambda-event-invoke-configs", EventInvokeConfigRecord.class);
        this.functions = functions;
        this.clock = clock;
    }

    /** Adds this class's operations to the service's table, and forgets a deleted function's configurations. */
    void register(Map<String, Operation> ops) {
        ops.put("PutFunctionEventInvokeConfig", this::putFunctionEventInvokeConfig);
        ops.put("GetFunctionEventInvokeConfig", this::getFunctionEventInvokeConfig);
        ops.put("UpdateFunctionEventInvokeConfig", this::updateFunctionEventInvokeConfig);
        ops.put("DeleteFunctionEventInvokeConfig", this::deleteFunctionEventInvokeConfig);
        ops.put("ListFunctionEventInvokeConfigs", this::listFunctionEventInvokeConfigs);
        Operation delete = ops.get("DeleteFunction");
        if (delete != null) {
            ops.put("DeleteFunction", (ctx, in) -> {
                JsonNode out = delete.call(ctx, in);
                FunctionNames.Ref ref = ref(in);
                if (ref.qualifier() == null) {
                    configs.keys(key(ctx.accountId(), ctx.region(), ref.name(), "")).forEach(configs::delete);
                } else {
                    configs.delete(key(ctx.accountId(), ctx.region(), ref.name(), ref.qualifier()));
                }
                return out;
            });
        }
    }

    /** The settings that apply to an event for {@code qualifier} (null: $LATEST), or AWS's defaults. */
    EventInvokeConfigRecord effective(String account, String region, String function, String qualifier) {
        return configs.get(key(account, region, function, qualifier == null ? LATEST : qualifier))
                .orElse(EventInvokeConfigRecord.defaults());
    }

    JsonNode putFunctionEventInvokeConfig(RequestContext ctx, ObjectNode in) {
        requireSomeSetting(in);
        FunctionNames.Ref ref = existing(ctx, in);
        String qualifier = ref.qualifier() == null ? LATEST : ref.qualifier();
        String onSuccess = destination(in, "OnSuccess");
        String onFailure = destination(in, "OnFailure");
        validateDestinations(ctx, ref.name(), onSuccess, onFailure);
        EventInvokeConfigRecord c = new EventInvokeConfigRecord(ctx.accountId(), ctx.region(), ref.name(), qualifier,
                intOrNull(in, "MaximumRetryAttempts"), intOrNull(in, "MaximumEventAgeInSeconds"), onSuccess,
                onFailure, clock.millis());
        configs.put(key(c), c);
        return render(c);
    }

    JsonNode updateFunctionEventInvokeConfig(RequestContext ctx, ObjectNode in) {
        requireSomeSetting(in);
        FunctionNames.Ref ref = existing(ctx, in);
        EventInvokeConfigRecord old = find(ctx, ref);
        String onSuccess = old.onSuccess();
        String onFailure = old.onFailure();
        if (in.hasNonNull("DestinationConfig")) { // a new DestinationConfig replaces the old one as a whole
            onSuccess = destination(in, "OnSuccess");
            onFailure = destination(in, "OnFailure");
            validateDestinations(ctx, ref.name(), onSuccess, onFailure);
        }
        EventInvokeConfigRecord c = new EventInvokeConfigRecord(old.accountId(), old.region(), old.functionName(),
                old.qualifier(),
                in.hasNonNull("MaximumRetryAttempts") ? intOrNull(in, "MaximumRetryAttempts")
                        : old.maximumRetryAttempts(),
                in.hasNonNull("MaximumEventAgeInSeconds") ? intOrNull(in, "MaximumEventAgeInSeconds")
                        : old.maximumEventAgeInSeconds(),
                onSuccess, onFailure, clock.millis());
        configs.put(key(c), c);
        return render(c);
    }

    JsonNode getFunctionEventInvokeConfig(RequestContext ctx, ObjectNode in) {
        return render(find(ctx, ref(in)));
    }

    JsonNode deleteFunctionEventInvokeConfig(RequestContext ctx, ObjectNode in) {
        configs.delete(key(find(ctx, ref(in))));
        return null;
    }

    JsonNode listFunctionEventInvokeConfigs(RequestContext ctx, ObjectNode in) {
        FunctionNames.Ref ref = ref(in);
        if (functions.get(ctx.accountId(), ctx.region(), ref.name()).isEmpty()) {
            throw new AwsException("ResourceNotFoundException", "The function doesn't exist.");
        }
        int max = in.path("MaxItems").asInt(DEFAULT_MAX_ITEMS);
        String marker = in.hasNonNull("Marker") ? new String(Base64.getUrlDecoder().decode(in.get("Marker").asText()),
                StandardCharsets.UTF_8) : null;
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        var list = out.putArray("FunctionEventInvokeConfigs");
        List<EventInvokeConfigRecord> all = configs.list(key(ctx.accountId(), ctx.region(), ref.name(), ""));
        for (EventInvokeConfigRecord c : all) {
            if (marker != null && c.qualifier().compareTo(marker) < 0) {
                continue;
            }
            if (list.size() == max) {
                out.put("NextMarker", Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(c.qualifier().getBytes(StandardCharsets.UTF_8)));
                break;
            }
            list.add(render(c));
        }
        return out;
    }

    private EventInvokeConfigRecord find(RequestContext ctx, FunctionNames.Ref ref) {
        String qualifier = ref.qualifier() == null ? LATEST : ref.qualifier();
        return configs.get(key(ctx.accountId(), ctx.region(), ref.name(), qualifier))
                .orElseThrow(() -> new AwsException("ResourceNotFoundException", "The function "
                        + ctx.arn("lambda", "function:" + ref.name() + ":" + qualifier)
                        + " doesn't have an EventInvokeConfig"));
    }

    /** The function (and version or alias, when one is named) a Put or Update is for, which must exist. */
    private FunctionNames.Ref existing(RequestContext ctx, ObjectNode in) {
        FunctionNames.Ref ref = ref(in);
        boolean exists = functions.get(ctx.accountId(), ctx.region(), ref.name()).isPresent();
        String q = ref.qualifier();
        if (exists && q != null && !LATEST.equals(q)) {
            exists = q.chars().allMatch(Character::isDigit)
                    ? functions.version(ctx.accountId(), ctx.region(), ref.name(), q).isPresent()
                    : functions.alias(ctx.accountId(), ctx.region(), ref.name(), q).isPresent();
        }
        if (!exists) {
            throw new AwsException("ResourceNotFoundException", "The function doesn't exist.");
        }
        return ref;
    }

    /**
     * Destinations must be a Lambda function (another one, that exists), an SQS queue, an SNS topic, an EventBridge
     * event bus, or (for failures only) an S3 bucket.
     */
    private void validateDestinations(RequestContext ctx, String function, String onSuccess, String onFailure) {
        boolean valid = validDestination(ctx, function, onSuccess, false)
                & validDestination(ctx, function, onFailure, true);
        if (!valid) {
            throw new AwsException("InvalidParameterValueException", "The provided destination config "
                    + "DestinationConfig(onSuccess=" + (onSuccess == null ? "null" : "OnSuccess(destination="
                    + onSuccess + ")") + ", onFailure=" + (onFailure == null ? "null" : "OnFailure(destination="
                    + onFailure + ")") + ") is invalid.");
        }
    }

    private boolean validDestination(RequestContext ctx, String function, String arn, boolean failure) {
        if (arn == null) {
            return true;
        }
        String[] p = arn.split(":", 6);
        if (p.length < 6) {
            return false;
        }
        return switch (p[2]) {
            case "lambda" -> {
                String target = FunctionNames.parse(arn, null).name();
                if (!p[5].startsWith("function:")
                        || functions.get(p[4].isEmpty() ? ctx.accountId() : p[4], p[3], target).isEmpty()) {
                    throw new AwsException("InvalidParameterValueException", "The destination ARN " + arn
                            + " is invalid.");
                }
                if (target.equals(function) && p[4].equals(ctx.accountId()) && p[3].equals(ctx.region())) {
                    throw new AwsException("InvalidParameterValueException",
                            "You can't specify the function as a destination for itself.");
                }
                yield true;
            }
            case "sqs", "sns", "events" -> true;
            case "s3" -> failure;
            default -> false;
        };
    }

    static ObjectNode render(EventInvokeConfigRecord c) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.set("LastModified", Timestamps.node(Instant.ofEpochMilli(c.lastModifiedMillis())));
        n.put("FunctionArn", "arn:aws:lambda:" + c.region() + ":" + c.accountId() + ":function:" + c.functionName()
                + ":" + c.qualifier());
        if (c.maximumRetryAttempts() != null) {
            n.put("MaximumRetryAttempts", c.maximumRetryAttempts());
        }
        if (c.maximumEventAgeInSeconds() != null) {
            n.put("MaximumEventAgeInSeconds", c.maximumEventAgeInSeconds());
        }
        ObjectNode d = n.putObject("DestinationConfig");
        ObjectNode onSuccess = d.putObject("OnSuccess");
        if (c.onSuccess() != null) {
            onSuccess.put("Destination", c.onSuccess());
        }
        ObjectNode onFailure = d.putObject("OnFailure");
        if (c.onFailure() != null) {
            onFailure.put("Destination", c.onFailure());
        }
        return n;
    }

    private static void requireSomeSetting(ObjectNode in) {
        if (!in.hasNonNull("MaximumRetryAttempts") && !in.hasNonNull("MaximumEventAgeInSeconds")
                && !in.hasNonNull("DestinationConfig")) {
            throw new AwsException("InvalidParameterValueException",
                    "You must specify at least one of error handling or destination setting.");
        }
    }

    private static FunctionNames.Ref ref(ObjectNode in) {
        return FunctionNames.parse(in.get("FunctionName").asText(),
                in.hasNonNull("Qualifier") ? in.get("Qualifier").asText() : null);
    }

    private static String destination(ObjectNode in, String member) {
        String arn = in.path("DestinationConfig").path(member).path("Destination").asText("");
        return arn.isEmpty() ? null : arn;
    }

    private static Integer intOrNull(ObjectNode in, String member) {
        return in.hasNonNull(member) ? in.get(member).asInt() : null;
    }

    private static String key(EventInvokeConfigRecord c) {
        return key(c.accountId(), c.region(), c.functionName(), c.qualifier());
    }

    private static String key(String account, String region, String function, String qualifier) {
        return account + "/" + region + "/" + function + "/" + qualifier;
    }
}
