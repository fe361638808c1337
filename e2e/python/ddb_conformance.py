"""Shared fixtures and helpers for the DynamoDB conformance suites (test_dynamodb_conformance_*.py).

The suites check facts about real DynamoDB that third-party test suites established by running against AWS
itself; each test file names its sources. The tests are our own: only the facts (behaviours and error texts)
come from those suites."""
import re
import uuid

import boto3
import botocore.exceptions
import pytest


def unique(prefix="t"):
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def resource(stratus):
    return boto3.resource("dynamodb", endpoint_url=stratus.endpoint, region_name="us-east-1",
                          aws_access_key_id="test", aws_secret_access_key="test")


def create_table(stratus, keys, attrs, **kw):
    """Creates an on-demand table; `keys` is [(name, 'HASH'|'RANGE')], `attrs` is {name: 'S'|'N'|'B'}."""
    name = unique("conf")
    ddb = stratus.client("dynamodb")
    ddb.create_table(TableName=name, BillingMode=kw.pop("BillingMode", "PAY_PER_REQUEST"),
                     KeySchema=[{"AttributeName": n, "KeyType": t} for n, t in keys],
                     AttributeDefinitions=[{"AttributeName": n, "AttributeType": t} for n, t in attrs.items()], **kw)
    ddb.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 20})
    return resource(stratus).Table(name)


def fails(call, code, message=None, **kwargs):
    """Runs call(**kwargs), asserting an AWS error with `code` whose message matches the regex `message`
    (re.search); returns the message."""
    with pytest.raises(botocore.exceptions.ClientError) as e:
        call(**kwargs)
    err = e.value.response["Error"]
    assert err["Code"] == code, f"expected {code}, got {err['Code']}: {err.get('Message')}"
    if message is not None:
        assert re.search(message, err.get("Message", "")), f"message {err.get('Message')!r} !~ {message!r}"
    return err.get("Message", "")


@pytest.fixture(scope="module")
def table_s(stratus):
    """A table with a string partition key `p` only."""
    t = create_table(stratus, [("p", "HASH")], {"p": "S"})
    yield t
    t.delete()


@pytest.fixture(scope="module")
def table_sn(stratus):
    """A table with a string partition key `p` and a number sort key `c`."""
    t = create_table(stratus, [("p", "HASH"), ("c", "RANGE")], {"p": "S", "c": "N"})
    yield t
    t.delete()


@pytest.fixture(scope="module")
def table_ss(stratus):
    """A table with a string partition key `p` and a string sort key `c`."""
    t = create_table(stratus, [("p", "HASH"), ("c", "RANGE")], {"p": "S", "c": "S"})
    yield t
    t.delete()


@pytest.fixture(scope="module")
def client(stratus):
    return stratus.client("dynamodb")
