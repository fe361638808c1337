"""API Gateway WebSocket APIs built with boto3 and the AWS CLI, used by a Node.js client (npm's `ws`), answered
through the @connections management API (boto3's apigatewaymanagementapi), from the test and from a function."""
import json
import os
import queue
import subprocess
import threading

import pytest

from test_apigateway import ROLE, zip_of

# One function serves every route; it tells them apart by routeKey, as a single-handler WebSocket backend does.
WS_FN = """
import json, os
import boto3

def handler(event, context):
    ctx = event["requestContext"]
    route = ctx["routeKey"]
    if route == "$connect":
        query = event.get("queryStringParameters") or {}
        return {"statusCode": 403 if query.get("reject") else 200}
    if route == "$disconnect":
        boto3.client("sqs").send_message(QueueUrl=os.environ["QUEUE_URL"], MessageBody=json.dumps(
            {"connectionId": ctx["connectionId"], "code": ctx.get("disconnectStatusCode"), "route": route}))
        return {"statusCode": 200}
    if route == "echo":
        body = json.loads(event["body"])
        return {"statusCode": 200, "body": json.dumps(
            {"echo": body.get("data"), "route": route, "connectionId": ctx["connectionId"]})}
    endpoint = os.environ["AWS_ENDPOINT_URL"] + "/_aws/execute-api/" + ctx["apiId"] + "/" + ctx["stage"]
    boto3.client("apigatewaymanagementapi", endpoint_url=endpoint).post_to_connection(
        ConnectionId=ctx["connectionId"], Data=("default:" + event["body"]).encode())
    return {"statusCode": 200}
"""

WAIT = 30


class NodeSocket:
    """A `node ws-client.mjs` process: commands go to its stdin, the events it prints arrive in a queue."""

    def __init__(self, node_dir, url, headers=None):
        args = ["node", os.path.join(node_dir, "ws-client.mjs"), url]
        args += [f"{k}={v}" for k, v in (headers or {}).items()]
        self.proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True)
        self.events = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.events.put(json.loads(line))
        self.events.put({"event": "exit"})

    def next(self, kind):
        """The next event, which must be of the given kind (errors and surprises fail the test)."""
        try:
            event = self.events.get(timeout=WAIT)
        except queue.Empty:
            stderr = self.proc.stderr.read() if self.proc.poll() is not None else ""
            raise AssertionError(f"no '{kind}' event from the Node client within {WAIT}s {stderr}")
        assert event["event"] == kind, event
        return event

    def send(self, data):
        self._command({"op": "send", "data": data})

    def close(self, code=1000, reason=""):
        self._command({"op": "close", "code": code, "reason": reason})

    def _command(self, command):
        self.proc.stdin.write(json.dumps(command) + "\n")
        self.proc.stdin.flush()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=10)


@pytest.fixture
def sockets(node_clients):
    opened = []

    def connect(url, headers=None):
        s = NodeSocket(node_clients, url, headers)
        opened.append(s)
        return s

    yield connect
    for s in opened:
        s.stop()


@pytest.fixture(scope="module")
def ws_api(stratus, tmp_path_factory):
    """A WebSocket API made with the AWS CLI (API, integration, routes, stage) routing to one Python function."""
    sqs = stratus.client("sqs")
    queue_url = sqs.create_queue(QueueName="ws-node-disconnects")["QueueUrl"]
    lam = stratus.client("lambda")
    fn = lam.create_function(FunctionName="ws-node-backend", Runtime="python3.12", Role=ROLE, Handler="app.handler",
                             Code={"ZipFile": zip_of({"app.py": WS_FN})}, Timeout=30,
                             Environment={"Variables": {"QUEUE_URL": queue_url}})["FunctionArn"]
    lam.get_waiter("function_active_v2").wait(FunctionName="ws-node-backend")

    api = stratus.aws("apigatewayv2", "create-api", "--name", "ws-node", "--protocol-type", "WEBSOCKET",
                      "--route-selection-expression", "$request.body.action")
    api_id = api["ApiId"]
    assert api["ApiEndpoint"].startswith("ws://")
    integration = stratus.aws("apigatewayv2", "create-integration", "--api-id", api_id, "--integration-type",
                              "AWS_PROXY", "--integration-uri", fn)["IntegrationId"]
    for key in ("$connect", "$disconnect", "$default"):
        stratus.aws("apigatewayv2", "create-route", "--api-id", api_id, "--route-key", key,
                    "--target", "integrations/" + integration)
    # A custom route chosen by the selection expression, two-way: the function's body comes back on the socket.
    stratus.aws("apigatewayv2", "create-route", "--api-id", api_id, "--route-key", "echo",
                "--target", "integrations/" + integration, "--route-response-selection-expression", "$default")
    stratus.aws("apigatewayv2", "create-stage", "--api-id", api_id, "--stage-name", "prod")
    stratus.aws("apigatewayv2", "create-deployment", "--api-id", api_id, "--stage-name", "prod")
    return {"id": api_id, "queue": queue_url,
            "url": f"ws://127.0.0.1:{stratus.port}/_aws/execute-api/{api_id}/prod",
            "connections": f"{stratus.endpoint}/_aws/execute-api/{api_id}/prod"}


def disconnect_event(stratus, queue_url):
    sqs = stratus.client("sqs")
    for _ in range(3):
        got = sqs.receive_message(QueueUrl=queue_url, WaitTimeSeconds=10).get("Messages", [])
        if got:
            sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=got[0]["ReceiptHandle"])
            return json.loads(got[0]["Body"])
    raise AssertionError("$disconnect was not invoked")


def test_node_client_routes_replies_and_management_api(stratus, ws_api, sockets):
    client = sockets(ws_api["url"])
    client.next("open")

    client.send(json.dumps({"action": "echo", "data": "hello"}))
    reply = json.loads(client.next("message")["data"])
    assert reply["echo"] == "hello" and reply["route"] == "echo"
    connection_id = reply["connectionId"]

    # No route for this action, and text that is not JSON: both go to $default, which answers through
    # PostToConnection from inside the function.
    client.send(json.dumps({"action": "unknown"}))
    assert client.next("message")["data"] == 'default:{"action": "unknown"}'
    client.send("plain text")
    assert client.next("message")["data"] == "default:plain text"

    management = stratus.client("apigatewaymanagementapi", endpoint_url=ws_api["connections"])
    management.post_to_connection(ConnectionId=connection_id, Data=b"pushed by the test")
    assert client.next("message") == {"event": "message", "data": "pushed by the test", "binary": False}
    info = management.get_connection(ConnectionId=connection_id)
    assert info["Identity"]["SourceIp"] == "127.0.0.1"
    assert info["ConnectedAt"] <= info["LastActiveAt"]

    client.close(1000, "done")
    assert client.next("close")["code"] == 1000
    gone = disconnect_event(stratus, ws_api["queue"])
    assert gone == {"connectionId": connection_id, "code": 1000, "route": "$disconnect"}
    with pytest.raises(management.exceptions.GoneException):
        management.post_to_connection(ConnectionId=connection_id, Data=b"too late")
    with pytest.raises(management.exceptions.GoneException):
        management.get_connection(ConnectionId=connection_id)


def test_server_side_delete_connection_closes_the_node_socket(stratus, ws_api, sockets):
    client = sockets(ws_api["url"])
    client.next("open")
    client.send(json.dumps({"action": "echo", "data": "who am i"}))
    connection_id = json.loads(client.next("message")["data"])["connectionId"]

    management = stratus.client("apigatewaymanagementapi", endpoint_url=ws_api["connections"])
    management.delete_connection(ConnectionId=connection_id)
    assert client.next("close")["code"] == 1000
    assert disconnect_event(stratus, ws_api["queue"])["connectionId"] == connection_id
    with pytest.raises(management.exceptions.GoneException):
        management.post_to_connection(ConnectionId=connection_id, Data=b"x")


def test_connect_route_that_rejects_refuses_the_upgrade(stratus, ws_api, sockets):
    client = sockets(ws_api["url"] + "?reject=1")
    assert client.next("refused")["status"] == 403
    client = sockets(f"ws://127.0.0.1:{stratus.port}/_aws/execute-api/{ws_api['id']}/nostage")
    assert client.next("refused")["status"] == 403
