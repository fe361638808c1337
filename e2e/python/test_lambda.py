"""Lambda through boto3 and the AWS CLI: create, wait, invoke, logs, errors."""
import base64
import io
import json
import zipfile

import pytest
from conftest import AWS_CLI_V2

ROLE = "arn:aws:iam::000000000000:role/lambda-role"


def zip_of(files):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)
    return buf.getvalue()


PY = zip_of({"app.py": "import os\ndef handler(event, context):\n"
                       "    print('got', event)\n"
                       "    if event.get('fail'):\n        raise ValueError('boom')\n"
                       "    return {'echo': event, 'fn': context.function_name, 'region': os.environ['AWS_REGION']}\n"})
NODE = zip_of({"index.mjs": "export const handler = async (event) => ({ node: true, got: event });\n"})


def test_python_function_with_boto3(stratus):
    lam = stratus.client("lambda")
    lam.create_function(FunctionName="py-e2e", Runtime="python3.12", Role=ROLE, Handler="app.handler",
                        Code={"ZipFile": PY}, Timeout=10)
    lam.get_waiter("function_active_v2").wait(FunctionName="py-e2e")
    out = lam.invoke(FunctionName="py-e2e", Payload=json.dumps({"a": 1}), LogType="Tail")
    assert out["StatusCode"] == 200 and "FunctionError" not in out
    assert json.loads(out["Payload"].read()) == {"echo": {"a": 1}, "fn": "py-e2e", "region": "us-east-1"}
    tail = base64.b64decode(out["LogResult"]).decode()
    assert "START RequestId:" in tail and "REPORT RequestId:" in tail and "got {'a': 1}" in tail

    err = lam.invoke(FunctionName="py-e2e", Payload=json.dumps({"fail": True}))
    assert err["FunctionError"] == "Unhandled"
    body = json.loads(err["Payload"].read())
    assert body["errorType"] == "ValueError" and body["errorMessage"] == "boom"

    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.invoke(FunctionName="nope")


def test_node_function_with_the_cli(stratus, tmp_path):
    zip_path = tmp_path / "fn.zip"
    zip_path.write_bytes(NODE)
    created = stratus.aws("lambda", "create-function", "--function-name", "node-e2e", "--runtime", "nodejs20.x",
                          "--role", ROLE, "--handler", "index.handler", "--zip-file", f"fileb://{zip_path}")
    assert created["FunctionArn"] == "arn:aws:lambda:us-east-1:000000000000:function:node-e2e"
    stratus.aws("lambda", "wait", "function-active-v2", "--function-name", "node-e2e", cli=AWS_CLI_V2 or "aws")
    out_file = tmp_path / "out.json"
    payload = tmp_path / "payload.json"
    payload.write_text(json.dumps({"x": 2}))
    # fileb:// reads raw bytes in CLI v1 and v2 alike (v2 would take a bare --payload as base64).
    res = stratus.aws("lambda", "invoke", "--function-name", "node-e2e", "--payload", f"fileb://{payload}",
                      str(out_file))
    assert res["StatusCode"] == 200
    assert json.loads(out_file.read_text()) == {"node": True, "got": {"x": 2}}


def test_health_reports_the_execution_driver(stratus):
    details = stratus.health()["details"]["lambda"]
    assert details["executionDriver"] in ("bubblewrap", "process")


def test_versions_aliases_concurrency_tags_and_policy_with_boto3(stratus):
    lam = stratus.client("lambda")
    arn = lam.create_function(FunctionName="py-managed", Runtime="python3.12", Role=ROLE, Handler="app.handler",
                              Code={"ZipFile": PY}, Tags={"team": "a"})["FunctionArn"]
    assert lam.publish_version(FunctionName="py-managed")["Version"] == "1"
    alias = lam.create_alias(FunctionName="py-managed", Name="live", FunctionVersion="1")
    assert alias["AliasArn"] == arn + ":live"
    out = lam.invoke(FunctionName="py-managed", Qualifier="live", Payload=json.dumps({"v": 1}))
    assert out["ExecutedVersion"] == "1"
    assert [v["Version"] for v in lam.list_versions_by_function(FunctionName="py-managed")["Versions"]] == \
        ["$LATEST", "1"]

    lam.put_function_concurrency(FunctionName="py-managed", ReservedConcurrentExecutions=0)
    with pytest.raises(lam.exceptions.TooManyRequestsException) as throttled:
        lam.invoke(FunctionName="py-managed")
    assert throttled.value.response["Reason"] == "ReservedFunctionConcurrentInvocationLimitExceeded"
    lam.delete_function_concurrency(FunctionName="py-managed")

    lam.tag_resource(Resource=arn, Tags={"env": "dev"})
    assert lam.list_tags(Resource=arn)["Tags"] == {"team": "a", "env": "dev"}
    lam.add_permission(FunctionName="py-managed", StatementId="sns", Action="lambda:InvokeFunction",
                       Principal="sns.amazonaws.com")
    assert json.loads(lam.get_policy(FunctionName="py-managed")["Policy"])["Statement"][0]["Sid"] == "sns"
    assert lam.get_account_settings()["AccountUsage"]["FunctionCount"] >= 1
