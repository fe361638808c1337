"""DynamoDB conformance: key values and GetItem's ProjectionExpression checks.

Facts (DynamoDB's error texts, verified against DynamoDB) come from:
  - architect/dynalite test/getItem.js
The tests here are written for Stratus; only the facts are shared."""
import re

import pytest

from ddb_conformance import create_table, fails, table_s, table_ss, unique  # noqa: F401 (fixtures)

V = "ValidationException"
INVALID = "One or more parameter values were invalid: "


@pytest.fixture(scope="module")
def table_sb(stratus):
    t = create_table(stratus, [("p", "HASH"), ("c", "RANGE")], {"p": "S", "c": "B"})
    yield t
    t.delete()


@pytest.fixture(scope="module")
def indexed(stratus):
    t = create_table(stratus, [("p", "HASH"), ("c", "RANGE")], {"p": "S", "c": "S", "d": "S"},
                     GlobalSecondaryIndexes=[{"IndexName": "by_d", "KeySchema": [{"AttributeName": "d", "KeyType": "HASH"}],
                                              "Projection": {"ProjectionType": "ALL"}}])
    yield t
    t.delete()


def exactly(text):
    return "^" + re.escape(text) + "$"


def test_empty_string_and_binary_keys(table_s, table_sb):
    fails(table_s.get_item, V, exactly(INVALID + "The AttributeValue for a key attribute cannot contain an empty string "
                                                 "value. Key: p"), Key={"p": ""})
    fails(table_sb.get_item, V, exactly(INVALID + "The AttributeValue for a key attribute cannot contain an empty binary "
                                                  "value. Key: c"), Key={"p": "a", "c": b""})


def test_key_size_limits(table_s, table_ss):
    fails(table_s.get_item, V, exactly(INVALID + "Size of hashkey has exceeded the maximum size limit of2048 bytes"),
          Key={"p": "a" * 2049})
    fails(table_ss.get_item, V, exactly(INVALID + "Aggregated size of all range keys has exceeded the size limit of 1024 "
                                                  "bytes"), Key={"p": "a", "c": "b" * 1025})
    table_s.get_item(Key={"p": "a" * 2048})
    table_ss.get_item(Key={"p": "a", "c": "b" * 1024})


@pytest.mark.parametrize("expr", ["#a.b.c", "#a[0]"])
def test_projection_into_a_key_attribute(table_s, expr):
    fails(table_s.get_item, V, exactly("Key attributes must be scalars; list random access '[]' and map lookup '.' are "
                                       "not allowed: Key: p"), Key={"p": unique()}, ProjectionExpression=expr,
          ExpressionAttributeNames={"#a": "p"})


@pytest.mark.parametrize("expr", ["#d.b.c", "#d[0]"])
def test_projection_into_an_index_key_attribute(indexed, expr):
    fails(indexed.get_item, V, exactly("Key attributes must be scalars; list random access '[]' and map lookup '.' are "
                                       "not allowed: IndexKey: d"), Key={"p": unique(), "c": "x"},
          ProjectionExpression=expr, ExpressionAttributeNames={"#d": "d"})


def test_undefined_projection_name_is_reported_before_overlaps(table_s):
    fails(table_s.get_item, V, exactly("Invalid ProjectionExpression: An expression attribute name used in the document "
                                       "path is not defined; attribute name: #a"), Key={"p": unique()},
          ProjectionExpression="a,b,a,#a")


@pytest.mark.parametrize("expr,one,two", [("b[1], b.a, #a.b, a", "[a, b]", "[a]"), ("a, #a[1]", "[a]", "[a, [1]]")])
def test_projection_overlaps_are_found_before_conflicts(table_s, expr, one, two):
    fails(table_s.get_item, V, exactly("Invalid ProjectionExpression: Two document paths overlap with each other; must "
                                       f"remove or rewrite one of these paths; path one: {one}, path two: {two}"),
          Key={"p": unique()}, ProjectionExpression=expr, ExpressionAttributeNames={"#a": "a"})


@pytest.mark.parametrize("expr,one,two", [("a.b, #a[1], #b", "[a, b]", "[a, [1]]"),
                                          ("a.b[1], #a[1], #b", "[a, b, [1]]", "[a, [1]]"),
                                          ("a[3].b, #a.#b.b", "[a, [3], b]", "[a, [3], b]")])
def test_projection_conflicts(table_s, expr, one, two):
    fails(table_s.get_item, V, exactly("Invalid ProjectionExpression: Two document paths conflict with each other; must "
                                       f"remove or rewrite one of these paths; path one: {one}, path two: {two}"),
          Key={"p": unique()}, ProjectionExpression=expr, ExpressionAttributeNames={"#a": "a", "#b": "[3]"})


@pytest.mark.parametrize("expr", ["a", "a,b"])
def test_unused_projection_names_are_listed_sorted(table_s, expr):
    fails(table_s.get_item, V, exactly("Value provided in ExpressionAttributeNames unused in expressions: keys: {#a, #b}"),
          Key={"p": unique()}, ProjectionExpression=expr, ExpressionAttributeNames={"#a": "a", "#b": "b"})


def test_reserved_words_in_projections(table_s):
    fails(table_s.get_item, V, "^Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: ",
          Key={"p": unique()}, ProjectionExpression="name")
