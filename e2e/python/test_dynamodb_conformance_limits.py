"""DynamoDB conformance: limits on attribute names.

Facts (behaviours and the parts of DynamoDB's error texts checked) come from a test suite that runs against real
DynamoDB:
  - scylladb/scylladb test/alternator/test_limits.py
The tests here are written for Stratus; only the facts are shared."""
import pytest

from ddb_conformance import create_table, fails, table_s, unique  # noqa: F401 (fixtures)

V = "ValidationException"
TOO_LONG = ("abcdefgh" * 8) * 1024  # 65536 bytes: one past the longest accepted name
LONG = TOO_LONG[:-1]


def test_names_up_to_65535_bytes_work_everywhere(table_s):
    p = unique()
    table_s.put_item(Item={"p": p, LONG: 1, "another": 2})
    assert table_s.get_item(Key={"p": p})["Item"] == {"p": p, LONG: 1, "another": 2}
    assert table_s.get_item(Key={"p": p}, ProjectionExpression="#n", ExpressionAttributeNames={"#n": LONG})["Item"] == {LONG: 1}
    assert table_s.get_item(Key={"p": p}, AttributesToGet=[LONG])["Item"] == {LONG: 1}
    table_s.update_item(Key={"p": p}, AttributeUpdates={LONG: {"Value": 2, "Action": "PUT"}})
    table_s.update_item(Key={"p": p}, UpdateExpression="SET #n = #n + :v", ConditionExpression="#n = :old",
                        ExpressionAttributeNames={"#n": LONG}, ExpressionAttributeValues={":v": 1, ":old": 2})
    assert table_s.get_item(Key={"p": p})["Item"][LONG] == 3


@pytest.mark.parametrize("how", ["put", "projection", "attributes_to_get", "attribute_updates", "update", "condition"])
def test_names_of_65536_bytes_are_rejected(table_s, how):
    p = unique()
    call = {
        "put": lambda: table_s.put_item(Item={"p": p, TOO_LONG: 1}),
        "projection": lambda: table_s.get_item(Key={"p": p}, ProjectionExpression="#n", ExpressionAttributeNames={"#n": TOO_LONG}),
        "attributes_to_get": lambda: table_s.get_item(Key={"p": p}, AttributesToGet=[TOO_LONG]),
        "attribute_updates": lambda: table_s.update_item(Key={"p": p}, AttributeUpdates={TOO_LONG: {"Value": 2, "Action": "PUT"}}),
        "update": lambda: table_s.update_item(Key={"p": p}, UpdateExpression="SET #n = :v",
                                              ExpressionAttributeNames={"#n": TOO_LONG}, ExpressionAttributeValues={":v": 3}),
        "condition": lambda: table_s.update_item(Key={"p": p}, UpdateExpression="SET a = :v", ConditionExpression="#n = :v",
                                                 ExpressionAttributeNames={"#n": TOO_LONG}, ExpressionAttributeValues={":v": 1}),
    }[how]
    fails(call, V, "6553[56]")


def test_key_names_up_to_255_characters(stratus):
    h, r = "h" * 255, "r" * 255
    table = create_table(stratus, [(h, "HASH"), (r, "RANGE")], {h: "S", r: "S"})
    table.put_item(Item={h: "hi", r: "ho", "another": 2})
    assert table.get_item(Key={h: "hi", r: "ho"})["Item"] == {h: "hi", r: "ho", "another": 2}
    table.delete()


@pytest.mark.parametrize("keys,defs", [
    ([("x" * 256, "HASH")], {"x" * 256: "S"}),
    ([("x", "HASH"), ("y" * 256, "RANGE")], {"x": "S", "y" * 256: "S"}),
    ([("z" * 256, "HASH")], {"short": "S"}),
    ([("short", "HASH")], {"z" * 256: "S"})])
def test_key_names_over_255_characters(stratus, keys, defs):
    fails(create_table, V, "25[56]", stratus=stratus, keys=keys, attrs=defs)


def test_index_key_names_over_255_characters(stratus):
    long_name = "g" * 256
    fails(create_table, V, "25[56]", stratus=stratus, keys=[("a", "HASH"), ("b", "RANGE")],
          attrs={"a": "S", "b": "S", long_name: "S"},
          GlobalSecondaryIndexes=[{"IndexName": "gsi", "KeySchema": [{"AttributeName": long_name, "KeyType": "HASH"}],
                                   "Projection": {"ProjectionType": "ALL"}}])
