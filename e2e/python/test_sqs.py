"""SQS through boto3 (JSON protocol), the AWS CLI v1 (JSON) and v2 2.9 (query protocol), and across kill -9."""
import hashlib
import json
import struct
import threading
import time
import uuid

import pytest
from botocore.exceptions import ClientError

from conftest import AWS_CLI_V2


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def attributes_md5(attrs):
    """AWS's digest of message attributes, written out independently of the server's."""
    out = b""
    for name in sorted(attrs):
        v = attrs[name]
        out += struct.pack(">I", len(name.encode())) + name.encode()
        out += struct.pack(">I", len(v["DataType"].encode())) + v["DataType"].encode()
        if "BinaryValue" in v:
            out += b"\x02" + struct.pack(">I", len(v["BinaryValue"])) + v["BinaryValue"]
        else:
            out += b"\x01" + struct.pack(">I", len(v["StringValue"].encode())) + v["StringValue"].encode()
    return hashlib.md5(out).hexdigest()


def test_boto3_round_trip_with_attributes_and_digests(stratus):
    sqs = stratus.client("sqs")
    url = sqs.create_queue(QueueName=unique("py"))["QueueUrl"]
    assert url.startswith(stratus.endpoint + "/000000000000/")
    attrs = {"a": {"DataType": "String", "StringValue": "x"}, "n": {"DataType": "Number", "StringValue": "7"},
             "b": {"DataType": "Binary", "BinaryValue": b"\x00\xff"}}
    sent = sqs.send_message(QueueUrl=url, MessageBody="hello ünïcode", MessageAttributes=attrs)
    assert sent["MD5OfMessageBody"] == hashlib.md5("hello ünïcode".encode()).hexdigest()
    assert sent["MD5OfMessageAttributes"] == attributes_md5(attrs)
    got = sqs.receive_message(QueueUrl=url, MessageAttributeNames=["All"], MessageSystemAttributeNames=["All"])
    [m] = got["Messages"]
    assert m["Body"] == "hello ünïcode" and m["MessageAttributes"] == attrs
    assert m["MD5OfMessageAttributes"] == attributes_md5(attrs)
    assert m["Attributes"]["ApproximateReceiveCount"] == "1"
    sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
    assert "Messages" not in sqs.receive_message(QueueUrl=url)


def test_boto3_errors_have_the_query_compatible_codes(stratus):
    sqs = stratus.client("sqs")
    with pytest.raises(sqs.exceptions.QueueDoesNotExist) as e:
        sqs.get_queue_url(QueueName=unique("missing"))
    assert e.value.response["Error"]["Code"] == "AWS.SimpleQueueService.NonExistentQueue"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    url = sqs.create_queue(QueueName=unique("err"))["QueueUrl"]
    with pytest.raises(ClientError) as e:
        sqs.delete_message(QueueUrl=url, ReceiptHandle="nonsense")
    assert e.value.response["Error"]["Code"] == "ReceiptHandleIsInvalid"
    with pytest.raises(ClientError) as e:
        sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": "x", "MessageBody": "1"}, {"Id": "x", "MessageBody": "2"}])
    assert e.value.response["Error"]["Code"] == "AWS.SimpleQueueService.BatchEntryIdsNotDistinct"


def test_boto3_long_poll_wakes_on_arrival(stratus):
    sqs = stratus.client("sqs")
    url = sqs.create_queue(QueueName=unique("poll"))["QueueUrl"]
    result = {}

    def poll():
        result["r"] = stratus.client("sqs").receive_message(QueueUrl=url, WaitTimeSeconds=20)

    t = threading.Thread(target=poll)
    start = time.time()
    t.start()
    time.sleep(0.3)
    sqs.send_message(QueueUrl=url, MessageBody="ping")
    t.join(15)
    assert [m["Body"] for m in result["r"]["Messages"]] == ["ping"]
    assert time.time() - start < 5


def test_boto3_fifo_order_and_dedup(stratus):
    sqs = stratus.client("sqs")
    url = sqs.create_queue(QueueName=unique("py") + ".fifo",
                           Attributes={"FifoQueue": "true", "ContentBasedDeduplication": "true"})["QueueUrl"]
    ids = [sqs.send_message(QueueUrl=url, MessageBody=b, MessageGroupId="g")["MessageId"] for b in ("1", "2", "1")]
    assert ids[2] == ids[0]
    got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
    assert [m["Body"] for m in got] == ["1", "2"]


def test_cli_v1_speaks_json(stratus):
    url = stratus.aws("sqs", "create-queue", "--queue-name", unique("cli1"))["QueueUrl"]
    stratus.aws("sqs", "send-message", "--queue-url", url, "--message-body", "from cli",
                "--message-attributes", '{"k": {"DataType": "String", "StringValue": "v"}}')
    got = stratus.aws("sqs", "receive-message", "--queue-url", url, "--message-attribute-names", "All",
                      "--attribute-names", "All")
    [m] = got["Messages"]
    assert m["Body"] == "from cli" and m["MessageAttributes"]["k"]["StringValue"] == "v"
    attrs = stratus.aws("sqs", "get-queue-attributes", "--queue-url", url, "--attribute-names", "All")["Attributes"]
    assert attrs["ApproximateNumberOfMessagesNotVisible"] == "1"
    stratus.aws("sqs", "delete-message", "--queue-url", url, "--receipt-handle", m["ReceiptHandle"])
    assert url in stratus.aws("sqs", "list-queues")["QueueUrls"]
    stratus.aws("sqs", "delete-queue", "--queue-url", url)
    out = stratus.aws("sqs", "get-queue-url", "--queue-name", url.rsplit("/", 1)[1], check=False)
    assert out.returncode != 0 and "NonExistentQueue" in out.stderr


@pytest.mark.skipif(AWS_CLI_V2 is None, reason="needs the AWS CLI v2 (Debian's awscli)")
def test_cli_v2_round_trip(stratus):
    cli = AWS_CLI_V2
    url = stratus.aws("sqs", "create-queue", "--queue-name", unique("cli2"), "--attributes", "VisibilityTimeout=45",
                      cli=cli)["QueueUrl"]
    stratus.aws("sqs", "send-message", "--queue-url", url, "--message-body", "v2 <body> & more",
                "--message-attributes", '{"k": {"DataType": "Number", "StringValue": "12"}}', cli=cli)
    got = stratus.aws("sqs", "receive-message", "--queue-url", url, "--message-attribute-names", "All",
                      "--attribute-names", "All", cli=cli)
    [m] = got["Messages"]
    assert m["Body"] == "v2 <body> & more" and m["MessageAttributes"]["k"]["StringValue"] == "12"
    attrs = stratus.aws("sqs", "get-queue-attributes", "--queue-url", url, "--attribute-names", "VisibilityTimeout",
                        cli=cli)["Attributes"]
    assert attrs == {"VisibilityTimeout": "45"}
    out = stratus.aws("sqs", "get-queue-url", "--queue-name", unique("nope"), check=False, cli=cli)
    assert out.returncode != 0 and "NonExistentQueue" in out.stderr


def test_sent_messages_survive_kill_9(start_server, data_dir):
    s = start_server(data_dir=data_dir)
    sqs = s.client("sqs")
    url = sqs.create_queue(QueueName="durable")["QueueUrl"]
    for i in range(20):
        sqs.send_message(QueueUrl=url, MessageBody=f"m{i}")
    s.kill9()
    again = start_server(data_dir=data_dir, port=s.port)
    sqs = again.client("sqs")
    bodies = []
    while True:
        got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
        if not got:
            break
        bodies += [m["Body"] for m in got]
    assert sorted(bodies) == sorted(f"m{i}" for i in range(20))


def test_receives_deletes_and_visibility_changes_survive_kill_9(start_server, data_dir):
    """A receive's delivery state is stored apart from the message: all of it must be back after kill -9."""
    s = start_server(data_dir=data_dir)
    sqs = s.client("sqs")
    url = sqs.create_queue(QueueName="delivery-state")["QueueUrl"]
    for body in ("kept", "deleted", "hidden"):
        sqs.send_message(QueueUrl=url, MessageBody=body)
    got = {m["Body"]: m for m in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10,
                                                       VisibilityTimeout=1)["Messages"]}
    assert set(got) == {"kept", "deleted", "hidden"}
    sqs.delete_message(QueueUrl=url, ReceiptHandle=got["deleted"]["ReceiptHandle"])
    sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=got["hidden"]["ReceiptHandle"], VisibilityTimeout=600)
    s.kill9()
    again = start_server(data_dir=data_dir, port=s.port)
    sqs = again.client("sqs")
    back = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=5,
                               AttributeNames=["ApproximateReceiveCount"]).get("Messages", [])
    assert [(m["Body"], m["Attributes"]["ApproximateReceiveCount"]) for m in back] == [("kept", "2")]
    counts = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    assert (counts["ApproximateNumberOfMessages"], counts["ApproximateNumberOfMessagesNotVisible"]) == ("0", "2")
