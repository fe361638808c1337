"""The one endpoint: health, routing, limits and launcher behaviour, with plain HTTP and the AWS CLI."""
import http.client
import json
import os
import socket
import subprocess

from conftest import JAR, Server, java


def request(server, method, path, body=b"", headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    conn.request(method, path, body=body, headers=headers or {})
    resp = conn.getresponse()
    data = resp.read()
    conn.close()
    return resp, data


def test_health_lists_services_and_version(stratus):
    h = stratus.health()
    assert h["version"]
    for name in ("sts", "iam", "logs"):
        assert h["services"][name] == "running"


def test_cli_get_caller_identity(stratus):
    me = stratus.aws("sts", "get-caller-identity")
    assert me["Account"] == "000000000000"


def test_every_response_has_a_request_id(stratus):
    resp, _ = request(stratus, "GET", "/_stratus/health")
    assert resp.getheader("x-amzn-RequestId")
    resp, body = request(stratus, "POST", "/", b"Action=GetCallerIdentity&Version=2011-06-15",
                         {"Content-Type": "application/x-www-form-urlencoded"})
    assert resp.status == 200
    assert resp.getheader("x-amzn-RequestId") in body.decode()


def test_a_64_mb_garbage_body_is_refused_and_the_server_keeps_serving(stratus):
    garbage = os.urandom(1024) * (64 * 1024)
    resp, _ = request(stratus, "POST", "/", garbage, {"X-Amz-Target": "Logs_20140328.DescribeLogGroups",
                                                     "Content-Type": "application/x-amz-json-1.1"})
    assert 400 <= resp.status < 500
    assert stratus.health()["services"]["sts"] == "running"


def test_an_oversized_s3_xml_body_gets_s3s_error(stratus):
    stratus.client("s3").create_bucket(Bucket="edge-limits")
    auth = ("AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request, "
            "SignedHeaders=host;x-amz-date, Signature=" + "0" * 64)
    resp, data = request(stratus, "POST", "/edge-limits?delete", b"<Delete>" + b" " * (17 * 1024 * 1024),
                         {"Authorization": auth, "X-Amz-Date": "20260101T000000Z",
                          "x-amz-content-sha256": "UNSIGNED-PAYLOAD", "Content-Type": "application/xml"})
    assert resp.status == 400
    assert b"<Code>MaxMessageLengthExceeded</Code>" in data and b"Your request was too big." in data
    assert stratus.health()["services"]["s3"] == "running"


def test_chunked_body_and_keep_alive(stratus):
    conn = http.client.HTTPConnection("127.0.0.1", stratus.port, timeout=10)
    for _ in range(3):
        conn.putrequest("POST", "/")
        conn.putheader("Content-Type", "application/x-www-form-urlencoded")
        conn.putheader("Transfer-Encoding", "chunked")
        conn.endheaders()
        body = b"Action=GetCallerIdentity&Version=2011-06-15"
        conn.send(b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body))
        resp = conn.getresponse()
        assert resp.status == 200
        assert b"<Account>000000000000</Account>" in resp.read()
    conn.close()


def test_expect_100_continue_is_answered(stratus):
    body = b"Action=GetCallerIdentity&Version=2011-06-15"
    with socket.create_connection(("127.0.0.1", stratus.port), timeout=10) as s:
        s.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                  b"Expect: 100-continue\r\nContent-Length: %d\r\n\r\n" % len(body))
        first = s.recv(4096)
        assert first.startswith(b"HTTP/1.1 100")
        s.sendall(body)
        data = b""
        while b"</GetCallerIdentityResponse>" not in data:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
        assert b" 200 " in data.split(b"\r\n")[0] or b"HTTP/1.1 200" in data


def test_unknown_query_action_is_invalid_action(stratus):
    resp, body = request(stratus, "POST", "/", b"Action=NoSuchThing&Version=2011-06-15",
                         {"Content-Type": "application/x-www-form-urlencoded",
                          "Authorization": "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sts/aws4_request, "
                                           "SignedHeaders=host, Signature=00"})
    assert resp.status == 400
    assert b"<Code>InvalidAction</Code>" in body


def test_unknown_json_target_is_unknown_operation(stratus):
    resp, body = request(stratus, "POST", "/", b"{}", {"X-Amz-Target": "Logs_20140328.NoSuchOp",
                                                     "Content-Type": "application/x-amz-json-1.1"})
    assert resp.status == 400
    assert json.loads(body)["__type"] == "UnknownOperationException"


def test_port_in_use_exits_non_zero_with_one_line(stratus):
    out = subprocess.run([java(), "-jar", JAR, "start", "--in-memory", "--port", str(stratus.port)],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode != 0
    assert "port" in out.stderr and str(stratus.port) in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_unwritable_data_dir_exits_non_zero(tmp_path):
    target = tmp_path / "file-not-dir"
    target.write_text("x")
    out = subprocess.run([java(), "-jar", JAR, "start", "--data-dir", str(target / "sub"), "--port", "0"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode != 0
    assert out.stderr.startswith("stratus: cannot start")


def test_environment_variables_configure_the_server(tmp_path):
    env = dict(os.environ, STRATUS_PORT="0", STRATUS_IN_MEMORY="true", STRATUS_AUTH="bogus")
    out = subprocess.run([java(), "-jar", JAR, "start"], capture_output=True, text=True, timeout=60, env=env)
    assert out.returncode == 2
    assert "--auth must be dev or strict" in out.stderr


def test_sigterm_stops_cleanly(data_dir):
    s = Server(data_dir=data_dir)
    s.stop()
    assert s.proc.returncode in (0, 143)


SIGNED_LOGS = {"Content-Type": "application/x-amz-json-1.1",
               "Authorization": "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/logs/aws4_request, "
                                "SignedHeaders=host, Signature=00"}
SIGNED_IAM = {"Content-Type": "application/x-www-form-urlencoded",
              "Authorization": "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/iam/aws4_request, "
                               "SignedHeaders=host, Signature=00"}


def logs_call(server, op, body):
    return request(server, "POST", "/", body, dict(SIGNED_LOGS, **{"X-Amz-Target": "Logs_20140328." + op}))


def test_malformed_json_is_a_serialization_exception(stratus):
    resp, body = logs_call(stratus, "CreateLogGroup", b"{not json")
    assert resp.status == 400
    assert json.loads(body)["__type"] == "SerializationException"
    assert resp.getheader("x-amzn-ErrorType") == "SerializationException"


def test_wrong_json_type_is_a_serialization_exception(stratus):
    resp, body = logs_call(stratus, "CreateLogGroup", b'{"logGroupName": 5}')
    assert resp.status == 400
    assert json.loads(body)["__type"] == "SerializationException"


def test_missing_required_member_uses_the_services_validation_code(stratus):
    resp, body = logs_call(stratus, "CreateLogGroup", b"{}")
    err = json.loads(body)
    assert resp.status == 400
    assert err["__type"] == "InvalidParameterException"
    assert err["message"] == ("1 validation error detected: Value null at 'logGroupName' failed to satisfy "
                              "constraint: Member must not be null")


def test_out_of_range_value_is_reported_in_aws_wording(stratus):
    resp, body = logs_call(stratus, "DescribeLogGroups", b'{"limit": 51}')
    err = json.loads(body)
    assert resp.status == 400
    assert "Member must have value less than or equal to 50" in err["message"]


def test_query_missing_required_parameter_is_a_validation_error(stratus):
    resp, body = request(stratus, "POST", "/", b"Action=GetRole&Version=2010-05-08", SIGNED_IAM)
    assert resp.status == 400
    assert b"<Code>ValidationError</Code>" in body
    assert b"Value null at &apos;roleName&apos; failed to satisfy constraint" in body or \
        b"Value null at 'roleName' failed to satisfy constraint" in body
    assert b"<ErrorResponse" in body and b"<RequestId>" in body


def test_query_without_action_is_missing_action(stratus):
    resp, body = request(stratus, "POST", "/", b"Version=2010-05-08", SIGNED_IAM)
    assert resp.status == 400
    assert b"<Code>MissingAction</Code>" in body


def test_hostile_bodies_never_yield_a_5xx(stratus):
    import random
    rnd = random.Random(7)
    for i in range(200):
        blob = bytes(rnd.getrandbits(8) for _ in range(rnd.randint(0, 300)))
        if i % 2:
            resp, _ = logs_call(stratus, rnd.choice(["CreateLogGroup", "PutLogEvents", "FilterLogEvents"]), blob)
        else:
            resp, _ = request(stratus, "POST", "/", b"Action=CreateRole&" + blob, SIGNED_IAM)
        assert resp.status < 500, (i, blob)
