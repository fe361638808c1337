"""API Gateway HTTP APIs (apigatewayv2) from boto3, invoked over plain HTTP (urllib) on the same port."""
import json

import pytest

from test_apigateway import ECHO, ROLE, call, zip_of


@pytest.fixture(scope="module")
def v2_echo_fn(stratus):
    lam = stratus.client("lambda")
    arn = lam.create_function(FunctionName="py-v2-echo", Runtime="python3.12", Role=ROLE, Handler="app.handler",
                              Code={"ZipFile": zip_of({"app.py": ECHO})})["FunctionArn"]
    lam.get_waiter("function_active_v2").wait(FunctionName="py-v2-echo")
    return arn


def test_boto3_http_api_routes_stages_and_cors(stratus, v2_echo_fn):
    v2 = stratus.client("apigatewayv2")
    api = v2.create_api(Name="py-full", ProtocolType="HTTP",
                        CorsConfiguration={"AllowOrigins": ["https://app.example"], "AllowMethods": ["GET"]})
    api_id = api["ApiId"]
    integration = v2.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=v2_echo_fn,
                                        PayloadFormatVersion="2.0")
    v2.create_route(ApiId=api_id, RouteKey="GET /hello/{name}",
                    Target="integrations/" + integration["IntegrationId"])
    v2.create_stage(ApiId=api_id, StageName="dev", StageVariables={"env": "dev"})
    base = f"{stratus.endpoint}/_aws/execute-api/{api_id}"
    status, _, body = call(f"{base}/dev/hello/ada")
    assert status == 404 and json.loads(body) == {"message": "Not Found"}

    v2.create_deployment(ApiId=api_id, StageName="dev")
    status, headers, body = call(f"{base}/dev/hello/ada", headers={"Origin": "https://app.example"})
    assert status == 200
    headers = {k.lower(): v for k, v in headers.items()}
    assert headers["access-control-allow-origin"] == "https://app.example"
    event = json.loads(body)
    assert event["routeKey"] == "GET /hello/{name}"
    assert event["pathParameters"] == {"name": "ada"}
    assert event["stageVariables"] == {"env": "dev"}
    assert event["requestContext"]["stage"] == "dev"

    status, headers, _ = call(f"{base}/dev/hello/ada", method="OPTIONS",
                              headers={"Origin": "https://app.example", "Access-Control-Request-Method": "GET"})
    assert status == 204
    assert {k.lower(): v for k, v in headers.items()}["access-control-allow-methods"] == "GET"

    with pytest.raises(v2.exceptions.NotFoundException):
        v2.get_route(ApiId=api_id, RouteId="missing")
    with pytest.raises(v2.exceptions.ConflictException):
        v2.create_stage(ApiId=api_id, StageName="dev")
    v2.delete_api(ApiId=api_id)
