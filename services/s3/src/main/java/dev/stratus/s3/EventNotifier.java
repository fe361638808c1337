package dev.stratus.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.OperationRegistry;
import dev.stratus.platform.RequestContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends bucket events to the destinations of the bucket's notification configuration: SQS, SNS and Lambda through
 * the operation registry. The record is built when the change commits and stored in the {@link EventOutbox} before
 * the S3 request is answered; delivery happens afterwards on one background thread (so a bucket's events arrive in
 * order unless one is retried), and never fails or delays the S3 request. A failed delivery is tried twice more,
 * then dropped with a warning; deliveries pending when the server stopped (or died) are made after its next start.
 */
final class EventNotifier implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EventNotifier.class.getName());
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final String NOTIFICATION = "notification";
    /** The Subject of every SNS message S3 publishes. */
    static final String SNS_SUBJECT = "Amazon S3 Notification";
    /** Lifecycle actions are attributed to S3 itself. */
    static final String LIFECYCLE_PRINCIPAL = "s3.amazonaws.com";

    private final S3State state;
    private final OperationRegistry registry;
    private final Clock clock;
    private final AtomicLong sequence;
    /** Delays before the second and third attempt of a failed delivery; S3 also retries before it gives up. */
    static final List<Duration> RETRY_DELAYS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(5));
    private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "stratus-s3-events");
        t.setDaemon(true);
        return t;
    });
    private final EventOutbox outbox;

    EventNotifier(S3State state, OperationRegistry registry, Clock clock) {
        this.state = state;
        this.registry = registry;
        this.clock = clock;
        this.sequence = new AtomicLong(clock.millis() * 1000);
        this.outbox = new EventOutbox(state.storage, clock);
        // retries still waiting at shutdown stay in the outbox for the next start
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Queues the deliveries a previous run left pending (call once every destination service can be called). */
    void redeliverPending() {
        for (var pending : outbox.all()) {
            schedule(pending.getKey(), pending.getValue(), 0);
        }
    }

    /** An object was written (Put, Copy, CompleteMultipartUpload) or its tags changed. */
    void objectChanged(RequestContext ctx, String eventName, ObjectRecord r) {
        publish(ctx, eventName, r.bucket(), r.key(), r.size(), ObjectReads.unquote(r.etag()),
                r.version() == null ? null : r.versionId());
    }

    /** An object or version was deleted, or a delete marker created ({@code versionId} null when unversioned). */
    void objectRemoved(RequestContext ctx, String eventName, String bucket, String key, String versionId) {
        publish(ctx, eventName, bucket, key, null, null, versionId);
    }

    private void publish(RequestContext ctx, String eventName, String bucket, String key, Long size, String etag,
                         String versionId) {
        JsonNode config = state.config(bucket, NOTIFICATION);
        if (config == null) {
            return;
        }
        List<NotificationConfigs.Target> targets = NotificationConfigs.targets(config).stream()
                .filter(t -> t.wants(eventName, key)).toList();
        if (targets.isEmpty()) {
            return;
        }
        BucketRecord b = state.buckets.get(bucket).orElse(null);
        if (b == null) {
            return;
        }
        String principal = ctx == null ? LIFECYCLE_PRINCIPAL
                : "AWS:" + (ctx.accessKeyId() != null ? ctx.accessKeyId() : ctx.accountId());
        String requestId = ctx == null ? dev.stratus.platform.RequestIds.next() : ctx.requestId();
        S3EventDocument.ObjectEvent event = new S3EventDocument.ObjectEvent(eventName, bucket, b.owner(), b.region(),
                key, size, etag, versionId, principal, requestId, clock.instant(),
                String.format("%018X", sequence.incrementAndGet()));
        for (NotificationConfigs.Target t : targets) {
            String body = S3EventDocument.records(event, t.id()).toString();
            submit(t, body, event.eventName() + " " + bucket + "/" + key);
        }
    }

    /** Sends S3's s3:TestEvent to the queues and topics of a configuration just put (Lambda gets none). */
    void testEvents(List<NotificationConfigs.Target> targets, String bucket, String requestId) {
        String body = S3EventDocument.testEvent(bucket, requestId, clock.instant()).toString();
        for (NotificationConfigs.Target t : targets) {
            if (t.kind() != NotificationConfigs.Kind.LAMBDA) {
                submit(t, body, "s3:TestEvent " + bucket);
            }
        }
    }

    private void submit(NotificationConfigs.Target t, String body, String what) {
        EventOutbox.Pending pending = new EventOutbox.Pending(t.kind().name(), t.arn(), body, what);
        schedule(outbox.add(pending), pending, 0);
    }

    private void schedule(String id, EventOutbox.Pending pending, int attempt) {
        String what = pending.what();
        Runnable task = () -> {
            try {
                deliver(pending.target(), pending.body());
                outbox.remove(id);
            } catch (RuntimeException e) {
                if (attempt < RETRY_DELAYS.size()) {
                    schedule(id, pending, attempt + 1);
                } else {
                    outbox.remove(id);
                    LOG.log(Level.WARNING, "S3 event " + what + " not delivered to " + pending.arn() + " after "
                            + (attempt + 1) + " attempts: " + e);
                }
            }
        };
        try {
            if (attempt == 0) {
                executor.execute(task);
            } else {
                executor.schedule(task, RETRY_DELAYS.get(attempt - 1).toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (RejectedExecutionException e) {
            LOG.log(Level.FINE, "S3 is shutting down; event " + what + " stays pending for the next start");
        }
    }

    /** One delivery through the registry, in the destination's account and region (taken from its ARN). */
    void deliver(NotificationConfigs.Target t, String body) {
        Arn arn = Arn.parse(t.arn());
        RequestContext ctx = RequestContext.internal(arn.account(), arn.region());
        switch (t.kind()) {
            case QUEUE -> registry.call("sqs", "SendMessage", ctx,
                    F.objectNode().put("QueueUrl", queueUrl(ctx, arn)).put("MessageBody", body));
            case TOPIC -> registry.call("sns", "Publish", ctx, F.objectNode().put("TopicArn", t.arn())
                    .put("Subject", SNS_SUBJECT).put("Message", body));
            case LAMBDA -> {
                ObjectNode invoke = F.objectNode().put("FunctionName", t.arn()).put("InvocationType", "Event");
                invoke.set("Payload", BinaryNode.valueOf(body.getBytes(StandardCharsets.UTF_8)));
                registry.call("lambda", "Invoke", ctx, invoke);
            }
        }
    }

    String queueUrl(RequestContext ctx, Arn arn) {
        return registry.call("sqs", "GetQueueUrl", ctx, F.objectNode().put("QueueName", arn.resource())
                .put("QueueOwnerAWSAccountId", arn.account())).path("QueueUrl").asText();
    }

    /** Whether the destination exists, asked of its service as S3 asks before accepting a configuration. */
    boolean exists(NotificationConfigs.Target t) {
        Arn arn;
        try {
            arn = Arn.parse(t.arn());
        } catch (IllegalArgumentException e) {
            return false;
        }
        RequestContext ctx = RequestContext.internal(arn.account(), arn.region());
        try {
            switch (t.kind()) {
                case QUEUE -> queueUrl(ctx, arn);
                case TOPIC -> registry.call("sns", "GetTopicAttributes", ctx, F.objectNode().put("TopicArn", t.arn()));
                case LAMBDA -> registry.call("lambda", "GetFunction", ctx,
                        F.objectNode().put("FunctionName", t.arn()));
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The parts of a destination ARN that route a call: {@code arn:aws:<service>:<region>:<account>:<resource>}. */
    record Arn(String service, String region, String account, String resource) {
        static Arn parse(String arn) {
            String[] p = arn.split(":", 6);
            if (p.length != 6 || !p[0].equals("arn") || p[4].isEmpty()) {
                throw new IllegalArgumentException("not an ARN: " + arn);
            }
            return new Arn(p[2], p[3], p[4], p[5]);
        }
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
