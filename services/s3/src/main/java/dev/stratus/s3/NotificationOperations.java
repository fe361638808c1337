package dev.stratus.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.AwsException;
import java.util.List;

/** PutBucketNotificationConfiguration and GetBucketNotificationConfiguration. */
final class NotificationOperations {
    private final S3State state;
    private final EventNotifier notifier;

    NotificationOperations(S3State state, EventNotifier notifier) {
        this.state = state;
        this.notifier = notifier;
    }

    JsonNode putBucketNotificationConfiguration(RequestContext ctx, ObjectNode in) {
        BucketRecord b = state.requireBucket(ctx, in.path("Bucket").asText());
        JsonNode given = in.get("NotificationConfiguration");
        ObjectNode config = NotificationConfigs.normalize(given instanceof ObjectNode o ? o : NotificationConfigs.empty());
        List<NotificationConfigs.Target> targets = NotificationConfigs.targets(config);
        boolean skipValidation = in.path("SkipDestinationValidation").asBoolean(false);
        if (!skipValidation) {
            checkRegions(targets, b.region());
            checkDestinations(targets);
        }
        if (config.isEmpty()) {
            state.deleteConfig(b.name(), EventNotifier.NOTIFICATION);
        } else {
            state.putConfig(b.name(), EventNotifier.NOTIFICATION, config);
        }
        if (!skipValidation) {
            notifier.testEvents(targets, b.name(), ctx.requestId());
        }
        return null;
    }

    /** S3 delivers only to queues, topics and functions in the bucket's own region. */
    private static void checkRegions(List<NotificationConfigs.Target> targets, String bucketRegion) {
        for (NotificationConfigs.Target t : targets) {
            String[] parts = t.arn().split(":", 6);
            if (parts.length == 6 && !parts[3].isEmpty() && !parts[3].equals(bucketRegion)) {
                throw S3Errors.invalidArgument("The notification destination service region is not valid for the "
                        + "bucket location constraint", t.arn(), null);
            }
        }
    }

    /** S3 refuses the whole configuration when a destination does not exist, listing each one it could not use. */
    private void checkDestinations(List<NotificationConfigs.Target> targets) {
        AwsException error = null;
        int n = 0;
        for (NotificationConfigs.Target t : targets) {
            if (notifier.exists(t)) {
                continue;
            }
            if (error == null) {
                error = new AwsException("InvalidArgument", "Unable to validate the following destination "
                        + "configurations", 400);
            }
            n++;
            error.with("ArgumentName" + n, t.arn()).with("ArgumentValue" + n, switch (t.kind()) {
                case QUEUE -> "The destination queue does not exist";
                case TOPIC -> "The destination topic does not exist";
                case LAMBDA -> "Not authorized to invoke function [" + t.arn() + "]";
            });
        }
        if (error != null) {
            throw error;
        }
    }

    JsonNode getBucketNotificationConfiguration(RequestContext ctx, ObjectNode in) {
        BucketRecord b = state.requireBucket(ctx, in.path("Bucket").asText());
        JsonNode config = state.config(b.name(), EventNotifier.NOTIFICATION);
        return config == null ? NotificationConfigs.empty() : config;
    }
}
