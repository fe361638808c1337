"""DynamoDB through boto3 (client and resource layers) and the AWS CLI, against the jar."""
import decimal
import json
import urllib.request

import botocore.exceptions
import pytest
from boto3.dynamodb.conditions import Attr, Key


@pytest.fixture(scope="module")
def table(stratus):
    ddb = stratus.client("dynamodb")
    ddb.create_table(TableName="orders", BillingMode="PAY_PER_REQUEST",
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                           {"AttributeName": "sk", "AttributeType": "N"}],
                     KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}])
    ddb.get_waiter("table_exists").wait(TableName="orders", WaiterConfig={"Delay": 1, "MaxAttempts": 10})
    import boto3
    resource = boto3.resource("dynamodb", endpoint_url=stratus.endpoint, region_name="us-east-1",
                              aws_access_key_id="test", aws_secret_access_key="test")
    return resource.Table("orders")


def test_resource_layer_put_get_query(table):
    for i in range(12):
        table.put_item(Item={"pk": "cust#1", "sk": i, "total": decimal.Decimal("10.5") * i, "tags": {"a", "b"}})
    got = table.get_item(Key={"pk": "cust#1", "sk": 3})["Item"]
    assert got["total"] == decimal.Decimal("31.5") and got["tags"] == {"a", "b"}
    page = table.query(KeyConditionExpression=Key("pk").eq("cust#1") & Key("sk").between(2, 9),
                       FilterExpression=Attr("total").gt(40), ScanIndexForward=False, Limit=5)
    assert [int(i["sk"]) for i in page["Items"]] == [9, 8, 7, 6, 5]
    assert page["LastEvaluatedKey"] == {"pk": "cust#1", "sk": 5}


def test_conditional_failure_and_update_expression(table):
    table.put_item(Item={"pk": "c", "sk": 1, "n": 1})
    with pytest.raises(botocore.exceptions.ClientError) as e:
        table.put_item(Item={"pk": "c", "sk": 1}, ConditionExpression="attribute_not_exists(pk)")
    assert e.value.response["Error"]["Code"] == "ConditionalCheckFailedException"
    out = table.update_item(Key={"pk": "c", "sk": 1}, UpdateExpression="SET n = n + :d, #s = :s",
                            ExpressionAttributeNames={"#s": "status"}, ExpressionAttributeValues={":d": 5, ":s": "ok"},
                            ReturnValues="ALL_NEW")["Attributes"]
    assert out["n"] == 6 and out["status"] == "ok"


def test_validation_messages_match_dynamodb(stratus, table):
    ddb = stratus.client("dynamodb")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ddb.get_item(TableName="orders", Key={"pk": {"S": "x"}})
    assert e.value.response["Error"]["Code"] == "ValidationException"
    assert e.value.response["Error"]["Message"] == "The provided key element does not match the schema"
    with pytest.raises(ddb.exceptions.ResourceNotFoundException):
        ddb.get_item(TableName="missing", Key={"pk": {"S": "x"}})


def test_cli_round_trip(stratus, table):
    stratus.aws("dynamodb", "put-item", "--table-name", "orders",
                "--item", json.dumps({"pk": {"S": "cli"}, "sk": {"N": "1"}, "v": {"S": "from the cli"}}))
    got = stratus.aws("dynamodb", "get-item", "--table-name", "orders",
                      "--key", json.dumps({"pk": {"S": "cli"}, "sk": {"N": "1"}}))
    assert got["Item"]["v"]["S"] == "from the cli"
    tables = stratus.aws("dynamodb", "list-tables")["TableNames"]
    assert "orders" in tables
    desc = stratus.aws("dynamodb", "describe-table", "--table-name", "orders")["Table"]
    assert desc["TableStatus"] == "ACTIVE" and desc["KeySchema"][0]["AttributeName"] == "pk"


def test_unsigned_get_root_is_a_health_probe(stratus):
    with urllib.request.urlopen(stratus.endpoint + "/", timeout=5) as r:
        assert r.status == 200


def test_partiql_statements_batches_and_transactions(stratus, table):
    ddb = stratus.client("dynamodb")
    ddb.execute_statement(Statement="INSERT INTO \"orders\" VALUE {'pk': 'pq', 'sk': ?, 'v': 'one'}",
                          Parameters=[{"N": "1"}])
    with pytest.raises(ddb.exceptions.DuplicateItemException) as e:
        ddb.execute_statement(Statement="INSERT INTO orders VALUE {'pk': 'pq', 'sk': 1}")
    assert e.value.response["Error"]["Message"] == "Duplicate primary key exists in table"
    out = ddb.execute_statement(Statement="UPDATE orders SET v = 'two' WHERE pk = 'pq' AND sk = 1 RETURNING ALL OLD *")
    assert out["Items"] == [{"pk": {"S": "pq"}, "sk": {"N": "1"}, "v": {"S": "one"}}]
    rows = ddb.execute_statement(Statement="SELECT v FROM orders WHERE pk = ? ORDER BY sk DESC",
                                 Parameters=[{"S": "pq"}])["Items"]
    assert rows == [{"v": {"S": "two"}}]
    batch = ddb.batch_execute_statement(Statements=[
        {"Statement": "INSERT INTO orders VALUE {'pk': 'pq', 'sk': 2}"},
        {"Statement": "INSERT INTO orders VALUE {'pk': 'pq', 'sk': 1}"}])["Responses"]
    assert "Error" not in batch[0] and batch[1]["Error"]["Code"] == "DuplicateItem"
    with pytest.raises(ddb.exceptions.TransactionCanceledException) as e:
        ddb.execute_transaction(TransactStatements=[
            {"Statement": "DELETE FROM orders WHERE pk = 'pq' AND sk = 2"},
            {"Statement": "UPDATE orders SET v = 'x' WHERE pk = 'pq' AND sk = 404"}])
    assert [r["Code"] for r in e.value.response["CancellationReasons"]] == ["None", "ConditionalCheckFailed"]
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ddb.execute_statement(Statement="DELETE FROM orders WHERE pk = 'pq'")
    assert e.value.response["Error"]["Message"] == \
        "Where clause does not contain a mandatory equality on all key attributes"


def test_backup_and_point_in_time_restore(stratus, table):
    ddb = stratus.client("dynamodb")
    table.put_item(Item={"pk": "bk", "sk": 1})
    arn = ddb.create_backup(TableName="orders", BackupName="py-backup")["BackupDetails"]["BackupArn"]
    assert arn in [b["BackupArn"] for b in ddb.list_backups(TableName="orders")["BackupSummaries"]]
    ddb.restore_table_from_backup(TargetTableName="orders-restored", BackupArn=arn)
    assert ddb.get_item(TableName="orders-restored", Key={"pk": {"S": "bk"}, "sk": {"N": "1"}})["Item"]
    ddb.update_continuous_backups(TableName="orders",
                                  PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
    status = ddb.describe_continuous_backups(TableName="orders")["ContinuousBackupsDescription"]
    assert status["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "ENABLED"
    ddb.restore_table_to_point_in_time(SourceTableName="orders", TargetTableName="orders-pitr",
                                       UseLatestRestorableTime=True)
    assert ddb.get_item(TableName="orders-pitr", Key={"pk": {"S": "bk"}, "sk": {"N": "1"}})["Item"]
