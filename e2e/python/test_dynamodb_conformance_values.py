"""DynamoDB conformance: attribute values, numbers and placeholder maps.

Facts (behaviours and DynamoDB's error texts) come from test suites that run against real DynamoDB:
  - mhart/dynalite test/updateItem.js (the "validations" block: values in Key and ExpressionAttributeValues)
  - scylladb/scylladb test/alternator/test_number.py (magnitude, precision, invalid number strings)
  - scylladb/scylladb test/alternator/test_item.py (legacy AttributeUpdates ADD on lists)
The tests here are written for Stratus; only the facts are shared."""
from decimal import Decimal

import boto3.dynamodb.types
import botocore.config
import decimal
import pytest

from ddb_conformance import fails, table_s, table_sn, unique  # noqa: F401 (fixtures)

V = "ValidationException"
# boto3's resource layer rounds Decimals to 38 digits before sending; the tests need to send what they say.
boto3.dynamodb.types.DYNAMODB_CONTEXT = decimal.Context(prec=100)


@pytest.fixture(scope="module")
def raw(stratus):
    """A client that sends what it is given: botocore's own parameter checks would hide the server's."""
    return stratus.client("dynamodb", config=botocore.config.Config(parameter_validation=False))


BAD_VALUES = [({"NULL": False}, "One or more parameter values were invalid: Null attribute value types must have the value of true"),
              ({"SS": []}, "One or more parameter values were invalid: An string set  may not be empty"),
              ({"NS": []}, "One or more parameter values were invalid: An number set  may not be empty"),
              ({"BS": []}, "One or more parameter values were invalid: Binary sets should not be empty"),
              ({"SS": ["a", "a"]}, "One or more parameter values were invalid: Input collection [a, a] contains duplicates."),
              ({"BS": [b"b", b"b"]}, "One or more parameter values were invalid: Input collection [Yg==, Yg==]of type BS contains duplicates."),
              ({"NS": ["1", "b"]}, "The parameter cannot be converted to a numeric value: b"),
              ({"NS": ["1", "1"]}, "Input collection contains duplicates"),
              ({}, "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"),
              ({"M": {"a": {}}}, "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"),
              ({"L": [{}]}, "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"),
              ({"S": "a", "N": "1"}, "Supplied AttributeValue has more than one datatypes set, must contain exactly one of "
                                     "the supported datatypes")]


@pytest.mark.parametrize("value,message", BAD_VALUES)
def test_invalid_values_in_expression_attribute_values(raw, table_s, value, message):
    fails(raw.update_item, V, "^" + __import__("re").escape(f"ExpressionAttributeValues contains invalid value: {message} for key :b") + "$",
          TableName=table_s.name, Key={"p": {"S": "x"}}, UpdateExpression="SET a = :b",
          ExpressionAttributeValues={":b": value})


@pytest.mark.parametrize("value,message", BAD_VALUES)
def test_invalid_values_in_an_item(raw, table_s, value, message):
    got = fails(raw.put_item, V, None, TableName=table_s.name, Item={"p": {"S": "x"}, "a": value})
    assert got == message


@pytest.mark.parametrize("number,message", [
    ("123456789012345678901234567890123456789", "Attempting to store more than 38 significant digits in a Number"),
    ("-1.23456789012345678901234567890123456789", "Attempting to store more than 38 significant digits in a Number"),
    ("1e126", "Number overflow. Attempting to store a number with magnitude larger than supported range"),
    ("-1e126", "Number overflow. Attempting to store a number with magnitude larger than supported range"),
    ("11e125", "Number overflow. Attempting to store a number with magnitude larger than supported range"),
    ("1e-131", "Number underflow. Attempting to store a number with magnitude smaller than supported range"),
    ("-1e-131", "Number underflow. Attempting to store a number with magnitude smaller than supported range"),
    ("0.9e-130", "Number underflow. Attempting to store a number with magnitude smaller than supported range"),
    ("b", "The parameter cannot be converted to a numeric value: b")])
def test_numbers_out_of_range_in_a_key(raw, table_sn, number, message):
    got = fails(raw.get_item, V, None, TableName=table_sn.name, Key={"p": {"S": "x"}, "c": {"N": number}})
    assert got == message


@pytest.mark.parametrize("text", ["NaN", "Infinity", "-Infinity", "-NaN", "dog", "-dog", " 1", "1 "])
def test_strings_that_are_not_numbers(raw, table_s, text):
    fails(raw.update_item, V, "numeric", TableName=table_s.name, Key={"p": {"S": unique()}},
          UpdateExpression="SET a = :v", ExpressionAttributeValues={":v": {"N": text}})


@pytest.mark.parametrize("text,stored", [("3", "3"), ("-7.1234", "-7.1234"), ("-17e5", "-1700000"), ("+3", "3"),
                                         (".123", "0.123"), ("0001.23", "1.23"), ("1e+5", "100000"), ("0e1000", "0")])
def test_number_spellings_dynamodb_accepts(raw, table_s, text, stored):
    key = {"p": {"S": unique()}}
    raw.update_item(TableName=table_s.name, Key=key, UpdateExpression="SET a = :v",
                    ExpressionAttributeValues={":v": {"N": text}})
    assert raw.get_item(TableName=table_s.name, Key=key)["Item"]["a"] == {"N": stored}


@pytest.mark.parametrize("number", ["1e10", "1e100", "1e125", "9.99999999e125", "1e-100", "1e-130", "-1e125", "-1e-130",
                                    "3.1415926535897932384626433832795028841",
                                    "314159265358979323846.26433832795028841",
                                    "31415926535897932384626433832795028841e30"])
def test_numbers_at_the_limits_round_trip(table_s, table_sn, number):
    value = Decimal(number)
    p = unique()
    table_s.put_item(Item={"p": p, "a": value})
    assert table_s.get_item(Key={"p": p})["Item"]["a"] == value
    table_sn.put_item(Item={"p": p, "c": value})
    assert table_sn.get_item(Key={"p": p, "c": value})["Item"]["c"] == value


def test_number_sent_as_a_json_number_is_a_serialization_error(raw, table_s):
    fails(raw.update_item, "SerializationException", None, TableName=table_s.name, Key={"p": {"S": unique()}},
          UpdateExpression="SET a = :v", ExpressionAttributeValues={":v": {"N": 123}})


def test_placeholder_maps(raw, table_s):
    base = {"TableName": table_s.name, "Key": {"p": {"S": "x"}}, "UpdateExpression": "SET a = :b"}
    fails(raw.update_item, V, "^ExpressionAttributeNames must not be empty$", **base, ExpressionAttributeNames={},
          ExpressionAttributeValues={":b": {"S": "a"}})
    fails(raw.update_item, V, '^ExpressionAttributeNames contains invalid key: Syntax error; key: "a"$', **base,
          ExpressionAttributeNames={"a": "a"}, ExpressionAttributeValues={":b": {"S": "a"}})
    fails(raw.update_item, V, "^ExpressionAttributeValues must not be empty$", **base, ExpressionAttributeValues={})
    fails(raw.update_item, V, '^ExpressionAttributeValues contains invalid key: Syntax error; key: "b"$', **base,
          ExpressionAttributeValues={":b": {"S": "a"}, "b": {"S": "a"}})


def test_expression_and_legacy_parameters_do_not_mix(raw, table_s):
    fails(raw.update_item, V, r"^Can not use both expression and non-expression parameters in the same request: "
                              r"Non-expression parameters: \{AttributeUpdates\} Expression parameters: \{UpdateExpression\}$",
          TableName=table_s.name, Key={"p": {"S": "x"}}, UpdateExpression="SET a = :b",
          ExpressionAttributeValues={":b": {"S": "a"}}, AttributeUpdates={"a": {"Value": {"S": "a"}}})


def test_placeholders_without_expressions(raw, table_s):
    fails(raw.update_item, V, "^ExpressionAttributeNames can only be specified when using expressions$",
          TableName=table_s.name, Key={"p": {"S": "x"}}, ExpressionAttributeNames={"#a": "a"})
    fails(raw.update_item, V, "^ExpressionAttributeValues can only be specified when using expressions: "
                              "UpdateExpression and ConditionExpression are null$",
          TableName=table_s.name, Key={"p": {"S": "x"}}, ExpressionAttributeValues={":a": {"S": "a"}})


@pytest.mark.parametrize("update,message", [
    ({"a": {"Action": "PUT"}}, "Only DELETE action is allowed when no attribute value is specified"),
    ({"a": {"Action": "DELETE", "Value": {"S": "1"}}}, "DELETE action with value is not supported for the type S"),
    ({"a": {"Action": "DELETE", "Value": {"N": "1"}}}, "DELETE action with value is not supported for the type N"),
    ({"a": {"Action": "DELETE", "Value": {"L": []}}}, "DELETE action with value is not supported for the type L"),
    ({"a": {"Action": "ADD", "Value": {"S": "1"}}}, "ADD action is not supported for the type S"),
    ({"a": {"Action": "ADD", "Value": {"B": b"b"}}}, "ADD action is not supported for the type B"),
    ({"a": {"Action": "ADD", "Value": {"BOOL": True}}}, "ADD action is not supported for the type BOOL"),
    ({"a": {"Action": "ADD", "Value": {"M": {}}}}, "ADD action is not supported for the type M")])
def test_legacy_attribute_updates_validation(raw, table_s, update, message):
    got = fails(raw.update_item, V, None, TableName=table_s.name, Key={"p": {"S": "x"}}, AttributeUpdates=update)
    assert got == "One or more parameter values were invalid: " + message


@pytest.mark.parametrize("expected,message", [
    ({"a": {}}, "Value must be provided when Exists is null for Attribute: a"),
    ({"a": {"Exists": True}}, "Value must be provided when Exists is true for Attribute: a"),
    ({"a": {"Exists": False, "Value": {"S": "a"}}}, "Value cannot be used when Exists is false for Attribute: a")])
def test_legacy_expected_validation(raw, table_s, expected, message):
    got = fails(raw.update_item, V, None, TableName=table_s.name, Key={"p": {"S": "x"}}, Expected=expected)
    assert got == "One or more parameter values were invalid: " + message


@pytest.mark.parametrize("key", [{}, {"q": {"S": "a"}}, {"p": {"S": "a"}, "q": {"S": "a"}}, {"p": {"B": b"abcd"}},
                                 {"p": {"N": "1"}}, {"p": {"BOOL": True}}, {"p": {"NULL": True}}, {"p": {"SS": ["a"]}},
                                 {"p": {"M": {}}}, {"p": {"L": []}}])
def test_keys_that_do_not_match_the_schema(raw, table_s, key):
    got = fails(raw.update_item, V, None, TableName=table_s.name, Key=key, UpdateExpression="SET a = :v",
                ExpressionAttributeValues={":v": {"S": "x"}})
    assert got == "The provided key element does not match the schema"


def test_missing_sort_key_does_not_match_the_schema(raw, table_sn):
    got = fails(raw.get_item, V, None, TableName=table_sn.name, Key={"p": {"S": "a"}})
    assert got == "The provided key element does not match the schema"


def test_unknown_table(raw):
    got = fails(raw.get_item, "ResourceNotFoundException", None, TableName=unique("missing"), Key={"p": {"S": "a"}})
    assert got == "Requested resource not found"


def test_legacy_add_appends_to_lists(table_s):
    # Alternator test_item.py: AttributeUpdates' ADD works on lists, unlike UpdateExpression's ADD.
    p = unique()
    table_s.update_item(Key={"p": p}, AttributeUpdates={"a": {"Action": "ADD", "Value": [1]}})
    table_s.update_item(Key={"p": p}, AttributeUpdates={"a": {"Action": "ADD", "Value": [2, "x"]}})
    assert table_s.get_item(Key={"p": p})["Item"]["a"] == [1, 2, "x"]


def test_item_size_limits(table_s):
    # dynalite test/updateItem.js and putItem.js (verified on DynamoDB): the texts differ between put and update.
    big = "a" * (400 * 1024)
    fails(table_s.put_item, V, "^Item size has exceeded the maximum allowed size$", Item={"p": unique(), "b": big})
    fails(table_s.update_item, V, "^Item size to update has exceeded the maximum allowed size$", Key={"p": unique()},
          AttributeUpdates={"b": {"Action": "PUT", "Value": big}})
