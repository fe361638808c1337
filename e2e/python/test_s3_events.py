"""S3 event notifications, CORS and lifecycle rules through boto3 and plain HTTP against a running Stratus jar."""
import datetime
import json
import urllib.error
import urllib.request
import uuid

import pytest
from botocore.exceptions import ClientError


def name(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def s3(stratus):
    return stratus.client("s3")


@pytest.fixture
def bucket(s3):
    b = name("py-ev")
    s3.create_bucket(Bucket=b)
    return b


def records(sqs, url, expected):
    """Event documents from the queue (the s3:TestEvent skipped), long-polling until `expected` arrived."""
    out = []
    for _ in range(20):
        if len(out) >= expected:
            break
        for m in sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1, MaxNumberOfMessages=10).get("Messages", []):
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
            body = json.loads(m["Body"])
            if "Records" in body:
                out.append(body["Records"][0])
    return out


def test_object_created_reaches_a_queue_with_the_s3_record(stratus, s3, bucket):
    sqs = stratus.client("sqs")
    url = sqs.create_queue(QueueName=name("py-events"))["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={"QueueConfigurations": [{
        "Id": "py", "QueueArn": arn, "Events": ["s3:ObjectCreated:*"],
        "Filter": {"Key": {"FilterRules": [{"Name": "suffix", "Value": ".txt"}]}}}]})
    config = s3.get_bucket_notification_configuration(Bucket=bucket)
    assert config["QueueConfigurations"][0]["QueueArn"] == arn
    s3.put_object(Bucket=bucket, Key="skip.bin", Body=b"no")
    etag = s3.put_object(Bucket=bucket, Key="dir/a b.txt", Body=b"hello")["ETag"]
    got = records(sqs, url, 1)
    assert len(got) == 1
    assert got[0]["eventName"] == "ObjectCreated:Put"
    assert got[0]["s3"]["object"]["key"] == "dir/a+b.txt"
    assert got[0]["s3"]["object"]["size"] == 5
    assert got[0]["s3"]["object"]["eTag"] == etag.strip('"')


def test_unknown_destination_is_invalid_argument(s3, bucket):
    with pytest.raises(ClientError) as e:
        s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={"TopicConfigurations": [{
            "TopicArn": "arn:aws:sns:us-east-1:000000000000:nope", "Events": ["s3:ObjectRemoved:*"]}]})
    assert e.value.response["Error"]["Code"] == "InvalidArgument"
    assert e.value.response["Error"]["Message"] == "Unable to validate the following destination configurations"


def preflight(stratus, path, origin, method):
    req = urllib.request.Request(stratus.endpoint + path, method="OPTIONS",
                                 headers={"Origin": origin, "Access-Control-Request-Method": method})
    try:
        with urllib.request.urlopen(req, timeout=5) as r:
            return r.status, dict(r.headers), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode()


def test_cors_preflight_allowed_and_denied(stratus, s3, bucket):
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": [
        {"AllowedOrigins": ["http://localhost:3000"], "AllowedMethods": ["GET", "PUT"], "MaxAgeSeconds": 60}]})
    assert s3.get_bucket_cors(Bucket=bucket)["CORSRules"][0]["AllowedMethods"] == ["GET", "PUT"]
    status, headers, _ = preflight(stratus, f"/{bucket}/file.txt", "http://localhost:3000", "PUT")
    assert status == 200
    assert headers["Access-Control-Allow-Origin"] == "http://localhost:3000"
    assert headers["Access-Control-Max-Age"] == "60"
    status, _, body = preflight(stratus, f"/{bucket}/file.txt", "http://evil.test", "PUT")
    assert status == 403
    assert "<Code>AccessForbidden</Code>" in body


def test_lifecycle_rules_and_the_expiration_header(s3, bucket):
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": [
        {"ID": "tmp", "Status": "Enabled", "Filter": {"Prefix": "tmp/"}, "Expiration": {"Days": 1}}]})
    rules = s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"]
    assert rules[0]["ID"] == "tmp" and rules[0]["Expiration"]["Days"] == 1
    put = s3.put_object(Bucket=bucket, Key="tmp/x", Body=b"x")
    assert put["Expiration"].startswith('expiry-date="') and put["Expiration"].endswith('rule-id="tmp"')
    head = s3.head_object(Bucket=bucket, Key="tmp/x")
    assert head["Expiration"] == put["Expiration"]
    due = datetime.datetime.strptime(put["Expiration"].split('"')[1], "%a, %d %b %Y %H:%M:%S GMT")
    assert (due.hour, due.minute) == (0, 0)
    s3.delete_bucket_lifecycle(Bucket=bucket)
    with pytest.raises(ClientError) as e:
        s3.get_bucket_lifecycle_configuration(Bucket=bucket)
    assert e.value.response["Error"]["Code"] == "NoSuchLifecycleConfiguration"
