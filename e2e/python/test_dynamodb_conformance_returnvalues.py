"""DynamoDB conformance: ReturnValues and ReturnValuesOnConditionCheckFailure.

Facts (behaviours) come from a test suite that runs against real DynamoDB:
  - scylladb/scylladb test/alternator/test_returnvalues.py
The tests here are written for Stratus; only the facts are shared."""
import botocore.config
import pytest

from ddb_conformance import fails, table_s, unique  # noqa: F401 (fixtures)

V = "ValidationException"
CCF = "ConditionalCheckFailedException"


@pytest.fixture(scope="module")
def raw_table(stratus, table_s):
    """The table through a client that sends enum values botocore would refuse (DOG, none)."""
    import boto3
    return boto3.resource("dynamodb", endpoint_url=stratus.endpoint, region_name="us-east-1", aws_access_key_id="test",
                          aws_secret_access_key="test",
                          config=botocore.config.Config(parameter_validation=False)).Table(table_s.name)


def put(table, **item):
    p = unique()
    table.put_item(Item={"p": p, **item})
    return p


def setv(table, p, expr, values=None, rv="NONE", **kw):
    args = {"Key": {"p": p}, "UpdateExpression": expr, "ReturnValues": rv, **kw}
    if values:
        args["ExpressionAttributeValues"] = values
    return table.update_item(**args).get("Attributes")


@pytest.mark.parametrize("bad", ["DOG", "none", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"])
def test_put_and_delete_accept_only_none_and_all_old(raw_table, bad):
    p = put(raw_table, a="hi")
    fails(raw_table.put_item, V, None, Item={"p": p, "a": "hello"}, ReturnValues=bad)
    fails(raw_table.delete_item, V, None, Key={"p": p}, ReturnValues=bad)


@pytest.mark.parametrize("bad", ["DOG", "none"])
def test_update_rejects_unknown_return_values(raw_table, bad):
    fails(raw_table.update_item, V, None, Key={"p": unique()}, ReturnValues=bad, UpdateExpression="SET a = :v",
          ExpressionAttributeValues={":v": 1})


def test_put_and_delete_all_old(table_s):
    p = put(table_s, a="hi")
    assert "Attributes" not in table_s.put_item(Item={"p": p, "a": "x"})
    assert "Attributes" not in table_s.put_item(Item={"p": p, "a": "y"}, ReturnValues="NONE")
    assert table_s.put_item(Item={"p": p, "a": "hello"}, ReturnValues="ALL_OLD")["Attributes"] == {"p": p, "a": "y"}
    assert "Attributes" not in table_s.put_item(Item={"p": unique()}, ReturnValues="ALL_OLD")
    assert table_s.delete_item(Key={"p": p}, ReturnValues="ALL_OLD")["Attributes"] == {"p": p, "a": "hello"}
    assert "Attributes" not in table_s.delete_item(Key={"p": p}, ReturnValues="ALL_OLD")


def test_update_all_old(table_s):
    p = put(table_s, a="hi", b="dog")
    assert setv(table_s, p, "SET b = :v", {":v": "cat"}, "ALL_OLD") == {"p": p, "a": "hi", "b": "dog"}
    assert setv(table_s, unique(), "SET b = :v", {":v": "cat"}, "ALL_OLD") is None
    assert setv(table_s, p, "SET b = :v", {":v": "x"}) is None


def test_update_all_old_through_attribute_updates(table_s):
    p = put(table_s, a=3, b="dog")
    out = table_s.update_item(Key={"p": p}, ReturnValues="ALL_OLD", AttributeUpdates={"a": {"Action": "ADD", "Value": 2}})
    assert out["Attributes"] == {"p": p, "a": 3, "b": "dog"}
    table_s.put_item(Item={"p": p, "a": {2, 4, 6, 7}})
    out = table_s.update_item(Key={"p": p}, ReturnValues="ALL_OLD", AttributeUpdates={"a": {"Action": "DELETE", "Value": {4, 5}}})
    assert out["Attributes"] == {"p": p, "a": {2, 4, 6, 7}}
    assert table_s.get_item(Key={"p": p})["Item"] == {"p": p, "a": {2, 6, 7}}


def test_update_updated_old(table_s):
    p = put(table_s, a="hi", b="dog")
    assert setv(table_s, p, "SET b = :v, c = :w", {":v": "cat", ":w": "hello"}, "UPDATED_OLD") == {"b": "dog"}
    assert setv(table_s, p, "SET b = :v", {":v": "cat"}, "UPDATED_OLD") == {"b": "cat"}  # same value still counts
    assert setv(table_s, p, "REMOVE b", None, "UPDATED_OLD") == {"b": "cat"}
    assert setv(table_s, p, "SET b = :v", {":v": "cat"}, "UPDATED_OLD") is None
    assert setv(table_s, p, "SET b = :v, d = :w", {":v": "dog", ":w": "lion"}, "UPDATED_OLD") == {"b": "cat"}
    assert setv(table_s, p, "SET b = :v, d = :w", {":v": "cat", ":w": "tiger"}, "UPDATED_OLD") == {"b": "dog", "d": "lion"}
    assert "Attributes" not in table_s.update_item(Key={"p": p}, ReturnValues="UPDATED_OLD", AttributeUpdates={})


def test_update_all_new(table_s):
    p = put(table_s, a="hi", b="dog")
    assert setv(table_s, p, "SET b = :v", {":v": "cat"}, "ALL_NEW") == {"p": p, "a": "hi", "b": "cat"}
    assert setv(table_s, p, "REMOVE b", None, "ALL_NEW") == {"p": p, "a": "hi"}
    q = unique()
    assert setv(table_s, q, "SET b = :v", {":v": "cat"}, "ALL_NEW") == {"p": q, "b": "cat"}
    r = unique()
    assert setv(table_s, r, "REMOVE b", None, "ALL_NEW") is None  # nothing to remove: no item is created
    assert "Item" not in table_s.get_item(Key={"p": r})
    assert table_s.update_item(Key={"p": r}, ReturnValues="ALL_NEW", AttributeUpdates={})["Attributes"] == {"p": r}
    s = put(table_s, d="foo", n=3)
    assert setv(table_s, s, "REMOVE d SET t = :v", {":v": "cat"}, "ALL_NEW")["t"] == "cat"
    assert setv(table_s, s, "ADD n :v", {":v": 1}, "ALL_NEW")["n"] == 4


def test_update_updated_new(table_s):
    p = put(table_s, a="hi", b="dog")
    assert setv(table_s, p, "SET b = :v, c = :w", {":v": "cat", ":w": "hello"}, "UPDATED_NEW") == {"b": "cat", "c": "hello"}
    assert setv(table_s, p, "REMOVE b", None, "UPDATED_NEW") is None
    assert setv(table_s, p, "SET a = :v, b = :w REMOVE c", {":v": "dog", ":w": "tiger"}, "UPDATED_NEW") == {"a": "dog", "b": "tiger"}
    q = put(table_s, a=1)
    assert setv(table_s, q, "SET a = a + :v", {":v": 1}, "UPDATED_NEW") == {"a": 2}
    assert setv(table_s, unique(), "SET a = :v", {":v": 1}, "UPDATED_NEW") == {"a": 1}  # no key attributes
    r = unique()
    assert "Attributes" not in table_s.update_item(Key={"p": r}, ReturnValues="UPDATED_NEW", AttributeUpdates={})


def test_nested_return_values(table_s):
    p = put(table_s, a={"b": "dog", "c": [1, 2, 3]}, d="cat")
    assert setv(table_s, p, "SET a.b = :v", {":v": "hi"}, "ALL_OLD") == {"p": p, "a": {"b": "dog", "c": [1, 2, 3]}, "d": "cat"}
    assert setv(table_s, p, "SET a.b = :v", {":v": "yo"}, "UPDATED_OLD") == {"a": {"b": "hi"}}
    assert setv(table_s, p, "SET a.c[1] = :v", {":v": 7}, "UPDATED_OLD") == {"a": {"c": [2]}}
    assert setv(table_s, p, "SET a.c[1] = :v, a.b = :w", {":v": 8, ":w": "dog"}, "UPDATED_OLD") == {"a": {"b": "yo", "c": [7]}}
    assert setv(table_s, p, "SET a.b = :v", {":v": "hello"}, "UPDATED_NEW") == {"a": {"b": "hello"}}
    assert setv(table_s, p, "SET a.c[1] = :v, a.b = :w", {":v": 3, ":w": "dog"}, "UPDATED_NEW") == {"a": {"b": "dog", "c": [3]}}
    assert setv(table_s, p, "SET a.c[1] = :v", {":v": 4}, "ALL_NEW") == {"p": p, "a": {"b": "dog", "c": [1, 4, 3]}, "d": "cat"}
    assert setv(table_s, p, "REMOVE a.c[1], a.c[3]", None, "UPDATED_OLD") == {"a": {"c": [4]}}
    assert setv(table_s, p, "SET a.x1 = :v", {":v": 8}, "UPDATED_OLD") is None
    assert setv(table_s, p, "SET a.x2 = :v", {":v": 8}, "UPDATED_NEW") == {"a": {"x2": 8}}
    assert setv(table_s, p, "SET a.c[100] = :v", {":v": 70}, "UPDATED_NEW") is None  # appended, so not at [100]
    assert setv(table_s, p, "REMOVE a.c[1]", None, "UPDATED_NEW") == {"a": {"c": [70]}}  # the shifted element


@pytest.mark.parametrize("operation", ["put", "update", "delete"])
def test_return_values_on_condition_check_failure(table_s, operation):
    def call(p, expected, rv):
        common = {"ReturnValuesOnConditionCheckFailure": rv, "ConditionExpression": "s = :v1",
                  "ExpressionAttributeValues": {":v1": expected}}
        if operation == "put":
            return table_s.put_item(Item={"p": p, "s": "cat"}, **common)
        if operation == "delete":
            return table_s.delete_item(Key={"p": p}, **common)
        common["ExpressionAttributeValues"][":v2"] = "cat"
        return table_s.update_item(Key={"p": p}, UpdateExpression="SET s = :v2", **common)

    p = unique()
    with pytest.raises(table_s.meta.client.exceptions.ConditionalCheckFailedException) as err:
        call(p, "dog", "ALL_OLD")
    assert "Item" not in err.value.response  # no item, nothing to return
    table_s.put_item(Item={"p": p, "s": "dog"})
    out = call(p, "dog", "ALL_OLD")
    assert "Attributes" not in out and "Item" not in out
    table_s.put_item(Item={"p": p, "s": "dog"})
    with pytest.raises(table_s.meta.client.exceptions.ConditionalCheckFailedException) as err:
        call(p, "rat", "ALL_OLD")
    assert err.value.response["Item"] == {"p": {"S": p}, "s": {"S": "dog"}}
    with pytest.raises(table_s.meta.client.exceptions.ConditionalCheckFailedException) as err:
        call(p, "rat", "NONE")
    assert "Item" not in err.value.response


@pytest.mark.parametrize("bad", ["DUMMY", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"])
def test_return_values_on_condition_check_failure_takes_none_or_all_old(raw_table, bad):
    fails(raw_table.put_item, V, None, Item={"p": unique()}, ReturnValuesOnConditionCheckFailure=bad)
