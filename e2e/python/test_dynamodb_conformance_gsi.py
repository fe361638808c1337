"""DynamoDB conformance: global secondary indexes.

Facts (behaviours and DynamoDB's error texts) come from test suites that run against real DynamoDB:
  - scylladb/scylladb test/alternator/test_gsi.py
  - architect/dynalite test/updateItem.js (the index-key texts: type mismatch, nested paths into index keys)
The tests here are written for Stratus; only the facts are shared."""
import pytest

from ddb_conformance import create_table, fails, unique

V = "ValidationException"


def gsi(name, *keys):
    return {"IndexName": name, "KeySchema": [{"AttributeName": n, "KeyType": t} for n, t in keys],
            "Projection": {"ProjectionType": "ALL"}}


@pytest.fixture(scope="module")
def reversed_keys(stratus):
    t = create_table(stratus, [("p", "HASH"), ("c", "RANGE")], {"p": "S", "c": "S"},
                     GlobalSecondaryIndexes=[gsi("hello", ("c", "HASH"), ("p", "RANGE"))])
    yield t
    t.delete()


@pytest.fixture(scope="module")
def by_x(stratus):
    t = create_table(stratus, [("p", "HASH")], {"p": "S", "x": "S"}, GlobalSecondaryIndexes=[gsi("hello", ("x", "HASH"))])
    yield t
    t.delete()


@pytest.fixture(scope="module")
def by_a_b(stratus):
    t = create_table(stratus, [("p", "HASH")], {"p": "S", "a": "S", "b": "S"},
                     GlobalSecondaryIndexes=[gsi("hello", ("a", "HASH"), ("b", "RANGE"))])
    yield t
    t.delete()


def index_query(table, **conditions):
    return table.query(IndexName="hello", KeyConditions={k: {"AttributeValueList": [v], "ComparisonOperator": "EQ"}
                                                         for k, v in conditions.items()})["Items"]


def index_scan(table):
    return table.scan(IndexName="hello")["Items"]


def test_an_index_answers_queries_the_table_cannot(reversed_keys):
    c = unique()
    items = [{"p": unique(), "c": c, "x": unique()} for _ in range(5)]
    for i in items:
        reversed_keys.put_item(Item=i)
    fails(reversed_keys.query, V, None, KeyConditions={"c": {"AttributeValueList": [c], "ComparisonOperator": "EQ"}})
    assert sorted(index_query(reversed_keys, c=c), key=lambda i: i["p"]) == sorted(items, key=lambda i: i["p"])


def test_unknown_index_is_a_validation_error_naming_it(reversed_keys):
    fails(reversed_keys.query, V, "wrong_name", IndexName="wrong_name",
          KeyConditions={"x": {"AttributeValueList": ["1"], "ComparisonOperator": "EQ"}})
    fails(reversed_keys.scan, V, "wrong_name", IndexName="wrong_name")


def test_unknown_table_with_an_index_is_not_found(stratus):
    client = stratus.client("dynamodb")
    fails(client.query, "ResourceNotFoundException", None, TableName="nonexistent_table", IndexName="any_name",
          KeyConditions={"x": {"AttributeValueList": [{"S": "1"}], "ComparisonOperator": "EQ"}})
    fails(client.scan, "ResourceNotFoundException", None, TableName="nonexistent_table", IndexName="any_name")


def test_no_strongly_consistent_reads_on_a_gsi(reversed_keys):
    fails(reversed_keys.query, V, "Consistent", IndexName="hello", ConsistentRead=True,
          KeyConditions={"c": {"AttributeValueList": ["hi"], "ComparisonOperator": "EQ"}})
    fails(reversed_keys.scan, V, "Consistent", IndexName="hello", ConsistentRead=True)


def test_describe_lists_the_index(reversed_keys):
    index = reversed_keys.meta.client.describe_table(TableName=reversed_keys.name)["Table"]["GlobalSecondaryIndexes"]
    assert len(index) == 1 and index[0]["IndexName"] == "hello"
    assert index[0]["Projection"] == {"ProjectionType": "ALL"}
    assert index[0]["KeySchema"] == [{"AttributeName": "c", "KeyType": "HASH"}, {"AttributeName": "p", "KeyType": "RANGE"}]
    assert index[0]["IndexStatus"] == "ACTIVE" and "ItemCount" in index[0] and "IndexSizeBytes" in index[0]


def test_index_keys_need_definitions(stratus):
    fails(create_table, V, "AttributeDefinitions", stratus=stratus, keys=[("p", "HASH")], attrs={"p": "S"},
          GlobalSecondaryIndexes=[gsi("hello", ("c", "HASH"))])


def test_items_without_the_index_key_stay_out_of_the_index(by_x, by_a_b):
    p1, p2, x1 = unique(), unique(), unique()
    by_x.put_item(Item={"p": p1, "x": x1})
    by_x.put_item(Item={"p": p2})
    assert index_query(by_x, x=x1) == [{"p": p1, "x": x1}]
    assert not any(i["p"] == p2 for i in index_scan(by_x))
    p = unique()
    for item in [{"p": p, "b": "b"}, {"p": p, "a": "a"}, {"p": p}]:
        by_a_b.put_item(Item=item)
        assert not any(i["p"] == p for i in index_scan(by_a_b))


def test_empty_string_in_an_index_key(by_x):
    fails(by_x.put_item, V, "empty", Item={"p": unique(), "x": ""})


def test_wrong_index_key_type_rejects_the_write(by_x):
    p = unique()
    fails(by_x.put_item, V, "^One or more parameter values were invalid: Type mismatch for Index Key x Expected: S "
                            "Actual: N IndexName: hello$", Item={"p": p, "x": 3})
    assert "Item" not in by_x.get_item(Key={"p": p})
    by_x.put_item(Item={"p": p, "x": "ok"})
    fails(by_x.update_item, V, "mismatch", Key={"p": p}, AttributeUpdates={"x": {"Value": 3, "Action": "PUT"}})
    fails(by_x.update_item, V, None, Key={"p": p}, UpdateExpression="SET x = :v", ExpressionAttributeValues={":v": {"a": 3}})
    assert by_x.get_item(Key={"p": p})["Item"] == {"p": p, "x": "ok"}


def test_nested_paths_into_an_index_key(by_x):
    p = unique()
    by_x.put_item(Item={"p": p, "x": "ok"})
    fails(by_x.update_item, V, "^Key attributes must be scalars; list random access '\\[\\]' and map lookup '\\.' are not "
                               "allowed: IndexKey: x$", Key={"p": p}, UpdateExpression="SET x.y = :v",
          ExpressionAttributeValues={":v": 3})


def test_a_bad_item_rejects_the_whole_batch(by_x):
    ps = [unique() for _ in range(3)]
    fails(by_x.meta.client.batch_write_item, V, "mismatch", RequestItems={by_x.name: [
        {"PutRequest": {"Item": {"p": ps[0], "x": "a"}}}, {"PutRequest": {"Item": {"p": ps[1], "x": 3}}},
        {"PutRequest": {"Item": {"p": ps[2], "x": "c"}}}]})
    assert all("Item" not in by_x.get_item(Key={"p": p}) for p in ps)


def test_index_rows_follow_updates(by_a_b):
    p, a, b = unique(), unique(), unique()
    item = {"p": p, "a": a, "b": b, "d": unique()}
    by_a_b.put_item(Item=item)
    assert index_query(by_a_b, a=a, b=b) == [item]
    by_a_b.update_item(Key={"p": p}, AttributeUpdates={"b": {"Value": b, "Action": "PUT"}})  # same value
    assert index_query(by_a_b, a=a, b=b) == [item]
    item["d"] = unique()
    by_a_b.update_item(Key={"p": p}, AttributeUpdates={"b": {"Value": b, "Action": "PUT"}, "d": {"Value": item["d"], "Action": "PUT"}})
    assert index_query(by_a_b, a=a, b=b) == [item]
    newb = unique()
    by_a_b.update_item(Key={"p": p}, AttributeUpdates={"b": {"Value": newb, "Action": "PUT"}})
    item["b"] = newb
    assert index_query(by_a_b, a=a, b=b) == []
    assert index_query(by_a_b, a=a, b=newb) == [item]


def test_reading_into_an_index_key_is_rejected_too(by_x):
    fails(by_x.update_item, V, "^Key attributes must be scalars; list random access '\\[\\]' and map lookup '\\.' are not "
                               "allowed: IndexKey: x$", Key={"p": unique()}, UpdateExpression="SET e = x[1]")
