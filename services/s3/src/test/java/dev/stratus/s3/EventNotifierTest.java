package dev.stratus.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.platform.Operation;
import dev.stratus.platform.OperationRegistry;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.Service;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.model.ServiceModel;
import dev.stratus.storage.Storages;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delivery through the registry: a queue that fails at first still gets the event, after a retry. */
class EventNotifierTest {
    static final ObjectMapper MAPPER = new ObjectMapper();

    /** An SQS stand-in whose first SendMessage fails. */
    static final class FlakySqs implements Service {
        final AtomicInteger sends = new AtomicInteger();
        final List<String> bodies = new CopyOnWriteArrayList<>();
        final CountDownLatch delivered = new CountDownLatch(1);

        @Override
        public String name() {
            return "sqs";
        }

        @Override
        public ServiceModel model() {
            return ServiceModel.load("sqs");
        }

        @Override
        public Map<String, Operation> operations() {
            return Map.of(
                    "GetQueueUrl", (ctx, in) -> MAPPER.createObjectNode().put("QueueUrl", "http://q/" + in.get("QueueName").asText()),
                    "SendMessage", (ctx, in) -> {
                        if (sends.incrementAndGet() == 1) {
                            throw new AwsException("ServiceUnavailable", "try again", 503);
                        }
                        bodies.add(in.get("MessageBody").asText());
                        delivered.countDown();
                        return MAPPER.createObjectNode();
                    });
        }
    }

    @Test
    void aFailedDeliveryIsRetried(@TempDir Path dir) throws Exception {
        OperationRegistry registry = new OperationRegistry();
        FlakySqs sqs = new FlakySqs();
        registry.register(sqs);
        S3State state = new S3State(Storages.open(null, true, false), BlobStore.open(dir, false), Clock.systemUTC());
        state.buckets.put("b", new BucketRecord("b", "000000000000", "us-east-1", 0, Map.of(), null));
        JsonNode config = MAPPER.readTree("""
                {"QueueConfigurations":[{"Id":"q","QueueArn":"arn:aws:sqs:us-east-1:000000000000:events",
                  "Events":["s3:ObjectRemoved:*"]}]}""");
        state.putConfig("b", EventNotifier.NOTIFICATION, config);
        try (EventNotifier notifier = new EventNotifier(state, registry, Clock.systemUTC())) {
            notifier.objectRemoved(RequestContext.internal("000000000000", "us-east-1"), "ObjectRemoved:Delete",
                    "b", "gone.txt", null);
            assertThat(sqs.delivered.await(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(sqs.sends.get()).isEqualTo(2);
        JsonNode record = MAPPER.readTree(sqs.bodies.get(0)).at("/Records/0");
        assertThat(record.get("eventName").asText()).isEqualTo("ObjectRemoved:Delete");
        assertThat(record.at("/s3/object/key").asText()).isEqualTo("gone.txt");
        assertThat(record.at("/s3/configurationId").asText()).isEqualTo("q");
    }
}
