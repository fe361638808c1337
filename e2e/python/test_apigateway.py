"""API Gateway REST APIs from boto3 and the AWS CLI, invoked over plain HTTP (urllib) on the same port."""
import io
import json
import urllib.error
import urllib.request
import zipfile

import pytest

from conftest import AWS_CLI_V2

ROLE = "arn:aws:iam::000000000000:role/r"
ECHO = ("import json\n"
        "def handler(event, context):\n"
        "    return {'statusCode': 200, 'headers': {'X-Fn': context.function_name}, 'body': json.dumps(event)}\n")


def zip_of(files):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)
    return buf.getvalue()


def call(url, method="GET", body=None, headers=None):
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


@pytest.fixture(scope="module")
def echo_fn(stratus):
    lam = stratus.client("lambda")
    arn = lam.create_function(FunctionName="py-api-echo", Runtime="python3.12", Role=ROLE, Handler="app.handler",
                              Code={"ZipFile": zip_of({"app.py": ECHO})})["FunctionArn"]
    lam.get_waiter("function_active_v2").wait(FunctionName="py-api-echo")
    return arn


def lambda_uri(arn):
    return f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{arn}/invocations"


def test_boto3_proxy_api_end_to_end(stratus, echo_fn):
    apigw = stratus.client("apigateway")
    api = apigw.create_rest_api(name="py-proxy")
    assert len(api["id"]) == 10
    proxy = apigw.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="{proxy+}")
    apigw.put_method(restApiId=api["id"], resourceId=proxy["id"], httpMethod="ANY", authorizationType="NONE")
    apigw.put_integration(restApiId=api["id"], resourceId=proxy["id"], httpMethod="ANY", type="AWS_PROXY",
                          integrationHttpMethod="POST", uri=lambda_uri(echo_fn))
    deployment = apigw.create_deployment(restApiId=api["id"], stageName="dev", variables={"v": "1"})
    assert apigw.get_stage(restApiId=api["id"], stageName="dev")["deploymentId"] == deployment["id"]
    resources = apigw.get_resources(restApiId=api["id"], embed=["methods"])["items"]
    by_path = {r["path"]: r for r in resources}
    assert by_path["/{proxy+}"]["resourceMethods"]["ANY"]["methodIntegration"]["type"] == "AWS_PROXY"

    status, headers, body = call(f"{stratus.endpoint}/_aws/execute-api/{api['id']}/dev/items/42?q=a&q=b",
                                 method="PUT", body=b'{"x": 1}', headers={"Content-Type": "application/json"})
    assert status == 200
    assert headers["X-Fn"] == "py-api-echo"
    assert headers["x-amz-apigw-id"]
    event = json.loads(body)
    assert event["resource"] == "/{proxy+}"
    assert event["path"] == "/items/42"
    assert event["httpMethod"] == "PUT"
    assert event["pathParameters"] == {"proxy": "items/42"}
    assert event["queryStringParameters"] == {"q": "b"}
    assert event["multiValueQueryStringParameters"] == {"q": ["a", "b"]}
    assert event["stageVariables"] == {"v": "1"}
    assert event["body"] == '{"x": 1}'
    assert event["isBase64Encoded"] is False
    ctx = event["requestContext"]
    assert ctx["stage"] == "dev" and ctx["apiId"] == api["id"] and ctx["path"] == "/dev/items/42"
    assert ctx["requestId"] == headers["x-amzn-RequestId"]
    assert ctx["identity"]["sourceIp"] == "127.0.0.1"

    status, _, body = call(f"{stratus.endpoint}/restapis/{api['id']}/dev/_user_request_/")
    assert status == 403
    assert json.loads(body) == {"message": "Missing Authentication Token"}

    with pytest.raises(apigw.exceptions.NotFoundException) as err:
        apigw.get_rest_api(restApiId="missing")
    assert err.value.response["Error"]["Message"] == "Invalid API identifier specified 000000000000:missing"
    apigw.delete_rest_api(restApiId=api["id"])
    status, _, body = call(f"{stratus.endpoint}/_aws/execute-api/{api['id']}/dev/items")
    assert status == 403 and json.loads(body) == {"message": "Forbidden"}


def test_boto3_update_stage_variables(stratus):
    apigw = stratus.client("apigateway")
    api = apigw.create_rest_api(name="py-stage")
    apigw.put_method(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET",
                     authorizationType="NONE")
    apigw.put_integration(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET", type="MOCK",
                          requestTemplates={"application/json": '{"statusCode": 200}'})
    apigw.create_deployment(restApiId=api["id"], stageName="prod")
    stage = apigw.update_stage(restApiId=api["id"], stageName="prod",
                               patchOperations=[{"op": "replace", "path": "/variables/color", "value": "red"}])
    assert stage["variables"] == {"color": "red"}


@pytest.mark.skipif(AWS_CLI_V2 is None, reason="needs the AWS CLI v2")
def test_cli_mock_api(stratus):
    api = stratus.aws("apigateway", "create-rest-api", "--name", "cli-mock", cli=AWS_CLI_V2)
    api_id = api["id"]
    # Debian's CLI (2.9) predates rootResourceId in the model: the root is found as the resource at "/".
    resources = stratus.aws("apigateway", "get-resources", "--rest-api-id", api_id, cli=AWS_CLI_V2)["items"]
    root = next(r["id"] for r in resources if r["path"] == "/")
    res = stratus.aws("apigateway", "create-resource", "--rest-api-id", api_id, "--parent-id", root,
                      "--path-part", "ping", cli=AWS_CLI_V2)
    common = ["--rest-api-id", api_id, "--resource-id", res["id"], "--http-method", "GET"]
    stratus.aws("apigateway", "put-method", *common, "--authorization-type", "NONE", cli=AWS_CLI_V2)
    stratus.aws("apigateway", "put-integration", *common, "--type", "MOCK", "--request-templates",
                '{"application/json": "{\\"statusCode\\": 200}"}', cli=AWS_CLI_V2)
    stratus.aws("apigateway", "put-method-response", *common, "--status-code", "200", cli=AWS_CLI_V2)
    stratus.aws("apigateway", "put-integration-response", *common, "--status-code", "200", "--response-templates",
                '{"application/json": "{\\"pong\\": true}"}', cli=AWS_CLI_V2)
    stratus.aws("apigateway", "create-deployment", "--rest-api-id", api_id, "--stage-name", "dev", cli=AWS_CLI_V2)
    stages = stratus.aws("apigateway", "get-stages", "--rest-api-id", api_id, cli=AWS_CLI_V2)
    assert [s["stageName"] for s in stages["item"]] == ["dev"]
    status, _, body = call(f"{stratus.endpoint}/_aws/execute-api/{api_id}/dev/ping")
    assert status == 200
    assert json.loads(body) == {"pong": True}


@pytest.mark.skipif(AWS_CLI_V2 is None, reason="needs the AWS CLI v2")
def test_cli_canary_release_and_promotion(stratus):
    """create-deployment --canary-settings, the split (Stratus spreads it evenly), and AWS's promotion patches."""
    api_id = stratus.aws("apigateway", "create-rest-api", "--name", "cli-canary", cli=AWS_CLI_V2)["id"]
    resources = stratus.aws("apigateway", "get-resources", "--rest-api-id", api_id, cli=AWS_CLI_V2)["items"]
    root = next(r["id"] for r in resources if r["path"] == "/")
    common = ["--rest-api-id", api_id, "--resource-id", root, "--http-method", "GET"]
    stratus.aws("apigateway", "put-method", *common, "--authorization-type", "NONE", cli=AWS_CLI_V2)
    stratus.aws("apigateway", "put-integration", *common, "--type", "MOCK", "--request-templates",
                '{"application/json": "{\\"statusCode\\": 200}"}', cli=AWS_CLI_V2)
    stratus.aws("apigateway", "put-method-response", *common, "--status-code", "200", cli=AWS_CLI_V2)

    def release(name):
        stratus.aws("apigateway", "put-integration-response", *common, "--status-code", "200",
                    "--response-templates",
                    json.dumps({"application/json": name + ":$stageVariables.color"}), cli=AWS_CLI_V2)

    def answers(n):
        bodies = [call(f"{stratus.endpoint}/_aws/execute-api/{api_id}/prod/")[2].decode() for _ in range(n)]
        return {b: bodies.count(b) for b in set(bodies)}

    release("v1")
    stratus.aws("apigateway", "create-deployment", "--rest-api-id", api_id, "--stage-name", "prod",
                "--variables", "color=blue", cli=AWS_CLI_V2)
    release("v2")
    canary = stratus.aws("apigateway", "create-deployment", "--rest-api-id", api_id, "--stage-name", "prod",
                         "--canary-settings", "percentTraffic=20,stageVariableOverrides={color=red},useStageCache=false",
                         cli=AWS_CLI_V2)
    stage = stratus.aws("apigateway", "get-stage", "--rest-api-id", api_id, "--stage-name", "prod", cli=AWS_CLI_V2)
    assert stage["canarySettings"]["deploymentId"] == canary["id"] and stage["deploymentId"] != canary["id"]
    assert answers(50) == {"v1:blue": 40, "v2:red": 10}

    stratus.aws("apigateway", "update-stage", "--rest-api-id", api_id, "--stage-name", "prod", "--patch-operations",
                json.dumps([{"op": "replace", "path": "/canarySettings/percentTraffic", "value": "0.0"},
                            {"op": "copy", "from": "/canarySettings/stageVariableOverrides", "path": "/variables"},
                            {"op": "copy", "from": "/canarySettings/deploymentId", "path": "/deploymentId"}]),
                cli=AWS_CLI_V2)
    assert answers(10) == {"v2:red": 10}
    stratus.aws("apigateway", "update-stage", "--rest-api-id", api_id, "--stage-name", "prod", "--patch-operations",
                "op=remove,path=/canarySettings", cli=AWS_CLI_V2)
    stage = stratus.aws("apigateway", "get-stage", "--rest-api-id", api_id, "--stage-name", "prod", cli=AWS_CLI_V2)
    assert "canarySettings" not in stage and stage["deploymentId"] == canary["id"]


def test_boto3_http_api_quick_create(stratus, echo_fn):
    v2 = stratus.client("apigatewayv2")
    api = v2.create_api(Name="py-quick", ProtocolType="HTTP", Target=echo_fn)
    assert api["ApiEndpoint"] == f"http://{api['ApiId']}.execute-api.localhost:{stratus.port}"
    assert [r["RouteKey"] for r in v2.get_routes(ApiId=api["ApiId"])["Items"]] == ["$default"]
    status, headers, body = call(f"{stratus.endpoint}/_aws/execute-api/{api['ApiId']}/any/path?x=1")
    assert status == 200
    event = json.loads(body)
    assert event["version"] == "2.0"
    assert event["rawPath"] == "/any/path"
    assert event["queryStringParameters"] == {"x": "1"}
    assert event["requestContext"]["stage"] == "$default"
    v2.delete_api(ApiId=api["ApiId"])


AUTHORIZER = ("def handler(event, context):\n"
              "    token = event['authorizationToken']\n"
              "    if token == 'bad':\n"
              "        raise Exception('Unauthorized')\n"
              "    effect = 'Allow' if token == 'good' else 'Deny'\n"
              "    return {'principalId': 'py-user', 'context': {'tier': 'gold'}, 'policyDocument': {\n"
              "        'Version': '2012-10-17', 'Statement': [{'Action': 'execute-api:Invoke', 'Effect': effect,\n"
              "                                                 'Resource': event['methodArn']}]}}\n")


def test_boto3_authorizer_api_key_and_vtl(stratus):
    lam = stratus.client("lambda")
    fn = lam.create_function(FunctionName="py-authorizer", Runtime="python3.12", Role=ROLE, Handler="app.handler",
                             Code={"ZipFile": zip_of({"app.py": AUTHORIZER})})["FunctionArn"]
    lam.get_waiter("function_active_v2").wait(FunctionName="py-authorizer")
    apigw = stratus.client("apigateway")
    api = apigw.create_rest_api(name="py-guarded")
    authorizer = apigw.create_authorizer(restApiId=api["id"], name="tok", type="TOKEN", authorizerUri=lambda_uri(fn),
                                         identitySource="method.request.header.Authorization")
    assert authorizer["authorizerResultTtlInSeconds"] == 300
    res = apigw.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="who")
    common = {"restApiId": api["id"], "resourceId": res["id"], "httpMethod": "GET"}
    apigw.put_method(**common, authorizationType="CUSTOM", authorizerId=authorizer["id"], apiKeyRequired=True)
    apigw.put_integration(**common, type="MOCK", requestTemplates={"application/json": '{"statusCode": 200}'})
    apigw.put_method_response(**common, statusCode="200")
    apigw.put_integration_response(**common, statusCode="200", responseTemplates={
        "application/json": '{"principal": "$context.authorizer.principalId", "tier": "$context.authorizer.tier"}'})
    apigw.create_deployment(restApiId=api["id"], stageName="dev")
    key = apigw.create_api_key(name="py-key", enabled=True)
    assert len(key["value"]) == 40
    plan = apigw.create_usage_plan(name="py-plan", apiStages=[{"apiId": api["id"], "stage": "dev"}],
                                   quota={"limit": 2, "period": "DAY"})
    apigw.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")

    url = f"{stratus.endpoint}/_aws/execute-api/{api['id']}/dev/who"
    assert call(url)[0] == 401
    assert call(url, headers={"Authorization": "bad"})[0] == 401
    status, _, body = call(url, headers={"Authorization": "evil"})
    assert status == 403
    assert json.loads(body) == {"Message": "User is not authorized to access this resource with an explicit deny"}
    status, _, body = call(url, headers={"Authorization": "good"})
    assert (status, json.loads(body)) == (403, {"message": "Forbidden"})
    good = {"Authorization": "good", "x-api-key": key["value"]}
    status, _, body = call(url, headers=good)
    assert (status, json.loads(body)) == (200, {"principal": "py-user", "tier": "gold"})
    assert call(url, headers=good)[0] == 200
    status, _, body = call(url, headers=good)
    assert (status, json.loads(body)) == (429, {"message": "Limit Exceeded"})


API_YAML = """\
openapi: 3.0.1
info:
  title: cli-imported
  version: "1"
paths:
  /ping:
    get:
      responses:
        "200": {description: ok}
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates:
          application/json: '{"statusCode": 200}'
        responses:
          default:
            statusCode: "200"
            responseTemplates:
              application/json: '{"pong": true}'
"""


@pytest.mark.skipif(AWS_CLI_V2 is None, reason="needs the AWS CLI v2")
def test_cli_import_and_export(stratus, tmp_path):
    spec = tmp_path / "api.yaml"
    spec.write_text(API_YAML)
    api = stratus.aws("apigateway", "import-rest-api", "--body", f"fileb://{spec}", cli=AWS_CLI_V2)
    assert api["name"] == "cli-imported"
    stratus.aws("apigateway", "create-deployment", "--rest-api-id", api["id"], "--stage-name", "dev", cli=AWS_CLI_V2)
    status, _, body = call(f"{stratus.endpoint}/_aws/execute-api/{api['id']}/dev/ping")
    assert status == 200
    assert json.loads(body) == {"pong": True}
    out = tmp_path / "export.json"
    stratus.aws("apigateway", "get-export", "--rest-api-id", api["id"], "--stage-name", "dev", "--export-type",
                "oas30", "--parameters", "extensions=integrations", str(out), cli=AWS_CLI_V2)
    exported = json.loads(out.read_text())
    assert exported["info"]["title"] == "cli-imported"
    assert exported["paths"]["/ping"]["get"]["x-amazon-apigateway-integration"]["type"] == "mock"


def test_boto3_import_yaml_and_export_yaml(stratus):
    apigw = stratus.client("apigateway")
    api = apigw.import_rest_api(body=API_YAML.encode(), parameters={"endpointConfigurationTypes": "REGIONAL"})
    assert api["endpointConfiguration"]["types"] == ["REGIONAL"]
    apigw.create_deployment(restApiId=api["id"], stageName="prod")
    export = apigw.get_export(restApiId=api["id"], stageName="prod", exportType="swagger",
                              accepts="application/yaml")
    assert export["contentType"] == "application/yaml"
    text = export["body"].read().decode()
    assert "swagger: \"2.0\"" in text or "swagger: '2.0'" in text or "swagger: 2.0" in text
    assert "/ping:" in text
    with pytest.raises(apigw.exceptions.BadRequestException):
        apigw.import_rest_api(body=b"{not: [valid")
