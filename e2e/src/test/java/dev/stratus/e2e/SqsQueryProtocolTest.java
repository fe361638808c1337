package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** SQS's query protocol (form posts, XML answers) as older SDKs speak it, over raw HTTP. */
class SqsQueryProtocolTest {
    static final StratusServer stratus = StratusServer.start();
    static final SqsClient sqs = stratus.client(SqsClient.builder().checksumValidationEnabled(true));
    static final HttpClient http = HttpClient.newHttpClient();

    @AfterAll
    static void stop() {
        sqs.close();
        stratus.close();
    }

    static HttpResponse<String> post(Map<String, String> params) throws Exception {
        Map<String, String> all = new LinkedHashMap<>(params);
        all.put("Version", "2012-11-05");
        String form = all.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(stratus.endpoint().resolve("/"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sqs/aws4_request, "
                        + "SignedHeaders=host, Signature=00")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static String element(String xml, String name) {
        Matcher m = Pattern.compile("<" + name + ">(.*?)</" + name + ">", Pattern.DOTALL).matcher(xml);
        assertThat(m.find()).as(name + " in " + xml).isTrue();
        return m.group(1);
    }

    @Test
    void createSendAndReceiveOverTheQueryProtocol() throws Exception {
        String name = "query-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = post(Map.of("Action", "CreateQueue", "QueueName", name,
                "Attribute.1.Name", "VisibilityTimeout", "Attribute.1.Value", "40"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(created.body()).contains("<CreateQueueResponse");
        String url = element(created.body(), "QueueUrl");
        assertThat(url).isEqualTo(stratus.endpoint() + "/000000000000/" + name);

        HttpResponse<String> sent = post(Map.of("Action", "SendMessage", "QueueUrl", url, "MessageBody", "hi <there>",
                "MessageAttribute.1.Name", "color", "MessageAttribute.1.Value.DataType", "String",
                "MessageAttribute.1.Value.StringValue", "blue"));
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
        String messageId = element(sent.body(), "MessageId");
        assertThat(element(sent.body(), "MD5OfMessageBody")).isEqualTo(md5("hi <there>"));

        HttpResponse<String> received = post(Map.of("Action", "ReceiveMessage", "QueueUrl", url,
                "AttributeName.1", "All", "MessageAttributeName.1", "All"));
        assertThat(received.statusCode()).as(received.body()).isEqualTo(200);
        String xml = received.body();
        assertThat(xml).contains("<ReceiveMessageResult><Message>");
        assertThat(element(xml, "MessageId")).isEqualTo(messageId);
        assertThat(element(xml, "Body")).isEqualTo("hi &lt;there&gt;");
        assertThat(xml).contains("<Attribute><Name>ApproximateReceiveCount</Name><Value>1</Value></Attribute>");
        assertThat(xml).contains("<MessageAttribute><Name>color</Name><Value><StringValue>blue</StringValue>"
                + "<DataType>String</DataType></Value></MessageAttribute>");

        HttpResponse<String> attrs = post(Map.of("Action", "GetQueueAttributes", "QueueUrl", url,
                "AttributeName.1", "VisibilityTimeout"));
        assertThat(attrs.body()).contains("<Attribute><Name>VisibilityTimeout</Name><Value>40</Value></Attribute>");

        HttpResponse<String> deleted = post(Map.of("Action", "DeleteMessage", "QueueUrl", url,
                "ReceiptHandle", element(xml, "ReceiptHandle")));
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        // The JSON client sees the same queue: the protocols share one state.
        assertThat(sqs.receiveMessage(b -> b.queueUrl(url)).messages()).extracting(Message::body).isEmpty();
    }

    @Test
    void errorsCarryTheQueryCodes() throws Exception {
        HttpResponse<String> missing = post(Map.of("Action", "GetQueueUrl", "QueueName", "missing-" + UUID.randomUUID()));
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(element(missing.body(), "Code")).isEqualTo("AWS.SimpleQueueService.NonExistentQueue");
        assertThat(element(missing.body(), "Type")).isEqualTo("Sender");

        String url = sqs.createQueue(b -> b.queueName("qerr-" + UUID.randomUUID().toString().substring(0, 8))).queueUrl();
        HttpResponse<String> empty = post(Map.of("Action", "DeleteMessageBatch", "QueueUrl", url));
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(element(empty.body(), "Code")).isIn("MissingParameter", "AWS.SimpleQueueService.EmptyBatchRequest");
    }

    @Test
    void batchSendOverQueryReportsEntries() throws Exception {
        String url = sqs.createQueue(b -> b.queueName("qbatch-" + UUID.randomUUID().toString().substring(0, 8))).queueUrl();
        HttpResponse<String> sent = post(Map.of("Action", "SendMessageBatch", "QueueUrl", url,
                "SendMessageBatchRequestEntry.1.Id", "a", "SendMessageBatchRequestEntry.1.MessageBody", "one",
                "SendMessageBatchRequestEntry.2.Id", "b", "SendMessageBatchRequestEntry.2.MessageBody", "two",
                "SendMessageBatchRequestEntry.2.DelaySeconds", "1000"));
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
        assertThat(sent.body()).contains("<SendMessageBatchResultEntry><Id>a</Id>")
                .contains("<BatchResultErrorEntry><Id>b</Id>");
    }

    static String md5(String s) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                .digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
