"""DynamoDB conformance: BatchWriteItem and BatchGetItem.

Facts (behaviours and DynamoDB's error texts) come from test suites that run against real DynamoDB:
  - scylladb/scylladb test/alternator/test_batch.py
The tests here are written for Stratus; only the facts are shared."""
import pytest

from ddb_conformance import create_table, fails, table_s, table_ss, table_sn, unique  # noqa: F401 (fixtures)

V = "ValidationException"


@pytest.fixture(scope="module")
def table_s2(stratus):
    t = create_table(stratus, [("p", "HASH")], {"p": "S"})
    yield t
    t.delete()


def write(table, requests):
    return table.meta.client.batch_write_item(RequestItems={table.name: requests})


def put(item):
    return {"PutRequest": {"Item": item}}


def delete(key):
    return {"DeleteRequest": {"Key": key}}


def get(table, key):
    return table.get_item(Key=key, ConsistentRead=True).get("Item")


@pytest.mark.parametrize("first,second", [("put", "put"), ("delete", "delete"), ("delete", "put")])
def test_the_same_key_twice_is_rejected_and_nothing_is_written(table_ss, first, second):
    p, c = unique(), unique()
    other = unique()
    make = {"put": lambda: put({"p": p, "c": c}), "delete": lambda: delete({"p": p, "c": c})}
    fails(write, V, "^Provided list of item keys contains duplicates$", table=table_ss,
          requests=[put({"p": other, "c": c}), make[first](), make[second]()])
    assert get(table_ss, {"p": other, "c": c}) is None
    # keys that share one component are distinct
    write(table_ss, [put({"p": p, "c": c}), put({"p": p, "c": other}), put({"p": other, "c": c})])


def test_the_same_key_in_two_tables_is_not_a_duplicate(table_s, table_s2):
    p = unique()
    table_s.meta.client.batch_write_item(RequestItems={table_s.name: [put({"p": p, "a": "hi"})],
                                                       table_s2.name: [put({"p": p, "b": "hello"})]})
    assert get(table_s, {"p": p}) == {"p": p, "a": "hi"}
    assert get(table_s2, {"p": p}) == {"p": p, "b": "hello"}


def test_put_request_replaces_the_whole_item(table_s):
    p = unique()
    write(table_s, [put({"p": p, "a": "hi"})])
    write(table_s, [put({"p": p, "b": "hello"})])
    assert get(table_s, {"p": p}) == {"p": p, "b": "hello"}


@pytest.mark.parametrize("bad", [{"p": 3}, {"x": "whatever"}])
def test_one_invalid_request_rejects_the_whole_batch(table_s, bad):
    p1, p2 = unique(), unique()
    fails(write, V, None, table=table_s, requests=[put({"p": p1}), put(bad), put({"p": p2})])
    assert get(table_s, {"p": p1}) is None and get(table_s, {"p": p2}) is None


def test_write_and_delete_in_one_batch(table_s):
    p1, p2 = unique(), unique()
    table_s.put_item(Item={"p": p1})
    out = write(table_s, [put({"p": p2}), delete({"p": p1})])
    assert out["UnprocessedItems"] == {}
    assert get(table_s, {"p": p1}) is None and get(table_s, {"p": p2}) == {"p": p2}


@pytest.mark.parametrize("kind", ["put", "delete"])
def test_more_than_25_requests(table_sn, kind):
    p = unique()
    requests = [put({"p": p, "c": i}) if kind == "put" else delete({"p": p, "c": i}) for i in range(26)]
    fails(write, V, "length", table=table_sn, requests=requests)
    assert table_sn.query(KeyConditionExpression="p = :p", ExpressionAttributeValues={":p": p})["Count"] == 0


def test_25_large_items_fit_one_batch(table_sn):
    p = unique()
    content = "x" * 50_000
    out = write(table_sn, [put({"p": p, "c": i, "content": content}) for i in range(25)])
    assert out["UnprocessedItems"] == {}
    count, args = 0, {"KeyConditionExpression": "p = :p", "ExpressionAttributeValues": {":p": p}}
    while True:  # 25 items of 50 KB fill more than one 1 MB page
        page = table_sn.query(**args)
        count += page["Count"]
        if "LastEvaluatedKey" not in page:
            break
        args["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    assert count == 25


def test_batch_get_returns_existing_items_only(table_s):
    p = unique()
    table_s.put_item(Item={"p": p})
    reply = table_s.meta.client.batch_get_item(RequestItems={table_s.name: {
        "Keys": [{"p": unique()}, {"p": unique()}, {"p": p}], "ConsistentRead": True}})
    assert reply["Responses"][table_s.name] == [{"p": p}]
    assert reply["UnprocessedKeys"] == {}
    reply = table_s.meta.client.batch_get_item(RequestItems={table_s.name: {"Keys": [{"p": unique()}]}})
    assert reply["Responses"][table_s.name] == []


def test_batch_get_from_two_tables_with_projections(table_s, table_ss):
    items = [{"p": unique(), "c": unique(), "v1": "a", "v2": "b"} for _ in range(3)]
    for i in items:
        table_ss.put_item(Item=i)
    p = unique()
    table_s.put_item(Item={"p": p, "v": "x"})
    reply = table_s.meta.client.batch_get_item(RequestItems={
        table_ss.name: {"Keys": [{"p": i["p"], "c": i["c"]} for i in items], "ProjectionExpression": "#x, v2",
                        "ExpressionAttributeNames": {"#x": "p"}},
        table_s.name: {"Keys": [{"p": p}], "AttributesToGet": ["v"]}})
    assert sorted(reply["Responses"][table_ss.name], key=lambda i: i["p"]) == sorted(
        [{"p": i["p"], "v2": "b"} for i in items], key=lambda i: i["p"])
    assert reply["Responses"][table_s.name] == [{"v": "x"}]


def test_batch_get_unused_name_placeholder(table_s):
    fails(table_s.meta.client.batch_get_item, V, None, RequestItems={table_s.name: {
        "Keys": [{"p": "x"}], "ProjectionExpression": "#a", "ExpressionAttributeNames": {"#a": "p", "#unused": "u"}}})


def test_batch_get_duplicate_keys(table_s, table_ss):
    p, c = unique(), unique()
    fails(table_s.meta.client.batch_get_item, V, "duplicates", RequestItems={table_s.name: {"Keys": [{"p": p}, {"p": p}]}})
    fails(table_s.meta.client.batch_get_item, V, "duplicates",
          RequestItems={table_ss.name: {"Keys": [{"p": p, "c": c}, {"p": p, "c": c}]}})
    table_s.meta.client.batch_get_item(RequestItems={table_ss.name: {"Keys": [{"p": p, "c": c}, {"p": p, "c": unique()}]}})


def test_batch_get_large_response(table_sn):
    p = unique()
    content = "y" * 49_000
    write(table_sn, [put({"p": p, "c": i, "content": content}) for i in range(25)])
    got, to_read = [], {table_sn.name: {"Keys": [{"p": p, "c": i} for i in range(25)], "ConsistentRead": True}}
    while to_read:
        reply = table_sn.meta.client.batch_get_item(RequestItems=to_read)
        got += reply["Responses"][table_sn.name]
        to_read = reply["UnprocessedKeys"]
    assert sorted(int(i["c"]) for i in got) == list(range(25))
