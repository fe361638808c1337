package dev.stratus.protocol.codec;

import static dev.stratus.protocol.codec.Requests.json;
import static dev.stratus.protocol.codec.Requests.request;
import static dev.stratus.protocol.codec.Requests.text;
import static dev.stratus.protocol.codec.RestJsonCodecTest.catchAws;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.HttpResponse;
import dev.stratus.protocol.model.OperationModel;
import dev.stratus.protocol.model.ServiceModel;
import org.junit.jupiter.api.Test;

class QueryCodecTest {
    static final ServiceModel IAM = ServiceModel.load("iam");
    static final ServiceModel SQS = ServiceModel.load("sqs");
    static final ServiceModel SNS = ServiceModel.load("sns");
    final QueryCodec codec = new QueryCodec();

    private static HttpRequest form(String body) {
        return request("POST", "/").header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .body(body).build();
    }

    private ObjectNode decode(ServiceModel model, String body) {
        HttpRequest r = form(body);
        return codec.decode(codec.resolve(model, r), r);
    }

    @Test
    void iamListRolesOutput() {
        ObjectNode out = (ObjectNode) json("""
                {"IsTruncated":false,"Roles":[{"Path":"/","RoleName":"r1","RoleId":"AROA1","Arn":"arn:aws:iam::000000000000:role/r1",
                 "CreateDate":1700000000,"MaxSessionDuration":3600,"Description":"a & b <c>",
                 "Tags":[{"Key":"k","Value":"v"}]}]}""");
        HttpResponse resp = codec.encode(IAM.operation("ListRoles"), out, "req-1");
        assertThat(resp.status()).isEqualTo(200);
        assertThat(resp.headers().first("Content-Type")).isEqualTo("text/xml");
        assertThat(text(resp)).isEqualTo("<ListRolesResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"
                + "<ListRolesResult><Roles><member><Path>/</Path><RoleName>r1</RoleName><RoleId>AROA1</RoleId>"
                + "<Arn>arn:aws:iam::000000000000:role/r1</Arn><CreateDate>2023-11-14T22:13:20Z</CreateDate>"
                + "<Description>a &amp; b &lt;c&gt;</Description><MaxSessionDuration>3600</MaxSessionDuration>"
                + "<Tags><member><Key>k</Key><Value>v</Value></member></Tags></member></Roles>"
                + "<IsTruncated>false</IsTruncated></ListRolesResult>"
                + "<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></ListRolesResponse>");
    }

    @Test
    void sqsReceiveMessageOutputUsesFlattenedQueryNames() {
        ObjectNode out = (ObjectNode) json("""
                {"Messages":[{"MessageId":"m1","ReceiptHandle":"rh","MD5OfBody":"5d41","Body":"<hello/>",
                  "Attributes":{"SenderId":"AIDA","ApproximateReceiveCount":"1"},
                  "MessageAttributes":{"color":{"DataType":"String","StringValue":"red"}}}]}""");
        String xml = text(codec.encode(SQS.operation("ReceiveMessage"), out, "r"));
        assertThat(xml).isEqualTo("<ReceiveMessageResponse xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\">"
                + "<ReceiveMessageResult><Message><MessageId>m1</MessageId><ReceiptHandle>rh</ReceiptHandle>"
                + "<MD5OfBody>5d41</MD5OfBody><Body>&lt;hello/&gt;</Body>"
                + "<Attribute><Name>SenderId</Name><Value>AIDA</Value></Attribute>"
                + "<Attribute><Name>ApproximateReceiveCount</Name><Value>1</Value></Attribute>"
                + "<MessageAttribute><Name>color</Name><Value><StringValue>red</StringValue><DataType>String</DataType></Value>"
                + "</MessageAttribute></Message></ReceiveMessageResult>"
                + "<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></ReceiveMessageResponse>");
    }

    @Test
    void sqsFlattenedInputs() {
        ObjectNode send = decode(SQS, "Action=SendMessage&Version=2012-11-05&QueueUrl=http%3A%2F%2Fq&MessageBody=hi+there"
                + "&DelaySeconds=5&MessageAttribute.1.Name=color&MessageAttribute.1.Value.DataType=String"
                + "&MessageAttribute.1.Value.StringValue=red&MessageAttribute.2.Name=bin"
                + "&MessageAttribute.2.Value.DataType=Binary&MessageAttribute.2.Value.BinaryValue=AAE%3D"
                + "&MessageSystemAttribute.1.Name=AWSTraceHeader&MessageSystemAttribute.1.Value.DataType=String"
                + "&MessageSystemAttribute.1.Value.StringValue=Root%3D1");
        assertThat(send.get("MessageBody").asText()).isEqualTo("hi there");
        assertThat(send.get("DelaySeconds").intValue()).isEqualTo(5);
        assertThat(send.at("/MessageAttributes/color")).isEqualTo(json("{\"DataType\":\"String\",\"StringValue\":\"red\"}"));
        assertThat(send.at("/MessageAttributes/bin/BinaryValue").isBinary()).isTrue();
        assertThat(send.at("/MessageSystemAttributes/AWSTraceHeader/StringValue").asText()).isEqualTo("Root=1");

        ObjectNode receive = decode(SQS, "Action=ReceiveMessage&QueueUrl=q&AttributeName.1=All"
                + "&MessageAttributeName.1=color&MessageAttributeName.2=size&MaxNumberOfMessages=10");
        assertThat(receive.get("AttributeNames")).isEqualTo(json("[\"All\"]"));
        assertThat(receive.get("MessageAttributeNames")).isEqualTo(json("[\"color\",\"size\"]"));

        ObjectNode tag = decode(SQS, "Action=TagQueue&QueueUrl=q&Tag.1.Key=env&Tag.1.Value=prod&Tag.2.Key=team&Tag.2.Value=");
        assertThat(tag.get("Tags")).isEqualTo(json("{\"env\":\"prod\",\"team\":\"\"}"));
        assertThat(decode(SQS, "Action=UntagQueue&QueueUrl=q&TagKey.1=env").get("TagKeys")).isEqualTo(json("[\"env\"]"));
        ObjectNode batch = decode(SQS, "Action=SendMessageBatch&QueueUrl=q&SendMessageBatchRequestEntry.1.Id=a"
                + "&SendMessageBatchRequestEntry.1.MessageBody=x&SendMessageBatchRequestEntry.2.Id=b"
                + "&SendMessageBatchRequestEntry.2.MessageBody=y");
        assertThat(batch.get("Entries")).isEqualTo(json("[{\"Id\":\"a\",\"MessageBody\":\"x\"},{\"Id\":\"b\",\"MessageBody\":\"y\"}]"));
    }

    @Test
    void snsMapsAndEmptyLists() {
        ObjectNode publish = decode(SNS, "Action=Publish&TopicArn=arn%3At&Message=m"
                + "&MessageAttributes.entry.1.Name=a&MessageAttributes.entry.1.Value.DataType=Number"
                + "&MessageAttributes.entry.1.Value.StringValue=1.5");
        assertThat(publish.at("/MessageAttributes/a")).isEqualTo(json("{\"DataType\":\"Number\",\"StringValue\":\"1.5\"}"));
        ObjectNode untag = decode(IAM, "Action=UntagRole&RoleName=r&TagKeys=");
        assertThat(untag.get("TagKeys")).isEqualTo(json("[]"));
        ObjectNode tags = decode(IAM, "Action=UntagRole&RoleName=r&TagKeys.member.2=b&TagKeys.member.1=a&TagKeys.member.x=z");
        assertThat(tags.get("TagKeys")).isEqualTo(json("[\"a\",\"b\"]"));
    }

    @Test
    void scalarsParseAndBadOnesAreMalformedInput() {
        ObjectNode in = decode(IAM, "Action=ListRoles&MaxItems=10&PathPrefix=%2F");
        assertThat(in).isEqualTo(json("{\"PathPrefix\":\"/\",\"MaxItems\":10}"));
        AwsException e = catchAws(() -> decode(IAM, "Action=ListRoles&MaxItems=ten"));
        assertThat(e.code()).isEqualTo("MalformedInput");
        assertThat(e.getMessage()).contains("MaxItems").contains("an integer");
    }

    @Test
    void doublesAndTimestampsPrintAsXmlServicesPrintThem() {
        ServiceModel cw = ServiceModel.load("cloudwatch");
        ObjectNode out = (ObjectNode) json("""
                {"Label":"CPU","Datapoints":[{"Timestamp":1700000000.25,"SampleCount":3.0,"Average":0.1,
                 "Maximum":1.0E20,"Minimum":-2.5,"Unit":"Percent"}]}""");
        String xml = text(codec.encode(cw.operation("GetMetricStatistics"), out, "r"));
        assertThat(xml).contains("<Timestamp>2023-11-14T22:13:20.250Z</Timestamp><SampleCount>3</SampleCount>"
                + "<Average>0.1</Average><Minimum>-2.5</Minimum><Maximum>1.0E20</Maximum><Unit>Percent</Unit>");
    }

    @Test
    void errorsUseTheQueryCodeAndErrorResponse() {
        HttpResponse resp = codec.encodeError(IAM, null, new AwsException("NoSuchEntityException", "Role r not found"), "id-1");
        assertThat(resp.status()).isEqualTo(404);
        assertThat(text(resp)).isEqualTo("<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error>"
                + "<Type>Sender</Type><Code>NoSuchEntity</Code><Message>Role r not found</Message></Error>"
                + "<RequestId>id-1</RequestId></ErrorResponse>");
        HttpResponse sqs = codec.encodeError(SQS, null, new AwsException("QueueDoesNotExist", "The specified queue does not exist."), "id");
        assertThat(text(sqs)).contains("<Code>AWS.SimpleQueueService.NonExistentQueue</Code>");
        HttpResponse internal = codec.encodeError(SQS, null, AwsException.internal("x"), "id");
        assertThat(internal.status()).isEqualTo(500);
        assertThat(text(internal)).contains("<Type>Receiver</Type>");
    }

    @Test
    void missingAndUnknownActions() {
        assertThat(catchAws(() -> codec.resolve(IAM, form("Version=2010-05-08"))).code()).isEqualTo("MissingAction");
        AwsException e = catchAws(() -> codec.resolve(IAM, form("Action=DoesNotExist&Version=2010-05-08")));
        assertThat(e.code()).isEqualTo("InvalidAction");
        assertThat(e.status()).isEqualTo(400);
        OperationModel op = codec.resolve(IAM, request("GET", "/?Action=ListRoles&Version=2010-05-08").build());
        assertThat(op.name()).isEqualTo("ListRoles");
    }

    @Test
    void sqsSpeaksJsonAndQueryAndJsonErrorsCarryTheQueryCode() {
        assertThat(Codecs.forRequest(SQS, form("Action=ListQueues"))).isInstanceOf(QueryCodec.class);
        HttpRequest jsonRequest = request("POST", "/").header("X-Amz-Target", "AmazonSQS.ListQueues").body("{}").build();
        ProtocolCodec jsonCodec = Codecs.forRequest(SQS, jsonRequest);
        assertThat(jsonCodec).isInstanceOf(AwsJsonCodec.class);
        HttpResponse err = jsonCodec.encodeError(SQS, null,
                new AwsException("AWS.SimpleQueueService.NonExistentQueue", "The specified queue does not exist."), "r");
        assertThat(err.headers().first("x-amzn-query-error")).isEqualTo("AWS.SimpleQueueService.NonExistentQueue;Sender");
        assertThat(json(err).get("__type").asText()).isEqualTo("QueueDoesNotExist");
        assertThat(err.headers().first("x-amzn-ErrorType")).isEqualTo("QueueDoesNotExist");
    }

    @Test
    void sqsJsonKeepsItsJsonNamesWhileQueryUsesTheQueryOnes() {
        HttpRequest send = request("POST", "/").header("X-Amz-Target", "AmazonSQS.SendMessage").body(
                "{\"QueueUrl\":\"q\",\"MessageBody\":\"b\",\"MessageAttributes\":{\"a\":{\"DataType\":\"String\",\"StringValue\":\"v\"}}}")
                .build();
        ProtocolCodec jsonCodec = Codecs.forRequest(SQS, send);
        OperationModel op = jsonCodec.resolve(SQS, send);
        assertThat(jsonCodec.decode(op, send).at("/MessageAttributes/a/StringValue").asText()).isEqualTo("v");
        ObjectNode out = (ObjectNode) json("{\"Messages\":[{\"MessageId\":\"m\",\"Attributes\":{\"SenderId\":\"s\"}}]}");
        assertThat(json(jsonCodec.encode(SQS.operation("ReceiveMessage"), out, "r"))).isEqualTo(out);
        assertThat(codec.resolve(SQS, form("Action=ReceiveMessage")).service()).isSameAs(SQS.forProtocol("query"));
    }

    @Test
    void deeplyNestedOrHugeIndexedParametersAreIgnored() {
        ObjectNode in = decode(IAM, "Action=UntagRole&RoleName=r&TagKeys.member.999999999=a" + "&x.x".repeat(5000) + "=1");
        assertThat(in).isEqualTo(json("{\"RoleName\":\"r\"}"));
    }
}
