"""DynamoDB conformance: ProjectionExpression on GetItem, Query and Scan.

Facts (behaviours and DynamoDB's error texts) come from a test suite that runs against real DynamoDB:
  - scylladb/scylladb test/alternator/test_projection_expression.py
The tests here are written for Stratus; only the facts are shared."""
import pytest

from ddb_conformance import fails, table_s, table_ss, unique  # noqa: F401 (fixtures)

V = "ValidationException"
NESTED = {"a": {"b": [2, 4, {"x": "hi", "y": "yo"}], "c": 5}, "b": "hello"}


def project(table, p, expr, names=None):
    args = {"Key": {"p": p}, "ConsistentRead": True, "ProjectionExpression": expr}
    if names:
        args["ExpressionAttributeNames"] = names
    return table.get_item(**args)["Item"]


@pytest.fixture(scope="module")
def nested(table_s):
    p = unique()
    table_s.put_item(Item={"p": p, **NESTED})
    return p


@pytest.mark.parametrize("wanted", [["a"], ["c", "a"], ["p", "c"], ["nonexistent"]])
def test_top_level_projection_on_get_query_and_scan(table_ss, wanted):
    p = unique()
    items = [{"p": p, "c": str(i), "a": str(i * 10), "b": str(i * 100)} for i in range(5)]
    for i in items:
        table_ss.put_item(Item=i)
    expected = [{k: i[k] for k in wanted if k in i} for i in items]
    assert table_ss.get_item(Key={"p": p, "c": "0"}, ProjectionExpression=",".join(wanted))["Item"] == expected[0]
    got = table_ss.query(KeyConditionExpression="p = :p", ExpressionAttributeValues={":p": p},
                         ProjectionExpression=",".join(wanted))["Items"]
    assert got == expected
    scanned = table_ss.scan(ProjectionExpression=",".join(wanted + (["p"] if "p" not in wanted else [])),
                            FilterExpression="p = :p", ExpressionAttributeValues={":p": p})["Items"]
    assert len(scanned) == 5


def test_syntax_of_top_level_lists(table_s):
    p = unique()
    table_s.put_item(Item={"p": p, "a": "hello", "b": "hi"})
    assert project(table_s, p, "a") == {"a": "hello"}
    assert project(table_s, p, "#n", {"#n": "a"}) == {"a": "hello"}
    assert project(table_s, p, " a  ,   b  ") == {"a": "hello", "b": "hi"}


@pytest.mark.parametrize("expr,names", [("#name", {"#wrong": "a"}), ("#name", {"#name": "a", "#unused": "b"}),
                                        ("a,a", None), ("a,", None), (",a", None), ("a,,b", None), ("", None),
                                        ("a.#n2", {"#wrong": "b"}), ("a.#n2", {"#n2": "b", "#unused": "x"})])
def test_invalid_projections(table_s, expr, names):
    kw = {"Key": {"p": unique()}, "ProjectionExpression": expr}
    if names:
        kw["ExpressionAttributeNames"] = names
    fails(table_s.get_item, V, None, **kw)


def test_empty_projection_text(table_s):
    fails(table_s.get_item, V, "^Invalid ProjectionExpression: The expression can not be empty;$", Key={"p": unique()},
          ProjectionExpression="")


@pytest.mark.parametrize("expr,expected", [
    ("a", {"a": NESTED["a"]}), ("a.b", {"a": {"b": NESTED["a"]["b"]}}), ("a.b[0]", {"a": {"b": [2]}}),
    ("a.b[2]", {"a": {"b": [{"x": "hi", "y": "yo"}]}}), ("a.b[2].y", {"a": {"b": [{"y": "yo"}]}}),
    ("x", {}), ("a.b[3]", {}), ("a.x", {}), ("a.x.y", {}), ("a.b[3].x", {}), ("a.b.x", {}), ("a[0]", {}),
    ("a.b[0].x", {}), ("a.b[0][0]", {}), ("a.b[0],a.b[1]", {"a": {"b": [2, 4]}}), ("a.b[0],a.c", {"a": {"b": [2], "c": 5}}),
    ("a.c,b", {"a": {"c": 5}, "b": "hello"}), ("a.x, a.b[0], x, a.b[3].x", {"a": {"b": [2]}})])
def test_nested_paths(table_s, nested, expr, expected):
    assert project(table_s, nested, expr) == expected


def test_name_placeholders_are_single_path_elements(table_s):
    p = unique()
    table_s.put_item(Item={"p": p, "a.b": "hi", "a": {"b": "yo", "c": "jo"}})
    assert project(table_s, p, "a.b") == {"a": {"b": "yo"}}
    assert project(table_s, p, "#n", {"#n": "a.b"}) == {"a.b": "hi"}
    assert project(table_s, p, "#x.#y", {"#x": "a", "#y": "b"}) == {"a": {"b": "yo"}}


@pytest.mark.parametrize("expr", ["a, a", "a.b, a.b", "a[1], a[1]", "a, a.b", "a.b, a", "a.b, a.b[2]", "a.b, a.b.c",
                                  "a, a.b[2].c", "a.b.d, a.b", "a.b.d.e, a.b", "a.b, a.b.d", "a.b, a.b.d.e"])
def test_overlapping_paths(table_s, expr):
    fails(table_s.get_item, V, "^Invalid ProjectionExpression: Two document paths overlap with each other; must remove "
                               "or rewrite one of these paths; path one: ", Key={"p": unique()}, ProjectionExpression=expr)


def test_overlap_message_renders_list_positions(table_s):
    fails(table_s.get_item, V, r"path one: \[a, b, \[0\]\], path two: \[a, b, \[0\]\]$", Key={"p": unique()},
          ProjectionExpression="a.b[0],a.b[0]")


@pytest.mark.parametrize("expr", ["a, b", "a.b, a.c", "a.b.d, a.b.e", "a[1], a[2]", "a.b, a.c[2]"])
def test_paths_that_do_not_overlap(table_s, expr):
    table_s.get_item(Key={"p": unique()}, ProjectionExpression=expr)


def test_conflicting_paths(table_s):
    fails(table_s.get_item, V, r"^Invalid ProjectionExpression: Two document paths conflict with each other; must "
                               r"remove or rewrite one of these paths; path one: \[a, b\], path two: \[a, \[1\]\]$",
          Key={"p": unique()}, ProjectionExpression="a.b, a[1]")
