"""SNS through boto3 and the AWS CLI: topics, subscriptions, publishing, an http subscriber verifying signatures,
and topics plus the signing key surviving a restart."""
import base64
import json
import queue
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, HTTPServer

import botocore.exceptions
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding


def error_of(call):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        call()
    return e.value.response["Error"]["Code"], e.value.response["Error"]["Message"], \
        e.value.response["ResponseMetadata"]["HTTPStatusCode"]


def test_topic_lifecycle_with_boto3(stratus):
    sns = stratus.client("sns")
    arn = sns.create_topic(Name="py-topic", Attributes={"DisplayName": "Py"}, Tags=[{"Key": "k", "Value": "v"}])["TopicArn"]
    assert arn == "arn:aws:sns:us-east-1:000000000000:py-topic"
    assert sns.create_topic(Name="py-topic")["TopicArn"] == arn
    attrs = sns.get_topic_attributes(TopicArn=arn)["Attributes"]
    assert attrs["DisplayName"] == "Py" and attrs["SubscriptionsConfirmed"] == "0"
    assert json.loads(attrs["Policy"])["Statement"][0]["Resource"] == arn
    assert sns.list_tags_for_resource(ResourceArn=arn)["Tags"] == [{"Key": "k", "Value": "v"}]
    assert arn in [t["TopicArn"] for t in sns.list_topics()["Topics"]]
    sns.delete_topic(TopicArn=arn)
    assert error_of(lambda: sns.get_topic_attributes(TopicArn=arn)) == ("NotFound", "Topic does not exist", 404)


def test_subscribe_publish_and_errors_with_boto3(stratus):
    sns = stratus.client("sns")
    arn = sns.create_topic(Name="py-pub")["TopicArn"]
    sub = sns.subscribe(TopicArn=arn, Protocol="sqs", Endpoint="arn:aws:sqs:us-east-1:000000000000:q",
                        Attributes={"RawMessageDelivery": "true"})["SubscriptionArn"]
    assert sns.get_subscription_attributes(SubscriptionArn=sub)["Attributes"]["RawMessageDelivery"] == "true"
    assert sns.subscribe(TopicArn=arn, Protocol="email", Endpoint="a@example.com")["SubscriptionArn"] == \
        "pending confirmation"
    assert len(sns.list_subscriptions_by_topic(TopicArn=arn)["Subscriptions"]) == 2
    out = sns.publish(TopicArn=arn, Message="hi", MessageAttributes={"n": {"DataType": "Number", "StringValue": "1"}})
    assert len(out["MessageId"]) == 36
    batch = sns.publish_batch(TopicArn=arn, PublishBatchRequestEntries=[
        {"Id": "a", "Message": "1"}, {"Id": "b", "Message": ""}])
    assert [e["Id"] for e in batch["Successful"]] == ["a"]
    assert batch["Failed"][0]["Code"] == "InvalidParameter"
    assert error_of(lambda: sns.publish(TopicArn=arn, Message="x", Subject="")) == \
        ("InvalidParameter", "Invalid parameter: Subject", 400)
    assert error_of(lambda: sns.subscribe(TopicArn=arn, Protocol="nope", Endpoint="x"))[0] == "InvalidParameter"
    sns.unsubscribe(SubscriptionArn=sub)
    assert error_of(lambda: sns.get_subscription_attributes(SubscriptionArn=sub)) == \
        ("NotFound", "Subscription does not exist", 404)


class Hook(BaseHTTPRequestHandler):
    received = queue.Queue()

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        Hook.received.put((self.headers["x-amz-sns-message-type"], json.loads(body)))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def verify(message, fields):
    """Verifies an SNS message as the AWS docs tell subscribers to: canonical string, SHA1withRSA, SigningCertURL."""
    canonical = "".join(f"{k}\n{message[k]}\n" for k in fields if k in message)
    pem = urllib.request.urlopen(message["SigningCertURL"], timeout=5).read()
    cert = x509.load_pem_x509_certificate(pem)
    cert.public_key().verify(base64.b64decode(message["Signature"]), canonical.encode(), padding.PKCS1v15(),
                             hashes.SHA1())


def test_http_subscriber_confirms_and_verifies_signatures(stratus):
    server = HTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        sns = stratus.client("sns")
        arn = sns.create_topic(Name="py-http")["TopicArn"]
        sns.subscribe(TopicArn=arn, Protocol="http", Endpoint=f"http://127.0.0.1:{server.server_port}/")
        kind, confirmation = Hook.received.get(timeout=15)
        assert kind == "SubscriptionConfirmation"
        verify(confirmation, ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"])
        urllib.request.urlopen(confirmation["SubscribeURL"], timeout=5).read()
        subs = sns.list_subscriptions_by_topic(TopicArn=arn)["Subscriptions"]
        assert subs[0]["SubscriptionArn"].startswith(arn + ":")
        message_id = sns.publish(TopicArn=arn, Message="signed", Subject="S")["MessageId"]
        kind, note = Hook.received.get(timeout=15)
        assert kind == "Notification" and note["MessageId"] == message_id and note["Message"] == "signed"
        verify(note, ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"])
    finally:
        server.shutdown()


def test_cli_create_publish_list(stratus):
    arn = stratus.aws("sns", "create-topic", "--name", "cli-topic")["TopicArn"]
    assert arn.endswith(":cli-topic")
    out = stratus.aws("sns", "publish", "--topic-arn", arn, "--message", "from the cli")
    assert len(out["MessageId"]) == 36
    assert arn in [t["TopicArn"] for t in stratus.aws("sns", "list-topics")["Topics"]]
    stratus.aws("sns", "set-topic-attributes", "--topic-arn", arn, "--attribute-name", "DisplayName",
                "--attribute-value", "CLI")
    attrs = stratus.aws("sns", "get-topic-attributes", "--topic-arn", arn)["Attributes"]
    assert attrs["DisplayName"] == "CLI"
    failed = stratus.aws("sns", "get-topic-attributes", "--topic-arn", arn + "-missing", check=False)
    assert failed.returncode != 0 and "NotFound" in failed.stderr


def test_topics_subscriptions_and_signing_cert_survive_restart(start_server, data_dir):
    s = start_server(data_dir=data_dir)
    sns = s.client("sns")
    arn = sns.create_topic(Name="durable-topic")["TopicArn"]
    sub = sns.subscribe(TopicArn=arn, Protocol="sqs", Endpoint="arn:aws:sqs:us-east-1:000000000000:q")["SubscriptionArn"]
    pem = urllib.request.urlopen(s.endpoint + "/_stratus/sns/SimpleNotificationService.pem", timeout=5).read()
    s.kill9()
    again = start_server(data_dir=data_dir, port=s.port)
    sns = again.client("sns")
    assert arn in [t["TopicArn"] for t in sns.list_topics()["Topics"]]
    assert sns.get_subscription_attributes(SubscriptionArn=sub)["Attributes"]["TopicArn"] == arn
    assert urllib.request.urlopen(again.endpoint + "/_stratus/sns/SimpleNotificationService.pem", timeout=5).read() == pem


def test_fan_out_to_sqs_with_boto3(stratus):
    sqs, sns = stratus.client("sqs"), stratus.client("sns")
    url = sqs.create_queue(QueueName="py-sns-target")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    arn = sns.create_topic(Name="py-fan-out")["TopicArn"]
    sns.subscribe(TopicArn=arn, Protocol="sqs", Endpoint=queue_arn,
                  Attributes={"FilterPolicy": json.dumps({"n": [{"numeric": [">", 5]}]})})
    sns.publish(TopicArn=arn, Message="small", MessageAttributes={"n": {"DataType": "Number", "StringValue": "1"}})
    message_id = sns.publish(TopicArn=arn, Message="big",
                             MessageAttributes={"n": {"DataType": "Number", "StringValue": "10"}})["MessageId"]
    got = []
    for _ in range(10):
        got += sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1, MaxNumberOfMessages=10).get("Messages", [])
        if got:
            break
    assert [json.loads(m["Body"])["MessageId"] for m in got] == [message_id]
    assert json.loads(got[0]["Body"])["Message"] == "big"
