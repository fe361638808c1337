package dev.stratus.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.Operation;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.state.DocumentStore;
import dev.stratus.protocol.AwsException;
import dev.stratus.storage.Storage;
import java.util.Map;
import java.util.Optional;

/**
 * A function's {@code DeadLetterConfig} (an SQS queue or SNS topic for events that asynchronous invocation gives up
 * on): accepted by CreateFunction and UpdateFunctionConfiguration, locked into versions by PublishVersion and shown in
 * every configuration. Kept beside the function's document, in {@code lambda-dead-letter-configs}, by decorating the
 * function operations.
 */
final class DeadLetterConfigs {
    /** The stored setting of one function version. */
    record Target(String targetArn) {
    }

    private final DocumentStore<Target> targets;

    DeadLetterConfigs(Storage storage) {
        this.targets = new DocumentStore<>(storage, "lambda-dead-letter-configs", Target.class);
    }

    /** The dead-letter target of a function version, if it has one. */
    Optional<String> target(String account, String region, String function, String version) {
        return targets.get(key(account, region, function, version)).map(Target::targetArn);
    }

    /** Wraps the function operations of the service's table so they accept, store and return the setting. */
    void decorate(Map<String, Operation> ops) {
        wrap(ops, "CreateFunction", (ctx, in, out) -> {
            String arn = requested(in);
            if (arn != null) {
                targets.put(key(ctx, out), new Target(arn));
            }
            render(out);
        }, true);
        wrap(ops, "UpdateFunctionConfiguration", (ctx, in, out) -> {
            if (in.has("DeadLetterConfig")) {
                String arn = requested(in);
                if (arn == null) {
                    targets.delete(key(ctx, out));
                } else {
                    targets.put(key(ctx, out), new Target(arn));
                }
            }
            render(out);
        }, true);
        wrap(ops, "GetFunctionConfiguration", (ctx, in, out) -> render(out), false);
        wrap(ops, "GetFunction", (ctx, in, out) -> render(out.path("Configuration")), false);
        wrap(ops, "ListFunctions", (ctx, in, out) -> out.path("Functions").forEach(this::render), false);
        wrap(ops, "ListVersionsByFunction", (ctx, in, out) -> out.path("Versions").forEach(this::render), false);
        wrap(ops, "PublishVersion", (ctx, in, out) -> {
            if (out.path("FunctionName").isTextual()) {
                target(ctx.accountId(), ctx.region(), out.get("FunctionName").asText(), "$LATEST")
                        .ifPresent(arn -> targets.put(key(ctx, out), new Target(arn)));
            }
            render(out);
        }, false);
        wrap(ops, "DeleteFunction", (ctx, in, out) -> {
            FunctionNames.Ref ref = FunctionNames.parse(in.get("FunctionName").asText(),
                    in.hasNonNull("Qualifier") ? in.get("Qualifier").asText() : null);
            if (ref.qualifier() == null) {
                targets.keys(key(ctx.accountId(), ctx.region(), ref.name(), "")).forEach(targets::delete);
            } else {
                targets.delete(key(ctx.accountId(), ctx.region(), ref.name(), ref.qualifier()));
            }
        }, false);
    }

    /** What to do with an operation's input and output after it succeeded. */
    private interface After {
        void apply(RequestContext ctx, ObjectNode in, JsonNode out);
    }

    private static void wrap(Map<String, Operation> ops, String name, After after, boolean validate) {
        Operation inner = ops.get(name);
        if (inner == null) {
            return;
        }
        ops.put(name, (ctx, in) -> {
            if (validate) {
                requested(in);
            }
            JsonNode out = inner.call(ctx, in);
            after.apply(ctx, in, out);
            return out;
        });
    }

    /** The TargetArn a request sets (null: none, or cleared with an empty ARN); only SQS and SNS are accepted. */
    private static String requested(ObjectNode in) {
        String arn = in.path("DeadLetterConfig").path("TargetArn").asText("");
        if (arn.isEmpty()) {
            return null;
        }
        String[] p = arn.split(":", 6);
        if (p.length < 6 || !(p[2].equals("sqs") || p[2].equals("sns"))) {
            throw new AwsException("InvalidParameterValueException", "The provided target arn " + arn
                    + " is invalid: a dead-letter target must be an Amazon SQS queue or an Amazon SNS topic.");
        }
        return arn;
    }

    /** Adds {@code DeadLetterConfig} to a rendered configuration when its version has one. */
    private void render(JsonNode configuration) {
        if (!(configuration instanceof ObjectNode c) || !c.path("FunctionArn").isTextual()) {
            return;
        }
        String[] arn = c.get("FunctionArn").asText().split(":");
        target(arn[4], arn[3], c.path("FunctionName").asText(), c.path("Version").asText("$LATEST"))
                .ifPresent(t -> c.putObject("DeadLetterConfig").put("TargetArn", t));
    }

    private static String key(RequestContext ctx, JsonNode configuration) {
        return key(ctx.accountId(), ctx.region(), configuration.path("FunctionName").asText(),
                configuration.path("Version").asText("$LATEST"));
    }

    private static String key(String account, String region, String function, String version) {
        return account + "/" + region + "/" + function + "/" + version;
    }
}
