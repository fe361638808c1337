"""boto3 against the jar: STS, IAM and Logs through the client layer, including errors."""
import json

import botocore.exceptions
import pytest

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                            "Principal": {"Service": "lambda.amazonaws.com"}}]})


def test_assumed_role_credentials_act_as_the_role(stratus):
    iam, sts = stratus.client("iam"), stratus.client("sts")
    role = iam.create_role(RoleName="boto-role", AssumeRolePolicyDocument=TRUST)["Role"]
    creds = sts.assume_role(RoleArn=role["Arn"], RoleSessionName="sess")["Credentials"]
    me = stratus.client("sts", key=creds["AccessKeyId"], secret=creds["SecretAccessKey"],
                        aws_session_token=creds["SessionToken"]).get_caller_identity()
    assert me["Arn"] == "arn:aws:sts::000000000000:assumed-role/boto-role/sess"


def test_iam_errors_have_aws_codes_and_statuses(stratus):
    iam = stratus.client("iam")
    iam.create_role(RoleName="dup", AssumeRolePolicyDocument=TRUST)
    with pytest.raises(botocore.exceptions.ClientError) as e:
        iam.create_role(RoleName="dup", AssumeRolePolicyDocument=TRUST)
    assert e.value.response["Error"]["Code"] == "EntityAlreadyExists"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    with pytest.raises(botocore.exceptions.ClientError) as e:
        iam.get_role(RoleName="missing")
    assert e.value.response["Error"]["Code"] == "NoSuchEntity"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    with pytest.raises(botocore.exceptions.ClientError) as e:
        iam.create_role(RoleName="bad-doc", AssumeRolePolicyDocument="not json")
    assert e.value.response["Error"]["Code"] == "MalformedPolicyDocument"


def test_logs_filter_and_pagination(stratus):
    logs = stratus.client("logs")
    logs.create_log_group(logGroupName="/boto")
    logs.create_log_stream(logGroupName="/boto", logStreamName="a")
    import time
    now = int(time.time() * 1000)
    logs.put_log_events(logGroupName="/boto", logStreamName="a",
                        logEvents=[{"timestamp": now + i, "message": ("ERROR " if i % 3 == 0 else "INFO ") + str(i)}
                                   for i in range(30)])
    found = logs.filter_log_events(logGroupName="/boto", filterPattern="ERROR")["events"]
    assert [e["message"] for e in found] == ["ERROR " + str(i) for i in range(0, 30, 3)]
    pages = list(logs.get_paginator("describe_log_groups").paginate(PaginationConfig={"PageSize": 1}))
    assert any(g["logGroupName"] == "/boto" for p in pages for g in p["logGroups"])
    with pytest.raises(logs.exceptions.ResourceAlreadyExistsException):
        logs.create_log_group(logGroupName="/boto")
    with pytest.raises(logs.exceptions.ResourceNotFoundException):
        logs.put_log_events(logGroupName="/none", logStreamName="a", logEvents=[{"timestamp": now, "message": "x"}])
