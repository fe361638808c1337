"""DynamoDB conformance: Query ordering, key conditions, Select, Limit and paging.

Facts (behaviours and DynamoDB's error texts) come from test suites that run against real DynamoDB:
  - scylladb/scylladb test/alternator/test_query.py
  - mhart/dynalite test/updateItem.js, query.js ("Query condition missed key schema element: …", verified wording)
The tests here are written for Stratus; only the facts are shared."""
import random
from decimal import Decimal

import pytest

from ddb_conformance import create_table, fails, table_sn, table_ss, unique  # noqa: F401 (fixtures)

V = "ValidationException"


@pytest.fixture(scope="module")
def table_sb(stratus):
    t = create_table(stratus, [("p", "HASH"), ("c", "RANGE")], {"p": "S", "c": "B"})
    yield t
    t.delete()


def full_query(table, **kw):
    items, args = [], dict(kw)
    while True:
        page = table.query(**args)
        items += page["Items"]
        if "LastEvaluatedKey" not in page:
            return items
        args["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def eq(p):
    return {"p": {"AttributeValueList": [p], "ComparisonOperator": "EQ"}}


def fill(table, p, sort_keys, **extra):
    with table.batch_writer() as batch:
        for c in random.sample(sort_keys, len(sort_keys)):
            batch.put_item(Item={"p": p, "c": c, **extra})


@pytest.mark.parametrize("op,args,pick", [("LT", ["12"], lambda c: c < "12"), ("LE", ["14"], lambda c: c <= "14"),
                                          ("GT", ["15"], lambda c: c > "15"), ("GE", ["14"], lambda c: c >= "14"),
                                          ("BETWEEN", ["155", "164"], lambda c: "155" <= c <= "164"),
                                          ("BEGINS_WITH", ["11"], lambda c: c.startswith("11"))])
def test_legacy_key_conditions_on_a_string_sort_key(table_ss, op, args, pick):
    p = unique()
    keys = [str(i) for i in range(200)]
    fill(table_ss, p, keys)
    got = [i["c"] for i in full_query(table_ss, KeyConditions={**eq(p), "c": {"AttributeValueList": args,
                                                                           "ComparisonOperator": op}})]
    assert got == sorted(k for k in keys if pick(k))


def test_begins_with_on_non_ascii_strings(table_ss):
    p = unique()
    fill(table_ss, p, ["ÿÿÿ", "cÿbÿ", "cÿbÿÿabg"])
    for prefix in ["ÿÿ", "cÿbÿ"]:
        got = full_query(table_ss, KeyConditions={**eq(p), "c": {"AttributeValueList": [prefix],
                                                                 "ComparisonOperator": "BEGINS_WITH"}})
        assert sorted(i["c"] for i in got) == sorted(k for k in ["ÿÿÿ", "cÿbÿ", "cÿbÿÿabg"] if k.startswith(prefix))


def test_begins_with_on_a_number_sort_key_is_invalid(table_sn):
    fails(full_query, V, None, table=table_sn, KeyConditions={**eq("x"), "c": {"AttributeValueList": [17],
                                                                                "ComparisonOperator": "BEGINS_WITH"}})


def test_sort_order_of_strings_bytes_and_numbers(table_ss, table_sb, table_sn):
    p = unique()
    strings = [str(i) for i in range(128)]
    fill(table_ss, p, strings)
    assert [i["c"] for i in full_query(table_ss, KeyConditions=eq(p))] == sorted(strings)
    blobs = [bytes(random.randrange(256) for _ in range(10)) for _ in range(64)]
    fill(table_sb, p, blobs)
    assert [i["c"].value for i in full_query(table_sb, KeyConditions=eq(p))] == sorted(blobs)  # unsigned bytes
    numbers = [Decimal(n) for n in ["-2e10", "-7.1e2", "-4.1", "-0.1", "-1e-5", "0", "2e-5", "0.15", "1",
                                    "1.00000000000000000000000001", "3.14159",
                                    "3.1415926535897932384626433832795028841", "31.4", "1.4e10"]]
    fill(table_sn, p, numbers)
    assert [i["c"] for i in full_query(table_sn, KeyConditions=eq(p))] == numbers


def test_query_filter_cannot_use_key_attributes(table_ss):
    for query_filter in [{"c": {"AttributeValueList": ["5"], "ComparisonOperator": "EQ"}},
                         {"a": {"AttributeValueList": ["x"], "ComparisonOperator": "EQ"},
                          "p": {"AttributeValueList": ["5"], "ComparisonOperator": "EQ"}}]:
        fails(full_query, V, None, table=table_ss, KeyConditions=eq("long"), QueryFilter=query_filter)


def test_query_filter_on_other_attributes(table_ss):
    p = unique()
    for i in range(10):
        table_ss.put_item(Item={"p": p, "c": str(i), "attribute": "xxxx" if i % 2 else "y", "another": "yy" if i % 3 else "z"})
    got = full_query(table_ss, KeyConditions=eq(p), QueryFilter={
        "attribute": {"AttributeValueList": ["xxxx"], "ComparisonOperator": "EQ"},
        "another": {"AttributeValueList": ["yy"], "ComparisonOperator": "EQ"}})
    assert [i["c"] for i in got] == [str(i) for i in range(10) if i % 2 and i % 3]


def test_attributes_to_get_keeps_items_without_those_attributes(table_ss):
    p = unique()
    items = [{"p": p, "c": str(i), "a": str(i * 10), "b": str(i * 100)} for i in range(10)]
    for i in items:
        table_ss.put_item(Item=i)
    for wanted in [["a"], ["c", "a"], ["p", "c"], ["nonexistent"]]:
        got = full_query(table_ss, KeyConditions=eq(p), AttributesToGet=wanted)
        assert got == [{k: i[k] for k in wanted if k in i} for i in items]


def test_which_keys_a_query_accepts(table_ss):
    p, c = unique(), unique()
    table_ss.put_item(Item={"p": p, "c": c})
    assert len(full_query(table_ss, KeyConditions={**eq(p), "c": {"AttributeValueList": [c], "ComparisonOperator": "EQ"}})) == 1
    fails(full_query, V, "^Query condition missed key schema element: p$", table=table_ss,
          KeyConditions={"c": {"AttributeValueList": [c], "ComparisonOperator": "EQ"}})
    fails(full_query, V, "^Query condition missed key schema element: p$", table=table_ss,
          KeyConditions={"z": {"AttributeValueList": [c], "ComparisonOperator": "EQ"}})
    fails(full_query, V, "^Query condition missed key schema element: c$", table=table_ss,
          KeyConditions={**eq(p), "z": {"AttributeValueList": [c], "ComparisonOperator": "EQ"}})
    fails(full_query, V, None, table=table_ss, KeyConditions={**eq(p), "c": {"AttributeValueList": [c], "ComparisonOperator": "EQ"},
                                                             "z": {"AttributeValueList": [c], "ComparisonOperator": "EQ"}})
    fails(full_query, V, None, table=table_ss, KeyConditions={})
    fails(full_query, V, None, table=table_ss)


def test_select(table_sn):
    p = unique()
    numbers = [Decimal(i) for i in range(10)]
    fill(table_sn, p, numbers)
    for i in numbers:
        table_sn.update_item(Key={"p": p, "c": i}, UpdateExpression="SET x = :x", ExpressionAttributeValues={":x": i})
    assert [i["x"] for i in table_sn.query(KeyConditions=eq(p), Select="ALL_ATTRIBUTES")["Items"]] == numbers
    fails(table_sn.query, V, None, KeyConditions=eq(p), Select="ALL_PROJECTED_ATTRIBUTES")
    fails(table_sn.query, V, None, KeyConditions=eq(p), Select="SPECIFIC_ATTRIBUTES")
    assert table_sn.query(KeyConditions=eq(p), Select="SPECIFIC_ATTRIBUTES", AttributesToGet=["x"])["Items"] == [{"x": i} for i in numbers]
    assert table_sn.query(KeyConditions=eq(p), Select="SPECIFIC_ATTRIBUTES", ProjectionExpression="x")["Items"] == [{"x": i} for i in numbers]
    counted = table_sn.query(KeyConditions=eq(p), Select="COUNT")
    assert counted["Count"] == 10 and "Items" not in counted


@pytest.mark.parametrize("limit", [1, 2, 3, 7, 10, 17, 100, 10000])
def test_limit_and_paging_both_directions(table_sn, limit):
    p = unique()
    numbers = [Decimal(i) for i in range(20)]
    fill(table_sn, p, numbers)
    first = table_sn.query(KeyConditions=eq(p), Limit=limit)["Items"]
    assert [i["c"] for i in first] == numbers[:limit]
    last = table_sn.query(KeyConditions=eq(p), Limit=limit, ScanIndexForward=False)["Items"]
    assert [i["c"] for i in last] == numbers[::-1][:limit]
    assert [i["c"] for i in full_query(table_sn, KeyConditions=eq(p), Limit=limit)] == numbers
    assert [i["c"] for i in full_query(table_sn, KeyConditions=eq(p), Limit=limit, ScanIndexForward=False)] == numbers[::-1]
