"""DynamoDB conformance: UpdateExpression parsing, validation and semantics.

Facts (behaviours and DynamoDB's error texts) come from test suites that run against real DynamoDB:
  - scylladb/scylladb test/alternator/test_update_expression.py
  - scylladb/scylladb test/alternator/test_number.py
  - mhart/dynalite test/updateItem.js (validation messages and the order DynamoDB checks them in)
The tests here are written for Stratus; only the facts are shared."""
import re
from decimal import Decimal

import pytest

from ddb_conformance import client, fails, table_s, table_sn, table_ss, unique  # noqa: F401 (fixtures)

V = "ValidationException"
BAD = "Invalid UpdateExpression: "


def update(table, key, expr, values=None, names=None, **kw):
    args = {"Key": key, "UpdateExpression": expr, **kw}
    if values is not None:
        args["ExpressionAttributeValues"] = values
    if names is not None:
        args["ExpressionAttributeNames"] = names
    return table.update_item(**args)


def item(table, key):
    return table.get_item(Key=key, ConsistentRead=True).get("Item")


def test_empty_update_expression_is_rejected(table_s):
    fails(update, V, "Invalid UpdateExpression: The expression can not be empty;", table=table_s, key={"p": unique()},
          expr="")


def test_clause_keywords_are_case_insensitive_and_whitespace_is_free(table_s):
    k = {"p": unique()}
    for i, expr in enumerate(["set b = :v", "sEt b = :v", "  SET   b=:v  "]):
        update(table_s, k, expr, {":v": i})
        assert item(table_s, k)["b"] == i


@pytest.mark.parametrize("name", ["alnum", "Alpha_Numeric_123", "A123_"])
def test_bare_names_that_start_with_a_letter_are_tokens(table_s, name):
    k = {"p": unique()}
    update(table_s, k, f"SET {name} = :v", {":v": 1})
    assert item(table_s, k)[name] == 1


@pytest.mark.parametrize("expr", ["SET _abc = :v", "SET 123a = :v", "SET 123 = :v", "SET hi-there = :v",
                                  "SET hi$there = :v", 'SET "hithere" = :v', "SET !hithere = :v", "SET # = :v",
                                  "SET a = :", "SET #hi-there = :v", "SET a = :hi!there"])
def test_names_that_are_not_tokens_are_rejected(table_s, expr):
    # Syntax errors, or for characters outside the grammar "Invalid character encountered" (Alternator checks only
    # the ValidationException here).
    fails(update, V, "^Invalid UpdateExpression: ", table=table_s, key={"p": unique()},
          expr=expr, values={":v": 3} if ":v" in expr else None, names={"#a": "x"} if "#" in expr else None)


def test_syntax_error_names_the_token_and_where(table_s):
    fails(update, V, '^Invalid UpdateExpression: Syntax error; token: "_", near: "SET _123"$', table=table_s,
          key={"p": unique()}, expr="SET _123 = :v", values={":v": 3})


@pytest.mark.parametrize("ref", ["#Alpha_Numeric_123", "#123a", "#123", "#_"])
def test_name_placeholders_may_start_with_any_alphanumeric(table_s, ref):
    k = {"p": unique()}
    silly = "3can include any character!.#="
    update(table_s, k, f"SET {ref} = :v", {":v": 4}, {ref: silly})
    assert item(table_s, k)[silly] == 4


@pytest.mark.parametrize("ref", [":Alpha_Numeric_123", ":123a", ":123", ":_"])
def test_value_placeholders_may_start_with_any_alphanumeric(table_s, ref):
    k = {"p": unique()}
    update(table_s, k, f"SET a = {ref}", {ref: 8})
    assert item(table_s, k)["a"] == 8


def test_a_value_placeholder_cannot_be_assigned_to(table_s):
    fails(update, V, "Syntax error", table=table_s, key={"p": unique()}, expr="SET :a = :b",
          values={":a": 1, ":b": 2})


def test_a_clause_may_appear_only_once(table_s):
    k = {"p": unique()}
    fails(update, V, '^Invalid UpdateExpression: The "SET" section can only be used once in an update expression;',
          table=table_s, key=k, expr="SET a = :v SET b = :w", values={":v": 1, ":w": 2})
    fails(update, V, 'The "SET" section can only be used once', table=table_s, key=k,
          expr="SET a = :v REMOVE c SET b = :w", values={":v": 1, ":w": 2})
    update(table_s, k, "SET a = :v REMOVE b", {":v": 3})
    update(table_s, k, "REMOVE a SET b = :v", {":v": 3})
    assert item(table_s, k) == {"p": k["p"], "b": 3}


def test_unknown_clause_is_a_syntax_error(table_s):
    fails(update, V, '^Invalid UpdateExpression: Syntax error; token: "HELLO", near: ', table=table_s,
          key={"p": unique()}, expr="HELLO b = :v", values={":v": 4})


@pytest.mark.parametrize("expr", ["REMOVE a SET a = :v", "SET a = :v REMOVE a", "SET a = :v, a = :v",
                                  "SET a = :v, a.b = :v", "SET a.b = :v, a = :v", "SET a.b = :v, a.b.c = :v",
                                  "SET a.b.c.d.e = :v, a.b = :v", "SET a = :v, a[1] = :v", "SET a[1] = :v, a[1] = :v",
                                  "SET a[1][1] = :v, a[1] = :v", "SET a[1] = :v, a[1][1][1][1] = :v"])
def test_overlapping_paths_are_rejected(table_s, expr):
    fails(update, V, r"^Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite "
                     r"one of these paths; path one: \[", table=table_s, key={"p": unique()}, expr=expr, values={":v": 1})


def test_overlap_message_lists_both_paths(table_s):
    fails(update, V, r"path one: \[a\], path two: \[a\]$", table=table_s, key={"p": unique()},
          expr="SET #x = :v, #y = :v", values={":v": 1}, names={"#x": "a", "#y": "a"})


@pytest.mark.parametrize("expr", ["SET a.b = :v, a[1] = :v", "SET a.b.c = :v, a.b[2] = :v"])
def test_conflicting_paths_are_rejected(table_s, expr):
    fails(update, V, "^Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite "
                     "one of these paths; path one: ", table=table_s, key={"p": unique()}, expr=expr, values={":v": 1})


def test_non_overlapping_nested_updates_apply_together(table_s):
    k = {"p": unique()}
    table_s.put_item(Item={**k, "a": {"x": 3, "y": 4, "c": {"y": 3}}, "b": {"x": 1, "y": 2}})
    update(table_s, k, "SET a.b = :one, a.c.d = :two, b.x = :three REMOVE a.x, b.y",
           {":one": 10, ":two": "dog", ":three": 17})
    assert item(table_s, k) == {**k, "a": {"y": 4, "b": 10, "c": {"y": 3, "d": "dog"}}, "b": {"x": 17}}


def test_operands_read_the_item_before_the_update(table_s):
    k = {"p": unique()}
    table_s.put_item(Item={**k, "a": "hello"})
    update(table_s, k, "REMOVE a SET b = a")
    assert item(table_s, k) == {**k, "b": "hello"}
    # a SET that reads an attribute another SET action of the same update creates still sees it missing
    fails(update, V, "^The provided expression refers to an attribute that does not exist in the item$",
          table=table_s, key=k, expr="SET x = :v, y = x", values={":v": 4})


def test_copying_a_missing_attribute_fails(table_s):
    k = {"p": unique()}
    msg = "^The provided expression refers to an attribute that does not exist in the item$"
    fails(update, V, msg, table=table_s, key=k, expr="SET c = z")
    table_s.put_item(Item={**k, "a": 1})
    fails(update, V, msg, table=table_s, key=k, expr="SET z = z")
    update(table_s, k, "SET a = a")
    assert item(table_s, k) == {**k, "a": 1}


def test_undefined_value_placeholder(table_s):
    fails(update, V, "^Invalid UpdateExpression: An expression attribute value used in expression is not defined; "
                     "attribute value: :val1$", table=table_s, key={"p": unique()}, expr="SET b = :val1",
          values={":val2": 4})


def test_undefined_name_placeholder(table_s):
    fails(update, V, "^Invalid UpdateExpression: An expression attribute name used in the document path is not "
                     "defined; attribute name: #name$", table=table_s, key={"p": unique()}, expr="SET #name = :v",
          values={":v": 4}, names={"#other": "x"})


def test_unused_value_placeholder(table_s):
    fails(update, V, r"^Value provided in ExpressionAttributeValues unused in expressions: keys: \{:val2\}$",
          table=table_s, key={"p": unique()}, expr="SET a = :val1", values={":val1": 3, ":val2": 4})


def test_unused_name_placeholder(table_s):
    fails(update, V, r"^Value provided in ExpressionAttributeNames unused in expressions: keys: \{#b\}$",
          table=table_s, key={"p": unique()}, expr="SET #a = :v", values={":v": 3}, names={"#a": "x", "#b": "y"})


@pytest.mark.parametrize("expr,values", [("SET p = :v", {":v": "x"}), ("SET c = :v", {":v": 4}),
                                         ("REMOVE p", None), ("REMOVE c", None), ("ADD c :v", {":v": 4}),
                                         ("DELETE p :v", {":v": {"cat"}})])
def test_key_attributes_cannot_be_updated(table_sn, expr, values):
    fails(update, V, "^One or more parameter values were invalid: Cannot update attribute [pc]. This attribute is "
                     "part of the key$", table=table_sn, key={"p": unique(), "c": 1}, expr=expr, values=values)


def test_plus_and_minus_take_exactly_two_numbers(table_s):
    k = {"p": unique()}
    update(table_s, k, "SET b = :x + :y", {":x": 4, ":y": 3})
    assert item(table_s, k)["b"] == 7
    update(table_s, k, "SET b = :x - :y", {":x": 5, ":y": 2})
    assert item(table_s, k)["b"] == 3
    fails(update, V, r'^Invalid UpdateExpression: Syntax error; token: "\+", near: ', table=table_s, key=k,
          expr="SET b = :x + :y + :z", values={":x": 4, ":y": 3, ":z": 2})
    fails(update, V, "^Invalid UpdateExpression: Incorrect operand type for operator or function; operator or "
                     r"function: \+, operand type: S$", table=table_s, key=k, expr="SET b = :x + :y",
          values={":x": "dog", ":y": 3})


def test_plus_reads_attributes_on_either_side(table_s):
    k = {"p": unique()}
    table_s.put_item(Item={**k, "a": 2})
    update(table_s, k, "SET a = a + :v", {":v": 3})
    update(table_s, k, "SET a = :v + a", {":v": 4})
    update(table_s, k, "SET b = :v + a", {":v": 1})
    update(table_s, k, "SET a = b + a")
    assert item(table_s, k) == {**k, "a": 19, "b": 10}


def test_list_append(table_s):
    k = {"p": unique()}
    update(table_s, k, "SET a = list_append(:x, :y)", {":x": [4, "hello"], ":y": ["hi", 7]})
    assert item(table_s, k)["a"] == [4, "hello", "hi", 7]
    update(table_s, k, "SET a = list_append(:x, a)", {":x": ["dog"]})
    update(table_s, k, "SET b = list_append(a, a)")
    assert item(table_s, k)["b"] == ["dog", 4, "hello", "hi", 7] * 2


def test_function_names_are_case_sensitive(table_s):
    fails(update, V, "^Invalid UpdateExpression: Invalid function name; function: LIST_APPEND$", table=table_s,
          key={"p": unique()}, expr="SET a = LIST_APPEND(:x, :y)", values={":x": [1], ":y": [2]})


@pytest.mark.parametrize("expr,values,count", [("SET a = list_append(:x)", {":x": [1]}, 1),
                                               ("SET a = list_append(:x, :y, :z)", {":x": [1], ":y": [2], ":z": [3]}, 3)])
def test_list_append_takes_two_operands(table_s, expr, values, count):
    fails(update, V, "^Invalid UpdateExpression: Incorrect number of operands for operator or function; operator or "
                     f"function: list_append, number of operands: {count}$", table=table_s, key={"p": unique()},
          expr=expr, values=values)


def test_list_append_needs_lists(table_s):
    k = {"p": unique()}
    fails(update, V, "^Invalid UpdateExpression: Incorrect operand type for operator or function; operator or "
                     "function: list_append, operand type: S$", table=table_s, key=k,
          expr="SET a = list_append(:x, :y)", values={":x": [1], ":y": "hi"})
    table_s.put_item(Item={**k, "b": 7})
    fails(update, V, "^An operand in the update expression has an incorrect data type$", table=table_s, key=k,
          expr="SET a = list_append(b, :x)", values={":x": [1]})
    fails(update, V, "^The provided expression refers to an attribute that does not exist in the item$",
          table=table_s, key=k, expr="SET a = list_append(nope, :x)", values={":x": [1]})
    table_s.put_item(Item={**k, "b": []})
    update(table_s, k, "SET a = list_append(b, :x)", {":x": [1]})
    assert item(table_s, k)["a"] == [1]


def test_if_not_exists(table_s):
    k = {"p": unique()}
    update(table_s, k, "SET a = if_not_exists(a, :v)", {":v": 2})
    update(table_s, k, "SET a = if_not_exists(a, :v)", {":v": 3})
    update(table_s, k, "SET b = if_not_exists(c, :v)", {":v": 4})
    update(table_s, k, "SET d = if_not_exists(a, :v)", {":v": 6})
    assert item(table_s, k) == {**k, "a": 2, "b": 4, "d": 2}
    update(table_s, k, "SET e = if_not_exists(e, :x) + :y", {":x": 2, ":y": 3})
    assert item(table_s, k)["e"] == 5


def test_if_not_exists_needs_a_path_first(table_s):
    fails(update, V, "^Invalid UpdateExpression: Operator or function requires a document path; operator or "
                     "function: if_not_exists$", table=table_s, key={"p": unique()},
          expr="SET b = if_not_exists(:x, :y)", values={":x": 6, ":y": 3})


def test_plus_inside_a_function_argument_is_a_syntax_error(table_s):
    fails(update, V, r'^Invalid UpdateExpression: Syntax error; token: "\+", near: ', table=table_s,
          key={"p": unique()}, expr="SET c = if_not_exists(c, :x+:y)", values={":x": 5, ":y": 4})


def test_nested_list_append_is_not_allowed(table_s):
    fails(update, V, "^Invalid UpdateExpression: The function is not allowed to be used this way in an expression; "
                     "function: list_append$", table=table_s, key={"p": unique()},
          expr="SET a = list_append(list_append(:x, :y), :z)", values={":x": ["a"], ":y": ["b"], ":z": ["c"]})


@pytest.mark.parametrize("fn", ["f", "f123_hi"])
def test_unknown_function(table_s, fn):
    fails(update, V, f"^Invalid UpdateExpression: Invalid function name; function: {fn}$", table=table_s,
          key={"p": unique()}, expr=f"SET a = {fn}(b, c, d)")


def test_add_numbers_and_sets(table_s):
    k = {"p": unique()}
    update(table_s, k, "ADD n :v", {":v": 8})  # creates the item and the number, as if added to zero
    update(table_s, k, "ADD n :v, s :s", {":v": 4, ":s": {"dog"}})
    update(table_s, k, "ADD s :s", {":s": {"dog", "cat"}})
    assert item(table_s, k) == {**k, "n": 12, "s": {"dog", "cat"}}


def test_add_rejects_wrong_operand_types(table_s):
    k = {"p": unique()}
    table_s.put_item(Item={**k, "a": 3, "b": "hi", "l": [1, 2]})
    fails(update, V, "^Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, "
                     "operand type: STRING$", table=table_s, key=k, expr="ADD a :v", values={":v": "hello"})
    fails(update, V, "^Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, ",
          table=table_s, key=k, expr="ADD l :v", values={":v": [3]})
    fails(update, V, "^An operand in the update expression has an incorrect data type$", table=table_s, key=k,
          expr="ADD b :v", values={":v": 1})
    fails(update, V, "^An operand in the update expression has an incorrect data type$", table=table_s, key=k,
          expr="ADD l :v", values={":v": {3}})


def test_delete_from_sets(table_s):
    k = {"p": unique()}
    table_s.put_item(Item={**k, "a": {"dog", "cat", "mouse"}, "b": "hi"})
    update(table_s, k, "DELETE a :v", {":v": {"cat", "mouse"}})
    update(table_s, k, "DELETE a :v", {":v": {"pig"}})
    assert item(table_s, k)["a"] == {"dog"}
    update(table_s, k, "DELETE a :v", {":v": {"dog"}})  # an emptied set disappears
    update(table_s, k, "DELETE a :v", {":v": {"dog"}})  # a missing attribute is fine
    assert item(table_s, k) == {**k, "b": "hi"}
    table_s.put_item(Item={**k, "a": {"dog"}})
    fails(update, V, "^Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, "
                     "operand type: STRING$", table=table_s, key=k, expr="DELETE a :v", values={":v": "hello"})


def test_empty_sets_are_rejected_but_empty_lists_maps_strings_are_not(client, table_s):
    k = {"p": unique()}
    fails(client.update_item, V, "^ExpressionAttributeValues contains invalid value: One or more parameter values were "
                                 "invalid: An string set  may not be empty for key :v$",
          TableName=table_s.name, Key={"p": {"S": k["p"]}}, UpdateExpression="SET a = :v",
          ExpressionAttributeValues={":v": {"SS": []}})
    update(table_s, k, "SET d = :a, e = :b, f = :c, g = :d", {":a": [], ":b": {}, ":c": "", ":d": b""})
    assert item(table_s, k) == {**k, "d": [], "e": {}, "f": "", "g": b""}


def test_dot_inside_a_name_placeholder_is_literal(table_s):
    k = {"p": unique()}
    update(table_s, k, "SET #a = :v", {":v": 3}, {"#a": "a.b"})
    assert item(table_s, k) == {**k, "a.b": 3}


def test_nested_paths_read_and_write(table_s):
    k = {"p": unique()}
    table_s.put_item(Item={**k, "a": {"b": 3, "c": ["hi", {"x": {"y": [3, 5, 7]}}]}})
    update(table_s, k, "SET a.c[1].#n.y[1] = :v", {":v": 9}, {"#n": "x"})
    update(table_s, k, "SET a.z = a.c[1].#n.y[1]", None, {"#n": "x"})
    assert item(table_s, k)["a"] == {"b": 3, "c": ["hi", {"x": {"y": [3, 9, 7]}}], "z": 9}


@pytest.mark.parametrize("expr", ["SET a[:i] = :v", "SET a[#i] = :v"])
def test_list_index_must_be_a_literal(table_s, expr):
    fails(update, V, "^Invalid UpdateExpression: Syntax error; token: ", table=table_s, key={"p": unique()},
          expr=expr, values={":v": 1, ":i": 1} if ":i" in expr else {":v": 1}, names={"#i": "x"} if "#i" in expr else None)


def test_remove_list_elements_uses_original_positions(table_s):
    k = {"p": unique()}
    table_s.put_item(Item={**k, "a": [2, 3, 4, 5, 6, 7]})
    update(table_s, k, "REMOVE a[1] SET a[3] = :v", {":v": 17})
    assert item(table_s, k)["a"] == [2, 4, 17, 6, 7]
    table_s.put_item(Item={**k, "a": [1], "m": {"b": 1}})
    update(table_s, k, "REMOVE a[0], m.b, a[9], zz")  # past the end and missing attributes are ignored
    assert item(table_s, k) == {**k, "a": [], "m": {}}


def test_set_past_the_end_of_a_list_appends_in_index_order(table_s):
    k = {"p": unique()}
    table_s.put_item(Item={**k, "a": ["one", "two", "three"]})
    update(table_s, k, "SET a[7] = :v", {":v": "hello"})
    update(table_s, k, "SET a[84] = :a, a[37] = :b, a[17] = :c, a[50] = :d", {":a": "a1", ":b": "a2", ":c": "a3", ":d": "a4"})
    assert item(table_s, k)["a"] == ["one", "two", "three", "hello", "a3", "a2", "a4", "a1"]


@pytest.mark.parametrize("expr", ["SET a.c = :v", "SET b.c = :v", "SET c.c = :v", "REMOVE a.c", "REMOVE b.c",
                                  "REMOVE c.c", "SET a[0] = :v", "SET d[0] = :v", "REMOVE a[0]", "REMOVE d[0]"])
def test_paths_through_missing_or_scalar_attributes_are_invalid(table_s, expr):
    k = {"p": unique()}
    table_s.put_item(Item={**k, "a": "hello", "b": ["hi"]})
    fails(update, V, "^The document path provided in the update expression is invalid for update$", table=table_s,
          key=k, expr=expr, values={":v": 7} if ":v" in expr else None)


def test_number_arithmetic_keeps_full_precision(table_s):
    k = {"p": unique()}
    update(table_s, k, "SET b = :x + :y", {":x": Decimal("1"), ":y": Decimal("10000000000000000000000")})
    assert item(table_s, k)["b"] == Decimal("10000000000000000000001")
    update(table_s, k, "SET b = :y - :x", {":x": Decimal("1"), ":y": Decimal("10000000000000000000000")})
    assert item(table_s, k)["b"] == Decimal("9999999999999999999999")


@pytest.mark.parametrize("x,y,op", [("9e125", "9e125", "+"), ("9e125", "-9e125", "-")])
def test_arithmetic_overflow_is_rejected(client, table_s, x, y, op):
    fails(client.update_item, V, "^Number overflow. Attempting to store a number with magnitude larger than supported "
                                 "range$", TableName=table_s.name, Key={"p": {"S": unique()}},
          UpdateExpression=f"SET b = :x {op} :y", ExpressionAttributeValues={":x": {"N": x}, ":y": {"N": y}})


@pytest.mark.parametrize("op", ["+", "-"])
def test_arithmetic_beyond_38_digits_is_rejected(client, table_s, op):
    # DynamoDB reports this with the overflow text, although precision is what is lost.
    fails(client.update_item, V, "^Number overflow. Attempting to store a number with magnitude larger than supported "
                                 "range$", TableName=table_s.name, Key={"p": {"S": unique()}},
          UpdateExpression=f"SET b = :x {op} :y", ExpressionAttributeValues={":x": {"N": "1e50"}, ":y": {"N": "1"}})


# --- from dynalite test/updateItem.js ---------------------------------------------------------------------------

TYPED = {":s": {"S": "a"}, ":n": {"N": "1"}, ":b": {"B": b"a"}, ":bool": {"BOOL": False}, ":null": {"NULL": True},
         ":ss": {"SS": ["a"]}, ":ns": {"NS": ["1"]}, ":bs": {"BS": [b"a"]}, ":m": {"M": {}}, ":l": {"L": []}}


def raw_update(client, table, expr, values=None, names=None, key=None):
    args = {"TableName": table.name, "Key": key or {"p": {"S": unique()}}, "UpdateExpression": expr}
    if values:
        args["ExpressionAttributeValues"] = values
    if names:
        args["ExpressionAttributeNames"] = names
    return client.update_item(**args)


@pytest.mark.parametrize("op,ref,type_name", [("ADD", ":s", "STRING"), ("DELETE", ":s", "STRING"), ("ADD", ":null", "NULL"),
                                              ("DELETE", ":null", "NULL"), ("ADD", ":bool", "BOOLEAN"),
                                              ("DELETE", ":bool", "BOOLEAN"), ("ADD", ":b", "BINARY"),
                                              ("DELETE", ":b", "BINARY"), ("ADD", ":m", "MAP"), ("DELETE", ":m", "MAP"),
                                              ("ADD", ":l", "LIST"), ("DELETE", ":l", "LIST"), ("DELETE", ":n", "NUMBER")])
def test_add_and_delete_operand_types_are_named_in_full(client, table_s, op, ref, type_name):
    fails(raw_update, V, f"^Invalid UpdateExpression: Incorrect operand type for operator or function; operator: {op}, "
                         f"operand type: {type_name}$", client=client, table=table_s, expr=f"{op} a.b {ref}",
          values={ref: TYPED[ref]})


@pytest.mark.parametrize("expr,fn,type_code", [("SET a = list_append(:s, a)", "list_append", "S"),
                                               ("SET a = list_append(a, :n)", "list_append", "N"),
                                               ("SET a = list_append(:bool, a)", "list_append", "BOOL"),
                                               ("SET a = list_append(:ss, a)", "list_append", "SS"),
                                               ("SET a = list_append(:m, a)", "list_append", "M"),
                                               ("SET a = a + :s", r"\+", "S"), ("SET a = :s + :b", r"\+", "S"),
                                               ("SET a = :b + a", r"\+", "B"), ("SET a = a + :null", r"\+", "NULL"),
                                               ("SET a = a + :ns", r"\+", "NS"), ("SET a = a - :l", "-", "L"),
                                               ("SET a = a - :m", "-", "M")])
def test_function_and_arithmetic_operand_types_use_type_codes(client, table_s, expr, fn, type_code):
    refs = {r: TYPED[r] for r in TYPED if r in expr.replace(",", " ").replace(")", " ").replace("(", " ").split()}
    fails(raw_update, V, f"^Invalid UpdateExpression: Incorrect operand type for operator or function; operator or "
                         f"function: {fn}, operand type: {type_code}$", client=client, table=table_s, expr=expr,
          values=refs)


@pytest.mark.parametrize("expr", ["SET a = if_not_exists(:s, c)", "SET a = if_not_exists(if_not_exists(a, b), c)"])
def test_if_not_exists_wants_a_path_first(client, table_s, expr):
    fails(raw_update, V, "^Invalid UpdateExpression: Operator or function requires a document path; operator or "
                         "function: if_not_exists$", client=client, table=table_s, expr=expr,
          values={":s": TYPED[":s"]} if ":s" in expr else None)


@pytest.mark.parametrize("expr", ["set a", "add a", "delete a", "set a=set", "remove a = b", "delete a b",
                                  "remove a b", "set a b", "add :a b", "remove :a", "set a = b / c", "set a = b * c",
                                  'set a[1] = "eight"', "set a[1] = 1", "SET if_not_exists(a, b) = a",
                                  "set (a = (b + c))", "set a = (b.c).d + e", "set a = b + c + d"])
def test_malformed_update_expressions_are_syntax_errors(client, table_s, expr):
    fails(raw_update, V, "^Invalid UpdateExpression: Syntax error; ", client=client, table=table_s, expr=expr)


@pytest.mark.parametrize("expr,word", [(" set #c = :c set abOrt = :c ", "abOrt"), (" remove Absolute ", "Absolute")])
def test_reserved_words_are_reported_before_other_faults(client, table_s, expr, word):
    fails(raw_update, V, f"^Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: {word}$",
          client=client, table=table_s, expr=expr, values={":a": TYPED[":s"]}, names={"#a": "a"})


def test_unknown_function_is_reported_before_a_repeated_section(client, table_s):
    fails(raw_update, V, "^Invalid UpdateExpression: Invalid function name; function: if_not_exist$", client=client,
          table=table_s, expr="set #c = if_not_exist(:c) set c = d", values={":a": TYPED[":s"]}, names={"#a": "a"})


@pytest.mark.parametrize("expr,section", [("set a = #c set c = :d", "SET"), ("remove #d set a = b remove e", "REMOVE"),
                                          ("add #d :e set a = b add e :f", "ADD"),
                                          ("delete #d :e set a = b delete #e :f", "DELETE")])
def test_repeated_sections_are_reported_before_undefined_placeholders(client, table_s, expr, section):
    fails(raw_update, V, f'^Invalid UpdateExpression: The "{section}" section can only be used once in an update '
                         "expression;$", client=client, table=table_s, expr=expr, values={":a": TYPED[":s"]},
          names={"#a": "a"})


def test_undefined_placeholders_are_reported_before_arity(client, table_s):
    fails(raw_update, V, "^Invalid UpdateExpression: An expression attribute name used in the document path is not "
                         "defined; attribute name: #c$", client=client, table=table_s,
          expr="SET #c = if_not_exists(:c)", values={":a": TYPED[":s"]}, names={"#a": "a"})
    fails(raw_update, V, "^Invalid UpdateExpression: An expression attribute value used in expression is not defined; "
                         "attribute value: :c$", client=client, table=table_s,
          expr="SET #a = if_not_exists(:c)", values={":a": TYPED[":s"]}, names={"#a": "a"})


@pytest.mark.parametrize("expr,one,two", [("set d[1] = a, d.b = a, c[1].a = a, #c = if_not_exists(a)", "[c, [1], a]", "[c]"),
                                          ("set #c[3].#d = a, #c[3] = a", "[c, [3], [3]]", "[c, [3]]")])
def test_overlaps_are_found_before_conflicts_and_arity(client, table_s, expr, one, two):
    fails(raw_update, V, "^Invalid UpdateExpression: Two document paths overlap with each other; must remove or "
                         f"rewrite one of these paths; path one: {re.escape(one)}, path two: {re.escape(two)}$",
          client=client, table=table_s, expr=expr, names={"#c": "c", "#d": "[3]"})


@pytest.mark.parametrize("expr,one,two", [("set #c[3].#d = a, #c.#d[3] = if_not_exists(a)", "[c, [3], [3]]", "[c, [3], [3]]"),
                                          ("remove a.#c set a[1] = #d", "[a, c]", "[a, [1]]")])
def test_conflicting_paths_are_named(client, table_s, expr, one, two):
    fails(raw_update, V, "^Invalid UpdateExpression: Two document paths conflict with each other; must remove or "
                         f"rewrite one of these paths; path one: {re.escape(one)}, path two: {re.escape(two)}$",
          client=client, table=table_s, expr=expr, names={"#c": "c", "#d": "[3]"})


def test_add_operand_type_is_checked_before_function_arity(client, table_s):
    fails(raw_update, V, "^Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, "
                         "operand type: STRING$", client=client, table=table_s,
          expr="set b = list_append(:a, a), c = if_not_exists(a) add a.b :a", values={":a": TYPED[":s"]})


@pytest.mark.parametrize("expr", ["set a = if_not_exists(c)", "set a = list_append(c)"])
def test_function_arity_in_updates(client, table_s, expr):
    fails(raw_update, V, "^Invalid UpdateExpression: Incorrect number of operands for operator or function; operator "
                         "or function: [a-z_]+, number of operands: 1$", client=client, table=table_s, expr=expr)


@pytest.mark.parametrize("expr,values", [("remove d set b = :a, a = :a", {":a": {"N": "1"}}),
                                         ("delete b :a remove a", {":a": {"NS": ["1"]}}), ("set p = p.b + p[1]", None),
                                         ("add p.b :a", {":a": {"N": "1"}})])
def test_updating_the_key_is_reported_after_the_expression_checks(client, table_s, expr, values):
    fails(raw_update, V, "^One or more parameter values were invalid: Cannot update attribute p. This attribute is "
                         "part of the key$", client=client, table=table_s, expr=expr.replace(" a = :a", " p = :a")
          .replace("remove a", "remove p"), values=values)


def test_wrong_types_against_the_stored_item(client, table_s):
    key = {"p": {"S": unique()}}
    raw_update(client, table_s, "set b = :b, c = :c, d = :d", key=key,
               values={":b": {"M": {"a": {"SS": ["1"]}}}, ":c": {"N": "1"}, ":d": {"NS": ["1"]}})
    for expr, value in [("delete d :a", {"SS": ["1"]}), ("delete b :a", {"NS": ["1"]}), ("delete b.a :a", {"NS": ["1"]}),
                        ("delete c :a", {"NS": ["1"]}), ("add b :a", {"NS": ["1"]}), ("add d :a", {"N": "1"}),
                        ("set e = b - :a", {"N": "1"}), ("set e = list_append(d, if_not_exists(f, :a))", {"L": []})]:
        fails(raw_update, V, "^An operand in the update expression has an incorrect data type$", client=client,
              table=table_s, key=key, expr=expr, values={":a": value})


@pytest.mark.parametrize("expr", ["set b.a = :a, #1 = :a", "set y.a = :a, #1 = :a", "set y[1] = :a, #1 = :a",
                                  "set c[1] = :a, #1 = :a", "set d.#1 = :a", "remove b.a set #1 = :a",
                                  "remove b[1] set #1 = :a", "remove y.a set #1 = :a", "remove c[1] set #1 = :a",
                                  "remove d.#1 set #1 = :a", "delete y.a :a set #1 = :a", "delete d.#1 :a",
                                  "add b.a :a set #1 = :a", "add d.#1 :a"])
def test_nested_paths_into_missing_or_wrong_containers(client, table_s, expr):
    key = {"p": {"S": unique()}}
    raw_update(client, table_s, "set b = :b, c = :c, d = :d", key=key,
               values={":b": {"S": "x"}, ":c": {"M": {"1": {"S": "a"}}}, ":d": {"L": [{"S": "a"}, {"S": "b"}]}})
    fails(raw_update, V, "^The document path provided in the update expression is invalid for update$", client=client,
          table=table_s, key=key, expr=expr, names={"#1": "1"}, values={":a": {"SS": ["a"]}})
