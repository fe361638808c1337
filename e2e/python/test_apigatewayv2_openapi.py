"""HTTP APIs from OpenAPI definitions with the AWS CLI: import-api, reimport-api and export-api."""
import json
import os
import tempfile

import pytest
import yaml

from test_apigateway import ECHO, ROLE, call, zip_of

DEFINITION = """
openapi: 3.0.1
info:
  title: cli-imported
  version: "1.0"
paths:
  /hello:
    get:
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: {fn}
        payloadFormatVersion: "2.0"
  /$default:
    x-amazon-apigateway-any-method:
      isDefaultRoute: true
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: {fn}
        payloadFormatVersion: "2.0"
x-amazon-apigateway-cors:
  allowOrigins: ["*"]
"""


@pytest.fixture(scope="module")
def echo_fn(stratus):
    lam = stratus.client("lambda")
    arn = lam.create_function(FunctionName="py-openapi-echo", Runtime="python3.12", Role=ROLE, Handler="app.handler",
                              Code={"ZipFile": zip_of({"app.py": ECHO})})["FunctionArn"]
    lam.get_waiter("function_active_v2").wait(FunctionName="py-openapi-echo")
    return arn


def write(tmp, name, text):
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def test_cli_import_invoke_export_and_reimport(stratus, echo_fn):
    with tempfile.TemporaryDirectory() as tmp:
        definition = write(tmp, "api.yaml", DEFINITION.format(fn=echo_fn))
        api = stratus.aws("apigatewayv2", "import-api", "--body", "file://" + definition)
        api_id = api["ApiId"]
        assert api["Name"] == "cli-imported"
        assert api["CorsConfiguration"]["AllowOrigins"] == ["*"]
        routes = stratus.aws("apigatewayv2", "get-routes", "--api-id", api_id)["Items"]
        assert sorted(r["RouteKey"] for r in routes) == ["$default", "GET /hello"]

        stratus.aws("apigatewayv2", "create-stage", "--api-id", api_id, "--stage-name", "$default",
                    "--auto-deploy")
        status, _, body = call(f"{stratus.endpoint}/_aws/execute-api/{api_id}/hello")
        assert status == 200 and json.loads(body)["routeKey"] == "GET /hello"
        status, _, body = call(f"{stratus.endpoint}/_aws/execute-api/{api_id}/anything/else")
        assert status == 200 and json.loads(body)["routeKey"] == "$default"

        exported = os.path.join(tmp, "exported.yaml")
        stratus.aws("apigatewayv2", "export-api", "--api-id", api_id, "--specification", "OAS30",
                    "--output-type", "YAML", "--stage-name", "$default", exported)
        with open(exported) as f:
            doc = yaml.safe_load(f)
        assert doc["info"]["title"] == "cli-imported"
        assert doc["paths"]["/hello"]["get"]["x-amazon-apigateway-integration"]["uri"] == echo_fn
        assert doc["paths"]["/$default"]["x-amazon-apigateway-any-method"]["isDefaultRoute"] is True
        assert doc["servers"][0]["variables"]["basePath"]["default"] == ""

        copy = stratus.aws("apigatewayv2", "import-api", "--body", "file://" + exported)
        again = stratus.aws("apigatewayv2", "get-routes", "--api-id", copy["ApiId"])["Items"]
        assert sorted(r["RouteKey"] for r in again) == ["$default", "GET /hello"]

        smaller = write(tmp, "smaller.json", json.dumps({
            "openapi": "3.0.1", "info": {"title": "cli-reimported"},
            "paths": {"/bye": {"post": {"x-amazon-apigateway-integration": {
                "type": "AWS_PROXY", "httpMethod": "POST", "uri": echo_fn, "payloadFormatVersion": "2.0"}}}}}))
        reimported = stratus.aws("apigatewayv2", "reimport-api", "--api-id", api_id, "--body", "file://" + smaller)
        assert reimported["ApiId"] == api_id and reimported["Name"] == "cli-reimported"
        routes = stratus.aws("apigatewayv2", "get-routes", "--api-id", api_id)["Items"]
        assert [r["RouteKey"] for r in routes] == ["POST /bye"]
        status, _, _ = call(f"{stratus.endpoint}/_aws/execute-api/{api_id}/bye", method="POST")
        assert status == 200

        bad = write(tmp, "bad.json", '{"openapi": "3.0.1", "info": {}, "paths": {}}')
        out = stratus.aws("apigatewayv2", "import-api", "--body", "file://" + bad, check=False)
        assert out.returncode != 0
        assert "BadRequestException" in out.stderr and "Errors found during import" in out.stderr
