"""DynamoDB conformance: local secondary indexes.

Facts (behaviours and the parts of DynamoDB's error texts checked) come from a test suite that runs against real
DynamoDB:
  - scylladb/scylladb test/alternator/test_lsi.py
The tests here are written for Stratus; only the facts are shared."""
import pytest

from ddb_conformance import create_table, fails, unique

V = "ValidationException"


def lsi(name, range_key, projection="ALL"):
    return {"IndexName": name, "KeySchema": [{"AttributeName": "p", "KeyType": "HASH"},
                                             {"AttributeName": range_key, "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": projection}}


@pytest.fixture(scope="module")
def by_b(stratus):
    t = create_table(stratus, [("p", "HASH"), ("c", "RANGE")], {"p": "S", "c": "S", "b": "S"},
                     LocalSecondaryIndexes=[lsi("hello", "b")])
    yield t
    t.delete()


@pytest.fixture(scope="module")
def keys_only(stratus):
    t = create_table(stratus, [("p", "HASH"), ("c", "RANGE")], {"p": "S", "c": "S", "b": "S"},
                     LocalSecondaryIndexes=[lsi("hello", "b", "KEYS_ONLY")])
    yield t
    t.delete()


def index_query(table, p, b, **kw):
    items, args = [], {"IndexName": "hello", "ConsistentRead": True, **kw,
                       "KeyConditions": {"p": {"AttributeValueList": [p], "ComparisonOperator": "EQ"},
                                         "b": {"AttributeValueList": [b], "ComparisonOperator": "EQ"}}}
    while True:
        page = table.query(**args)
        items += page["Items"]
        if "LastEvaluatedKey" not in page:
            return items
        args["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def test_an_index_identical_to_the_table(stratus):
    t = create_table(stratus, [("p", "HASH"), ("c", "RANGE")], {"p": "S", "c": "S"},
                     LocalSecondaryIndexes=[lsi("hello", "c")])
    items = [{"p": unique(), "c": unique()} for _ in range(5)]
    for i in items:
        t.put_item(Item=i)
    key = lambda i: (i["p"], i["c"])  # noqa: E731
    assert sorted(t.scan(IndexName="hello", ConsistentRead=True)["Items"], key=key) == sorted(items, key=key)
    fails(t.scan, V, None, IndexName="wrong")
    t.delete()


@pytest.mark.parametrize("index_keys,pattern", [([("b", "HASH"), ("p", "RANGE")], "hash key"),
                                                ([("p", "HASH"), ("p", "RANGE")], "same"),
                                                ([("p", "HASH")], None)])
def test_invalid_local_index_keys(stratus, index_keys, pattern):
    index = {"IndexName": "hello", "KeySchema": [{"AttributeName": n, "KeyType": t} for n, t in index_keys],
             "Projection": {"ProjectionType": "ALL"}}
    defs = {"p": "S", "c": "S", **({"b": "S"} if any(n == "b" for n, _ in index_keys) else {})}
    fails(create_table, V, pattern, stratus=stratus, keys=[("p", "HASH"), ("c", "RANGE")], attrs=defs,
          LocalSecondaryIndexes=[index])


def test_a_local_index_needs_a_table_sort_key(stratus):
    fails(create_table, V, None, stratus=stratus, keys=[("p", "HASH")], attrs={"p": "S", "c": "S"},
          LocalSecondaryIndexes=[lsi("hello", "c")])


def test_query_by_the_alternative_sort_key(by_b):
    items = [{"p": unique(), "c": unique(), "b": unique()} for _ in range(5)]
    p2, b2 = unique(), unique()
    items.append({"p": p2, "c": p2, "b": b2})
    for i in items:
        by_b.put_item(Item=i)
    assert index_query(by_b, items[0]["p"], items[0]["b"]) == [items[0]]
    assert index_query(by_b, p2, b2) == [items[-1]]


def test_empty_string_in_an_index_key(by_b):
    fails(by_b.put_item, V, "empty", Item={"p": unique(), "c": unique(), "b": ""})


def test_describe_gives_index_arns(by_b):
    table = by_b.meta.client.describe_table(TableName=by_b.name)["Table"]
    assert [i["IndexName"] for i in table["LocalSecondaryIndexes"]] == ["hello"]
    assert table["LocalSecondaryIndexes"][0]["IndexArn"] == table["TableArn"] + "/index/hello"


def test_unprojected_attributes_are_fetched_when_asked(keys_only):
    p, b, d = unique(), unique(), unique()
    item = {"p": p, "c": unique(), "b": b, "d": d}
    keys_only.put_item(Item=item)
    assert index_query(keys_only, p, b, Select="ALL_ATTRIBUTES") == [item]
    assert index_query(keys_only, p, b, Select="SPECIFIC_ATTRIBUTES", AttributesToGet=["d"]) == [{"d": d}]
    # by default (ALL_PROJECTED_ATTRIBUTES) a KEYS_ONLY index gives the keys only
    assert index_query(keys_only, p, b) == [{"p": p, "c": item["c"], "b": b}]
