"""DynamoDB conformance: ConditionExpression evaluation and validation.

Facts (behaviours and DynamoDB's error texts) come from test suites that run against real DynamoDB:
  - scylladb/scylladb test/alternator/test_condition_expression.py
The tests here are written for Stratus; only the facts are shared."""
import pytest

from ddb_conformance import fails, table_s, unique  # noqa: F401 (fixtures)

V = "ValidationException"
CCF = "ConditionalCheckFailedException"
VALUES = [1, "hello", True, b"xyz", None, ["hello", 42], {"hello": "world"}, {"hello", "world"}, {1, 2, 3},
          {b"xyz", b"hi"}]


def item_with(table, **attrs):
    p = unique()
    table.put_item(Item={"p": p, **attrs})
    return p


def check(table, p, condition, values=None, names=None):
    """Runs a conditional update that sets z; returns normally when the condition held."""
    args = {"Key": {"p": p}, "UpdateExpression": "SET z = :zz", "ConditionExpression": condition,
            "ExpressionAttributeValues": {":zz": 1, **(values or {})}}
    if names:
        args["ExpressionAttributeNames"] = names
    table.update_item(**args)


def refused(table, p, condition, values=None, names=None):
    fails(check, CCF, None, table=table, p=p, condition=condition, values=values, names=names)


def test_legacy_attribute_updates_with_a_condition_expression(table_s):
    fails(table_s.update_item, V, "ConditionExpression", Key={"p": unique()},
          AttributeUpdates={"a": {"Value": 1, "Action": "PUT"}}, ConditionExpression="a = :v",
          ExpressionAttributeValues={":v": 2})


@pytest.mark.parametrize("i", range(len(VALUES)))
def test_equality_holds_for_every_type(table_s, i):
    p = item_with(table_s, a=VALUES[i], b=VALUES[i])
    check(table_s, p, "a = b")
    check(table_s, p, "a = :v", {":v": VALUES[i]})


@pytest.mark.parametrize("i", range(len(VALUES)))
def test_values_of_different_types_are_never_equal(table_s, i):
    p = item_with(table_s, a=VALUES[i])
    for j, other in enumerate(VALUES):
        if j != i:
            refused(table_s, p, "a = :v", {":v": other})
            check(table_s, p, "a <> :v", {":v": other})


def test_missing_attributes_are_unequal_to_everything(table_s):
    p = item_with(table_s, a=1)
    refused(table_s, p, "q = :v", {":v": 2})
    refused(table_s, p, "q = z2")
    check(table_s, p, "q <> z2")
    check(table_s, p, "q <> :v", {":v": 1})


def test_set_equality_ignores_order(table_s):
    p = item_with(table_s, a={"dog", "chinchilla"})
    table_s.update_item(Key={"p": p}, UpdateExpression="ADD a :v", ExpressionAttributeValues={":v": {"cat", "mouse"}})
    check(table_s, p, "a = :v", {":v": {"chinchilla", "cat", "dog", "mouse"}})


@pytest.mark.parametrize("condition,values,holds", [
    ("a < :v", {":v": 2}, True), ("b < :v", {":v": "dog"}, True), ("c < :v", {":v": b"dog"}, True),
    ("a < :v", {":v": 1}, False), ("b < :v", {":v": "cat"}, False), ("b < :v", {":v": "aardvark"}, False),
    ("a <= :v", {":v": 1}, True), ("a > :v", {":v": 0}, True), ("a >= :v", {":v": 2}, False),
    ("a < :v", {":v": "2"}, False), ("q < :v", {":v": 2}, False),
    ("a BETWEEN :x AND :y", {":x": 0, ":y": 2}, True), ("a between :x and :y", {":x": 1, ":y": 1}, True),
    ("b BETWEEN :x AND :y", {":x": "aardvark", ":y": "dog"}, True), ("c BETWEEN :x AND :y", {":x": b"cat", ":y": b"cat"}, True),
    ("a BETWEEN :x AND :y", {":x": 2, ":y": 7}, False), ("a BETWEEN :x AND :y", {":x": "0", ":y": "2"}, False),
    ("q BETWEEN :x AND :y", {":x": 0, ":y": 2}, False), ("a BETWEEN two AND :x", {":x": 1}, False),
    ("a BETWEEN :x AND two", {":x": 3}, False), ("a BETWEEN two AND :x", {":x": "dog"}, False),
    ("a BETWEEN l1 AND l2", None, False)])
def test_ordering_comparisons(table_s, condition, values, holds):
    p = item_with(table_s, a=1, b="cat", c=b"cat", two=2, l1=[1, 2], l2=[2, 3])
    if holds:
        check(table_s, p, condition, values)
    else:
        refused(table_s, p, condition, values)


@pytest.mark.parametrize("condition,values", [("a BETWEEN :x AND :y", {":x": [1, 2], ":y": [2, 3]}),
                                              ("a BETWEEN :x AND :y", {":x": 2, ":y": 1}),
                                              ("a BETWEEN :x AND :y", {":x": 2, ":y": "dog"})])
def test_between_bounds_from_the_request_are_validated(table_s, condition, values):
    p = item_with(table_s, a=1)
    fails(check, V, None, table=table_s, p=p, condition=condition, values=values)


def test_binary_compares_as_unsigned_bytes(table_s):
    p = item_with(table_s, b=bytes([127]))
    check(table_s, p, "b < :v", {":v": bytes([128])})
    check(table_s, p, "b between :x and :y", {":x": bytes([126]), ":y": bytes([128])})
    p = item_with(table_s, b=bytes([128]))
    check(table_s, p, "b > :v", {":v": bytes([127])})


def test_in(table_s):
    p = item_with(table_s, a=74)
    values = {f":val{i}": i for i in range(99)}
    check(table_s, p, "a IN ({})".format(",".join(values)), values)
    refused(table_s, p, "q IN ({})".format(",".join(values)), values)
    check(table_s, p, "a IN (:x, :y)", {":x": "dog", ":y": 74})  # mixed types are fine
    fails(check, V, "yntax error", table=table_s, p=p, condition="a IN ()")


@pytest.mark.parametrize("i", range(len(VALUES)))
def test_in_compares_any_type(table_s, i):
    p = item_with(table_s, a=VALUES[i], b=VALUES[i])
    check(table_s, p, "a IN (b)")


def test_attribute_exists_and_not_exists(table_s):
    p = item_with(table_s, a=1, b={"x": 1})
    check(table_s, p, "attribute_exists (a)")
    check(table_s, p, "attribute_exists (b.x)")
    check(table_s, p, "attribute_not_exists (c)")
    refused(table_s, p, "attribute_exists (c)")
    refused(table_s, p, "attribute_not_exists (a)")
    fails(check, V, "path", table=table_s, p=p, condition="attribute_exists (:v)", values={":v": 3})


@pytest.mark.parametrize("condition", ["a", "size(a)", "attribute_exists(a) < :v"])
def test_a_condition_must_be_a_comparison_or_a_boolean_function(table_s, condition):
    p = item_with(table_s, a=1)
    fails(check, V, None, table=table_s, p=p, condition=condition, values={":v": 1} if ":v" in condition else None)


@pytest.mark.parametrize("type_code,value", [("S", "hello"), ("SS", {"hello", "world"}), ("N", 2), ("NS", {1, 2}),
                                             ("B", b"dog"), ("BS", {b"dog", b"cat"}), ("BOOL", True), ("NULL", None),
                                             ("L", [1, "dog"]), ("M", {"a": 3})])
def test_attribute_type(table_s, type_code, value):
    p = item_with(table_s, a=value)
    check(table_s, p, "attribute_type (a, :t)", {":t": type_code})
    refused(table_s, p, "attribute_type (a, :t)", {":t": "S" if type_code != "S" else "N"})


def test_attribute_type_arguments(table_s):
    p = item_with(table_s, a=1, b="N")
    check(table_s, p, "attribute_type (:v, :t)", {":v": 0, ":t": "N"})  # a value works as the first argument
    fails(check, V, None, table=table_s, p=p, condition="attribute_type (a, b)")
    fails(check, V, "DOG", table=table_s, p=p, condition="attribute_type (a, :t)", values={":t": "DOG"})


def test_begins_with(table_s):
    p = item_with(table_s, a="hello", b=b"hi there")
    check(table_s, p, "begins_with(a, :v)", {":v": "hell"})
    check(table_s, p, "begins_with(b, :v)", {":v": b"hi"})
    refused(table_s, p, "begins_with(a, :v)", {":v": "dog"})
    fails(check, V, None, table=table_s, p=p, condition="begins_with(a, :v)", values={":v": 2})
    fails(check, V, None, table=table_s, p=p, condition="begins_with(c, :v)", values={":v": 2})
    refused(table_s, p, "begins_with(c, :v)", {":v": "dog"})
    refused(table_s, p, "begins_with(c, a)")
    check(table_s, p, "begins_with(:v, a)", {":v": "hellohi"})


def test_contains(table_s):
    p = item_with(table_s, a="hello", b={2, 4, 7}, c=[2, 4, 7], d=b"hi there", e=["hi", {1, 2}, [3, 4]])
    check(table_s, p, "contains(a, :v)", {":v": "ell"})
    check(table_s, p, "contains(b, :v)", {":v": 4})
    check(table_s, p, "contains(c, :v)", {":v": 4})
    check(table_s, p, "contains(d, :v)", {":v": b"here"})
    refused(table_s, p, "contains(d, :v)", {":v": b"dog"})
    refused(table_s, p, "contains(d, :v)", {":v": {1, 2}})
    check(table_s, p, "contains(e, :v)", {":v": {1, 2}})
    check(table_s, p, "contains(e, :v)", {":v": [3, 4]})


@pytest.mark.parametrize("attr,size,holds", [("a", 5, True), ("b", 3, True), ("c", 3, True), ("d", 8, True), ("e", 2, True),
                                             ("f", 1, False), ("g", 1, False), ("h", 1, False)])
def test_size(table_s, attr, size, holds):
    p = item_with(table_s, a="hello", b={2, 4, 7}, c=[2, "dog", 7], d=b"hi there", e={"x": 2, "y": {"m": 3}}, f=5,
                  g=True, h=None)
    if holds:
        check(table_s, p, f"size({attr})=:n", {":n": size})
    else:
        refused(table_s, p, f"size({attr})=:n", {":n": size})


def test_size_comparisons(table_s):
    p = item_with(table_s, a="hello", f=5)
    refused(table_s, p, "size(a)=:v", {":v": "dog"})
    check(table_s, p, "size(a)=f")
    for op, n in [("<>", 4), ("<", 7), ("<=", 7), (">", 2), (">=", 2)]:
        check(table_s, p, f"size(a){op}:n", {":n": n})
    fails(check, V, "2", table=table_s, p=p, condition="size(a, a)=:n", values={":n": 5})


@pytest.mark.parametrize("condition,message", [("dog(a)=:v", "function"), ("if_not_exists(a, a)=:v", "not allowed"),
                                               ("list_append(a, a)=:v", "not allowed")])
def test_update_functions_are_not_condition_functions(table_s, condition, message):
    p = item_with(table_s, a="hello")
    fails(check, V, message, table=table_s, p=p, condition=condition, values={":v": 5})


def test_nested_paths_and_name_placeholders(table_s):
    p = item_with(table_s, b={"x": 1, "y": [-1, 2, 0]}, **{"and": {"or": 2}})
    check(table_s, p, "b.x < b.y[1]")
    refused(table_s, p, "b.x < b.y[0]")
    refused(table_s, p, "b.z < b.y[100]")
    check(table_s, p, "attribute_exists (#n)", names={"#n": "and"})
    check(table_s, p, "#a.#o = :two", {":two": 2}, {"#a": "and", "#o": "or"})


@pytest.mark.parametrize("condition,holds", [("a < b AND b < c", True), ("a < b aNd b < c", True), ("a < b AND c < b", False),
                                             ("a < b OR b < c", True), ("b < a oR b < c", True), ("b < a OR c < b", False),
                                             ("NOT b < a", True), ("nOt a < b", False), ("NOT NOT NOT NOT a < b", True),
                                             ("(a < b OR b < a) AND (b < c AND (a < b OR b < c))", True),
                                             ("a < b OR c < b AND b < c", True), ("NOT a < b AND c < b", False),
                                             ("b BETWEEN a AND c AND a < b", True)])
def test_boolean_logic_and_precedence(table_s, condition, holds):
    p = item_with(table_s, a=1, b=2, c=3)
    if holds:
        check(table_s, p, condition)
    else:
        refused(table_s, p, condition)


def test_empty_condition_is_rejected(table_s):
    fails(check, V, "^Invalid ConditionExpression: The expression can not be empty;$", table=table_s, p=unique(),
          condition="")


def test_put_and_delete_honour_conditions(table_s):
    p = item_with(table_s, a=1)
    table_s.put_item(Item={"p": p, "a": 2}, ConditionExpression="a = :v", ExpressionAttributeValues={":v": 1})
    fails(table_s.put_item, CCF, None, Item={"p": p, "a": 3}, ConditionExpression="a = :v",
          ExpressionAttributeValues={":v": 1})
    fails(table_s.delete_item, CCF, None, Key={"p": p}, ConditionExpression="a = :v", ExpressionAttributeValues={":v": 1})
    table_s.delete_item(Key={"p": p}, ConditionExpression="a = :v", ExpressionAttributeValues={":v": 2})
    assert "Item" not in table_s.get_item(Key={"p": p})


@pytest.mark.parametrize("exists", [False, True])
def test_unused_placeholders_fail_whether_or_not_the_condition_holds(table_s, exists):
    p = item_with(table_s, b=2) if exists else unique()
    fails(table_s.update_item, V, "val3", Key={"p": p}, UpdateExpression="SET #n1 = :val1",
          ConditionExpression="#n2 = :val2", ExpressionAttributeValues={":val1": 1, ":val2": 2, ":val3": 3},
          ExpressionAttributeNames={"#n1": "a", "#n2": "b"})
    fails(table_s.delete_item, V, "val3", Key={"p": p}, ConditionExpression="#n2 = :val2",
          ExpressionAttributeValues={":val2": 2, ":val3": 3}, ExpressionAttributeNames={"#n2": "b"})
    fails(table_s.put_item, V, "name3", Item={"p": p, "a": 3}, ConditionExpression="#n2 = :val2",
          ExpressionAttributeValues={":val2": 2}, ExpressionAttributeNames={"#n2": "b", "#name3": "c"})


def test_short_circuit_does_not_make_placeholders_unused(table_s):
    p = item_with(table_s, a=1)
    table_s.update_item(Key={"p": p}, ConditionExpression="#n1 = :val1 OR #n2 = :val2", UpdateExpression="SET #n1 = :val3",
                        ExpressionAttributeValues={":val1": 1, ":val2": 2, ":val3": 3},
                        ExpressionAttributeNames={"#n1": "a", "#n2": "b"})
    assert table_s.get_item(Key={"p": p})["Item"] == {"p": p, "a": 3}


def test_conditions_on_the_key_create_only_once(table_s):
    p = unique()
    table_s.update_item(Key={"p": p}, ConditionExpression="p <> :p", ExpressionAttributeValues={":p": p})
    fails(table_s.update_item, CCF, None, Key={"p": p}, ConditionExpression="p <> :p", ExpressionAttributeValues={":p": p})
    q = unique()
    table_s.update_item(Key={"p": q}, ConditionExpression="attribute_not_exists(p)")
    fails(table_s.update_item, CCF, None, Key={"p": q}, ConditionExpression="attribute_not_exists(p)")
