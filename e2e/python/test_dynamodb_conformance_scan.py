"""DynamoDB conformance: Scan paging, filters, Select and parallel segments.

Facts (behaviours and the parts of DynamoDB's error texts checked) come from a test suite that runs against real
DynamoDB:
  - scylladb/scylladb test/alternator/test_scan.py
The tests here are written for Stratus; only the facts are shared."""
import botocore.config
import pytest
from boto3.dynamodb.conditions import Attr

from ddb_conformance import create_table, fails, unique

V = "ValidationException"


@pytest.fixture(scope="module")
def filled(stratus):
    """A table of its own (a Scan sees every item), filled with a known set."""
    table = create_table(stratus, [("p", "HASH"), ("c", "RANGE")], {"p": "S", "c": "S"})
    items = [{"p": str(i), "c": str(j), "attribute": "x" * (i % 3), "another": "y" * (j % 2 + 1)}
             for i in range(12) for j in range(4)]
    items += [{"p": "long", "c": str(j)} for j in range(40)]
    with table.batch_writer() as batch:
        for item in items:
            batch.put_item(Item=item)
    yield table, items
    table.delete()


def key_of(item):
    return (item.get("p"), item.get("c"))


def full_scan(table, **kw):
    items, count, args = [], 0, dict(kw)
    while True:
        page = table.scan(**args)
        items += page.get("Items", [])
        count += page["Count"]
        if "LastEvaluatedKey" not in page:
            return items, count
        args["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def canon(items):
    return sorted(repr(sorted((k, str(v)) for k, v in i.items())) for i in items)


@pytest.mark.parametrize("limit", [None, 1, 2, 4, 33, 50, 100, 9007])
def test_paging_returns_every_item_once(filled, limit):
    table, items = filled
    got, _ = full_scan(table, **({"Limit": limit} if limit else {}))
    assert canon(got) == canon(items)
    if limit:
        assert len(table.scan(Limit=limit)["Items"]) <= limit


def test_table_without_sort_key(stratus):
    table = create_table(stratus, [("p", "HASH")], {"p": "N"})
    items = [{"p": i, "s": str(i)} for i in range(23)]
    with table.batch_writer() as batch:
        for item in items:
            batch.put_item(Item=item)
    for limit in [1, 2, 4, 33]:
        assert canon(full_scan(table, Limit=limit)[0]) == canon(items)
    table.delete()


def test_missing_table(stratus):
    fails(stratus.client("dynamodb").scan, "ResourceNotFoundException", None, TableName="i_do_not_exist")


def test_items_of_a_partition_come_in_sort_key_order(filled):
    table, _ = filled
    got, _ = full_scan(table)
    long_keys = [i["c"] for i in got if i["p"] == "long"]
    assert long_keys == sorted(str(j) for j in range(40))


@pytest.mark.parametrize("wanted", [["another"], ["c", "another"], ["p", "c"], ["nonexistent"]])
def test_attributes_to_get(filled, wanted):
    table, items = filled
    got, _ = full_scan(table, AttributesToGet=wanted)
    assert canon(got) == canon([{k: i[k] for k in wanted if k in i} for i in items])


def test_filters(filled):
    table, items = filled
    got, _ = full_scan(table, ScanFilter={"attribute": {"AttributeValueList": ["xx"], "ComparisonOperator": "EQ"}})
    assert canon(got) == canon([i for i in items if i.get("attribute") == "xx"])
    got, _ = full_scan(table, FilterExpression=Attr("attribute").eq("x") & Attr("another").eq("yy"))
    assert canon(got) == canon([i for i in items if i.get("attribute") == "x" and i.get("another") == "yy"])
    got, _ = full_scan(table, ScanFilter={"c": {"AttributeValueList": ["3"], "ComparisonOperator": "EQ"}})
    assert canon(got) == canon([i for i in items if i["c"] == "3"])  # Scan filters may use key attributes


def test_select(filled, stratus):
    table, items = filled
    assert canon(full_scan(table, Select="ALL_ATTRIBUTES")[0]) == canon(items)
    fails(full_scan, V, None, table=table, Select="ALL_PROJECTED_ATTRIBUTES")
    fails(full_scan, V, None, table=table, Select="SPECIFIC_ATTRIBUTES")
    got, _ = full_scan(table, Select="SPECIFIC_ATTRIBUTES", ProjectionExpression="c, another")
    assert canon(got) == canon([{k: i[k] for k in ("c", "another") if k in i} for i in items])
    got, count = full_scan(table, Select="COUNT")
    assert got == [] and count == len(items)
    for select in ["ALL_ATTRIBUTES", "COUNT"]:
        fails(full_scan, V, "AttributesToGet", table=table, Select=select, AttributesToGet=["x"])
        fails(full_scan, V, "ProjectionExpression", table=table, Select=select, ProjectionExpression="x")


@pytest.mark.parametrize("segments", [1, 2, 17])
def test_parallel_segments_partition_the_table(filled, segments):
    table, items = filled
    got = []
    for segment in range(segments):
        got += full_scan(table, TotalSegments=segments, Segment=segment)[0]
    assert canon(got) == canon(items)


def test_parallel_scan_parameters(filled, stratus):
    table, _ = filled
    raw = stratus.client("dynamodb", config=botocore.config.Config(parameter_validation=False))
    fails(raw.scan, V, "Segment", TableName=table.name, TotalSegments=1000001, Segment=0)
    for segment in [7, 9]:
        fails(raw.scan, V, "Segment", TableName=table.name, TotalSegments=5, Segment=segment)
    fails(raw.scan, V, "Exclusive", TableName=table.name, TotalSegments=1000000, Segment=0,
          ExclusiveStartKey={"p": {"S": "0"}, "c": {"S": "0"}})


def test_paging_with_binary_partition_keys(stratus):
    table = create_table(stratus, [("p", "HASH")], {"p": "B"})
    table.put_item(Item={"p": b"\x00\xff"})
    table.put_item(Item={"p": b"\x01"})
    page = table.scan(Limit=1)
    assert "LastEvaluatedKey" in page
    rest = table.scan(ExclusiveStartKey=page["LastEvaluatedKey"])
    assert len(page["Items"]) + rest["Count"] == 2
    table.delete()
