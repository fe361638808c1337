"""DynamoDB conformance: TransactWriteItems and TransactGetItems.

Facts (behaviours and the parts of DynamoDB's error texts checked) come from a test suite written against real
DynamoDB:
  - scylladb/scylladb test/alternator/test_transact.py
The tests here are written for Stratus; only the facts are shared."""
import boto3.dynamodb.types
import botocore.config
import pytest

from ddb_conformance import fails, table_s, table_ss, unique  # noqa: F401 (fixtures)

V = "ValidationException"
TC = "TransactionCanceledException"


def tx(table, actions, **kw):
    return table.meta.client.transact_write_items(TransactItems=actions, **kw)


def put(table, item, condition=None, **kw):
    action = {"TableName": table.name, "Item": item, **kw}
    if condition:
        action["ConditionExpression"] = condition
    return {"Put": action}


def check(table, key, condition):
    return {"ConditionCheck": {"TableName": table.name, "Key": key, "ConditionExpression": condition}}


def get(table, key):
    return table.get_item(Key=key, ConsistentRead=True).get("Item")


def reasons(call, **kw):
    with pytest.raises(table_s_client_error()) as e:
        call(**kw)
    assert e.value.response["Error"]["Code"] == TC
    return e.value.response["CancellationReasons"]


def table_s_client_error():
    import botocore.exceptions
    return botocore.exceptions.ClientError


@pytest.mark.parametrize("condition,ok", [(None, True), ("attribute_not_exists(p)", True), ("attribute_exists(p)", False)])
def test_single_put(table_s, condition, ok):
    p = unique()
    if ok:
        tx(table_s, [put(table_s, {"p": p, "x": 1}, condition)])
        assert get(table_s, {"p": p}) == {"p": p, "x": 1}
    else:
        fails(tx, TC, None, table=table_s, actions=[put(table_s, {"p": p, "x": 1}, condition)])
        assert get(table_s, {"p": p}) is None


def test_put_replaces_and_delete_removes(table_s):
    p = unique()
    table_s.put_item(Item={"p": p, "x": "x"})
    tx(table_s, [put(table_s, {"p": p, "y": "y"})])
    assert get(table_s, {"p": p}) == {"p": p, "y": "y"}
    fails(tx, TC, None, table=table_s, actions=[{"Delete": {"TableName": table_s.name, "Key": {"p": p},
                                                            "ConditionExpression": "attribute_not_exists(p)"}}])
    tx(table_s, [{"Delete": {"TableName": table_s.name, "Key": {"p": p}, "ConditionExpression": "attribute_exists(p)"}}])
    assert get(table_s, {"p": p}) is None


@pytest.fixture(scope="module")
def raw(stratus):
    return stratus.client("dynamodb", config=botocore.config.Config(parameter_validation=False))


def test_condition_check(raw, table_s):
    p = unique()
    fails(raw.transact_write_items, V, "[cC]onditionExpression",
          TransactItems=[{"ConditionCheck": {"TableName": table_s.name, "Key": {"p": {"S": p}}}}])
    tx(table_s, [check(table_s, {"p": p}, "attribute_not_exists(p)")])
    assert get(table_s, {"p": p}) is None
    fails(tx, TC, None, table=table_s, actions=[check(table_s, {"p": p}, "attribute_exists(p)")])


def test_update_with_names_and_values(table_s):
    p = unique()
    table_s.put_item(Item={"p": p, "x": 42})
    update = {"TableName": table_s.name, "Key": {"p": p}, "UpdateExpression": "SET #v = #v + :one",
              "ExpressionAttributeNames": {"#v": "x"}, "ExpressionAttributeValues": {":one": 1, ":c": 42},
              "ConditionExpression": "#v = :c"}
    tx(table_s, [{"Update": update}])
    assert get(table_s, {"p": p})["x"] == 43
    fails(tx, TC, None, table=table_s, actions=[{"Update": update}])
    assert get(table_s, {"p": p})["x"] == 43


def test_client_request_token(table_s):
    p = unique()
    table_s.put_item(Item={"p": p, "x": 42})
    increment = [{"Update": {"TableName": table_s.name, "Key": {"p": p}, "UpdateExpression": "SET x = x + :one",
                             "ExpressionAttributeValues": {":one": 1}}}]
    tx(table_s, increment)
    tx(table_s, increment)
    assert get(table_s, {"p": p})["x"] == 44
    token = unique("tok")
    tx(table_s, increment, ClientRequestToken=token)
    tx(table_s, increment, ClientRequestToken=token)
    assert get(table_s, {"p": p})["x"] == 45
    fails(tx, "IdempotentParameterMismatchException", None, table=table_s,
          actions=[put(table_s, {"p": unique()})], ClientRequestToken=token)


def test_client_request_token_length(table_s):
    tx(table_s, [put(table_s, {"p": unique()})], ClientRequestToken="t" * 4 + unique("x")[:32])
    fails(tx, V, "[cC]lientRequestToken", table=table_s, actions=[put(table_s, {"p": unique()})],
          ClientRequestToken="t" * 37)


def test_all_or_nothing_with_reasons_in_order(table_s):
    p1, p2, p3, p4 = (unique() for _ in range(4))
    got = reasons(tx, table=table_s, actions=[put(table_s, {"p": p1}), put(table_s, {"p": p2}, "attribute_not_exists(p)"),
                                              check(table_s, {"p": p3}, "attribute_exists(p)"),
                                              put(table_s, {"p": p4}, "attribute_exists(p)")])
    assert [r["Code"] for r in got] == ["None", "None", "ConditionalCheckFailed", "ConditionalCheckFailed"]
    assert "Message" not in got[0] and "Message" not in got[1] and "Message" in got[2] and "Message" in got[3]
    assert all(get(table_s, {"p": p}) is None for p in (p1, p2, p3, p4))
    tx(table_s, [put(table_s, {"p": p1}), put(table_s, {"p": p2}, "attribute_not_exists(p)"),
                 check(table_s, {"p": p3}, "attribute_not_exists(p)")])
    assert get(table_s, {"p": p1}) and get(table_s, {"p": p2}) and get(table_s, {"p": p3}) is None


@pytest.mark.parametrize("second", ["put", "check"])
def test_one_item_at_most_once(table_s, second):
    p = unique()
    other = put(table_s, {"p": p}) if second == "put" else check(table_s, {"p": p}, "attribute_not_exists(p)")
    fails(tx, V, "one item", table=table_s, actions=[put(table_s, {"p": p}), other])


def test_many_tables_in_one_transaction(table_s, table_ss):
    p1, p2, c2 = unique(), unique(), unique()
    tx(table_s, [put(table_s, {"p": p1, "x": "dog"}), put(table_ss, {"p": p2, "c": c2, "x": "cat"}, "attribute_not_exists(p)")])
    assert get(table_s, {"p": p1}) == {"p": p1, "x": "dog"}
    assert get(table_ss, {"p": p2, "c": c2}) == {"p": p2, "c": c2, "x": "cat"}


def test_action_count_limits(raw, table_s):
    fails(raw.transact_write_items, V, "[tT]ransactItems", TransactItems=[])
    p = unique()
    tx(table_s, [put(table_s, {"p": f"{p}{i}", "x": i}) for i in range(100)])
    assert get(table_s, {"p": f"{p}99"}) == {"p": f"{p}99", "x": 99}
    fails(raw.transact_write_items, V, "[tT]ransactItems.*100",
          TransactItems=[{"Put": {"TableName": table_s.name, "Item": {"p": {"S": f"{p}-{i}"}}}} for i in range(101)])


def test_payload_size_limit_counts_the_request_not_the_items(table_s):
    p = unique()
    big = "x" * 100_000
    fails(tx, V, "size cannot exceed", table=table_s, actions=[put(table_s, {"p": f"{p}{i}", "x": big}) for i in range(50)])
    tx(table_s, [put(table_s, {"p": f"{p}{i}", "x": big}) for i in range(30)])  # about 3 MB is fine
    with table_s.batch_writer() as batch:
        for i in range(30, 50):
            batch.put_item(Item={"p": f"{p}{i}", "x": big})
    # deleting about 5 MB of items is a small request, so it is allowed
    tx(table_s, [{"Delete": {"TableName": table_s.name, "Key": {"p": f"{p}{i}"}}} for i in range(50)])
    assert get(table_s, {"p": f"{p}7"}) is None


def test_validation_errors_are_per_action_and_only_the_first_is_reported(table_s):
    p = unique()
    got = reasons(tx, table=table_s, actions=[put(table_s, {"p": 7}), put(table_s, {"p": 8}),
                                              put(table_s, {"p": p}, "attribute_exists(p)")])
    assert [r["Code"] for r in got] == ["ValidationError", "None", "None"]
    assert "Message" in got[0] and "Message" not in got[1]
    got = reasons(tx, table=table_s, actions=[put(table_s, {"p": 7})])
    assert got[0]["Code"] == "ValidationError" and "Message" in got[0]


def test_return_values_on_condition_check_failure(stratus, table_s):
    p = unique()
    table_s.put_item(Item={"p": p, "x": 42, "y": "dog"})

    def update(rv):
        return [{"Update": {"ReturnValuesOnConditionCheckFailure": rv, "TableName": table_s.name, "Key": {"p": p},
                            "ConditionExpression": "x = :c", "UpdateExpression": "SET x = x + :one",
                            "ExpressionAttributeValues": {":one": 1, ":c": 43}}}]

    got = reasons(tx, table=table_s, actions=update("ALL_OLD"))
    deserialize = boto3.dynamodb.types.TypeDeserializer().deserialize
    assert got[0]["Code"] == "ConditionalCheckFailed" and "Message" in got[0]
    assert {k: deserialize(v) for k, v in got[0]["Item"].items()} == {"p": p, "x": 42, "y": "dog"}
    assert "Item" not in reasons(tx, table=table_s, actions=update("NONE"))[0]
    raw = stratus.client("dynamodb", config=botocore.config.Config(parameter_validation=False))
    for option in ["none", "dog"]:
        fails(raw.transact_write_items, V, "[rR]eturnValuesOnConditionCheckFailure", TransactItems=[
            {"Update": {"ReturnValuesOnConditionCheckFailure": option, "TableName": table_s.name, "Key": {"p": {"S": p}},
                        "UpdateExpression": "SET x = :one", "ExpressionAttributeValues": {":one": {"N": "1"}}}}])


@pytest.mark.parametrize("action,pattern", [
    ({"ConditionExpression": "attribute_exists(#xyz)"}, "#xyz"),
    ({"ConditionExpression": "p = :xyz"}, ":xyz"),
    ({"ConditionExpression": "attribute_exists(p)", "ExpressionAttributeNames": {"#xyz": "x"}}, "unused.*#xyz"),
    ({"ConditionExpression": "attribute_exists(p)", "ExpressionAttributeValues": {":xyz": 7}}, "unused.*:xyz"),
    ({"ConditionExpression": "hello!"}, "Syntax error|Invalid character")])
def test_expression_faults_fail_the_whole_request(table_s, action, pattern):
    fails(tx, V, pattern, table=table_s, actions=[{"Put": {"TableName": table_s.name, "Item": {"p": unique()}, **action}}])


def test_transact_get_items(table_s):
    p = unique()
    table_s.put_item(Item={"p": p, "x": 1, "y": 2, "z": 3})
    out = table_s.meta.client.transact_get_items(TransactItems=[
        {"Get": {"TableName": table_s.name, "Key": {"p": p}}},
        {"Get": {"TableName": table_s.name, "Key": {"p": unique()}}},
        {"Get": {"TableName": table_s.name, "Key": {"p": p}, "ProjectionExpression": "x, #z",
                 "ExpressionAttributeNames": {"#z": "z"}}}])["Responses"]
    assert out[0]["Item"] == {"p": p, "x": 1, "y": 2, "z": 3}
    assert "Item" not in out[1]
    assert out[2]["Item"] == {"x": 1, "z": 3}
