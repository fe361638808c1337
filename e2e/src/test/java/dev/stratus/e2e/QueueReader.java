package dev.stratus.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Reads what functions under test wrote to an SQS queue: bodies in arrival order, deleting as it goes. */
record QueueReader(SqsClient sqs) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Bodies arriving on {@code url} until {@code count} have come (or a minute has passed). */
    List<String> bodies(String url, int count) {
        return bodies(url, count, Duration.ofSeconds(60));
    }

    List<String> bodies(String url, int count, Duration patience) {
        List<String> out = new ArrayList<>();
        long deadline = System.nanoTime() + patience.toNanos();
        while (out.size() < count && System.nanoTime() < deadline) {
            for (var m : sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages()) {
                out.add(m.body());
                sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
        }
        return out;
    }

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(s, e);
        }
    }
}
