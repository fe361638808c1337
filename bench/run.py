#!/usr/bin/env python3
"""Stratus benchmark harness: starts Stratus and a peer, drives the same workload with the same client (wrk over
keep-alive connections), and writes medians and ratios to docs/benchmarks.md plus a PNG chart.

Suites: foundation, dynamodb, dynamodb-scale, lambda, apigateway, s3, sqs (see bench/README.md).

Usage: bench/run.py [--suite NAME] [--rounds N] [--duration S] [--warmup S] [--large-mb MB] [--smoke] [--render]
"""
import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid

import apigw_suite
import ddb_scale
import lambda_suite
import s3_large
import s3_suite
import signed
import sqs_suite

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(ROOT, "bench", "results")
JAR = os.path.join(ROOT, "server", "target", "stratus-all.jar")
LOG_DIR = os.path.join(ROOT, "bench", "target", "logs")
AUTH = ("AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/{svc}/aws4_request, "
        "SignedHeaders=content-type;host;x-amz-date, Signature=" + "0" * 64)

WORKLOADS = {
    "GetCallerIdentity": dict(svc="sts", body="Action=GetCallerIdentity&Version=2011-06-15",
                              headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}),
    "DescribeLogGroups": dict(svc="logs", body="{}",
                              headers={"Content-Type": "application/x-amz-json-1.1",
                                       "X-Amz-Target": "Logs_20140328.DescribeLogGroups"}),
}


ITEM_1KB = {"pk": {"S": "get-target"}, "sk": {"N": "1"}, "payload": {"S": "x" * 1000}}
DDB_HEADERS = {"Content-Type": "application/x-amz-json-1.0"}


def ddb(op):
    return dict(DDB_HEADERS, **{"X-Amz-Target": "DynamoDB_20120810." + op})


DYNAMODB_WORKLOADS = {
    "GetItem": dict(svc="dynamodb", headers=ddb("GetItem"),
                    body=json.dumps({"TableName": "bench", "Key": {"pk": {"S": "get-target"}, "sk": {"N": "1"}}})),
    # Every request writes a new 1 KB item (random partition key), as a real write load would.
    "PutItem": dict(svc="dynamodb", headers=ddb("PutItem"),
                    template=json.dumps({"TableName": "bench", "Item": {"pk": {"S": "p%d"}, "sk": {"N": "%d"},
                                                                         "payload": {"S": "x" * 1000}}})),
    "Query100": dict(svc="dynamodb", headers=ddb("Query"),
                     body=json.dumps({"TableName": "bench", "KeyConditionExpression": "pk = :p",
                                      "ExpressionAttributeValues": {":p": {"S": "q"}}, "Limit": 100})),
    "BatchWrite25": dict(svc="dynamodb", headers=ddb("BatchWriteItem"),
                         template=json.dumps({"RequestItems": {"bench": [
                             {"PutRequest": {"Item": {"pk": {"S": "b%d"}, "sk": {"N": str(i)},
                                                      "payload": {"S": "x" * 1000}}}} for i in range(24)]
                             + [{"PutRequest": {"Item": {"pk": {"S": "b-last"}, "sk": {"N": "%d"}}}}]}})),
}
WORKLOADS.update({"ListTables": dict(svc="dynamodb", headers=ddb("ListTables"), body="{}")})
WORKLOADS.update(DYNAMODB_WORKLOADS)


LAMBDA_FUNCTIONS = {
    # name: (runtime, handler, files) -- the same hello-world handlers for every peer
    "bench-dev-nodehello": ("nodejs20.x", "handler.hello",
                            {"handler.js": "exports.hello = async (event) => ({ hello: 'world' });\n"}),
    "bench-dev-pyhello": ("python3.12", "app.hello",
                          {"app.py": "def hello(event, context):\n    return {'hello': 'world'}\n"}),
}
LAMBDA_WORKLOADS = {
    "InvokeNode": dict(svc="lambda", headers={"Content-Type": "application/json"}, body="{}",
                       path="/2015-03-31/functions/bench-dev-nodehello/invocations"),
    "InvokePython": dict(svc="lambda", headers={"Content-Type": "application/json"}, body="{}",
                         path="/2015-03-31/functions/bench-dev-pyhello/invocations"),
}
WORKLOADS.update(LAMBDA_WORKLOADS)
# Workloads of the s3 and sqs suites: signed with the current date, any method, and bodies, paths and wrk scripts
# that may depend on what the server answered while seeding (CTX, e.g. a queue URL).
SIGNED_WORKLOADS = dict(s3_suite.WORKLOADS, **sqs_suite.WORKLOADS, **apigw_suite.WORKLOADS, **ddb_scale.WORKLOADS)
WORKLOADS.update({name: dict(w, signed=True) for name, w in SIGNED_WORKLOADS.items()})
CTX = {}


def resolved(value):
    return value(CTX) if callable(value) else value


def signed_call(port, name):
    w = WORKLOADS[name]
    return signed.request(resolved(w.get("port")) or port, w["svc"], w.get("method", "POST"),
                          resolved(w.get("path", "/")), w["headers"], resolved(w.get("body")))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def java():
    home = os.environ.get("JAVA_HOME")
    return os.path.join(home, "bin", "java") if home else "java"


def post(port, svc, headers, body, path="/"):
    headers = dict(headers)
    headers["Authorization"] = AUTH.format(svc=svc)
    headers["X-Amz-Date"] = "20260101T000000Z"
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body.encode() if body is not None else None,
                                 headers=headers, method="POST" if body is not None else "GET")
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.status


def call_body(port, name):
    """One request of a workload, returning the body: the report shows what each peer really answered."""
    w = WORKLOADS[name]
    if w.get("signed"):
        status, body = signed_call(port, name)
        text = body.decode(errors="replace")
        if 200 <= status < 300:
            return text or f"HTTP {status}, empty body"
        return f"HTTP {status}: {text}"
    headers = dict(w["headers"], Authorization=AUTH.format(svc=w["svc"]), **{"X-Amz-Date": "20260101T000000Z"})
    body = w["body"] if "body" in w else w["template"].replace("%d", "1")
    req = urllib.request.Request(f"http://127.0.0.1:{port}{w.get('path', '/')}", data=body.encode(),
                                 headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.read().decode(errors="replace")
    except urllib.error.HTTPError as e:
        return f"HTTP {e.code}: " + e.read().decode(errors="replace")
    except (TimeoutError, urllib.error.URLError) as e:
        # A peer that stops answering (moto_server, once its table is large) must not end the whole run.
        return f"no answer within 60 s ({e})"


def call(port, name):
    w = WORKLOADS[name]
    if w.get("signed"):
        return signed_call(port, name)[0]
    return post(port, w["svc"], w["headers"], w["body"], w.get("path", "/"))


class Peer:
    ready_call = "GetCallerIdentity"

    def __init__(self, name, argv_fn, cwd=None, env=None):
        self.name, self.argv_fn, self.cwd, self.env = name, argv_fn, cwd, env
        self.proc = None
        self.port = None

    def start(self):
        """Starts the peer and returns seconds until it answers GetCallerIdentity."""
        self.port = free_port()
        self.tmp = tempfile.mkdtemp(prefix="bench-")
        t0 = time.perf_counter()
        # The peer's output is kept for a post-mortem (a failing row in a noisy run is otherwise unexplained).
        os.makedirs(LOG_DIR, exist_ok=True)
        log_name = f"{self.name.replace(' ', '_')}-{time.strftime('%Y%m%dT%H%M%S')}-{self.port}.log"
        self.log_path = os.path.join(LOG_DIR, log_name)
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(self.argv_fn(self.port, self.tmp), stdout=log, stderr=subprocess.STDOUT,
                                         start_new_session=True, cwd=self.cwd,
                                         env=dict(os.environ, **(self.env or {})))
        deadline = t0 + 60
        while time.perf_counter() < deadline:
            try:
                if call(self.port, self.ready_call) == 200:
                    return time.perf_counter() - t0
                time.sleep(0.05)
            except OSError:
                time.sleep(0.005)
        raise RuntimeError(f"{self.name} did not start")

    def rss_mb(self):
        try:
            with open(f"/proc/{self.proc.pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            pass
        return None

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
        shutil.rmtree(getattr(self, "tmp", ""), ignore_errors=True)


def stratus_peer():
    """Stratus as users start it (`./stratus start`, same JVM flags and class-data archive)."""
    return Peer("Stratus", lambda port, tmp: [os.path.join(ROOT, "stratus"), "start", "--port", str(port),
                                              "--data-dir", tmp, "--quiet"])


def moto_peer():
    exe = shutil.which("moto_server")
    if not exe:
        print("bench: skipping moto_server (pip install 'moto[server]')", flush=True)
        return None
    return Peer("moto_server", lambda port, tmp: [exe, "-H", "127.0.0.1", "-p", str(port)])


def dynalite_peer():
    exe = os.path.join(ROOT, "bench", "peers", "node_modules", ".bin", "dynalite")
    if not os.path.exists(exe):
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--silent"], cwd=os.path.join(ROOT, "bench", "peers"),
                       check=False, timeout=600)
    if not os.path.exists(exe) or not shutil.which("node"):
        print("bench: skipping dynalite (needs node and npm to install it into bench/peers)", flush=True)
        return None
    return Peer("dynalite", lambda port, tmp: ["node", exe, "--port", str(port), "--host", "127.0.0.1"])


def s3rver_peer():
    exe = os.path.join(ROOT, "bench", "peers", "node_modules", ".bin", "s3rver")
    if not os.path.exists(exe):
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--silent"],
                       cwd=os.path.join(ROOT, "bench", "peers"), check=False, timeout=600)
    if not os.path.exists(exe) or not shutil.which("node"):
        print("bench: skipping s3rver (needs node and npm to install it into bench/peers)", flush=True)
        return None
    # s3rver encrypts ListObjectsV2 continuation tokens with DES, which Node 17+ only offers through OpenSSL's
    # legacy provider (without it every truncated listing is a 500).
    return Peer("s3rver", lambda port, tmp: ["node", "--openssl-legacy-provider", exe, "-d", tmp, "-a", "127.0.0.1",
                                             "-p", str(port), "--silent"])


def elasticmq_peer():
    """ElasticMQ as its docs start it (java -cp, default JVM flags), fetched from Maven Central into
    bench/peers/elasticmq/lib by its pom on first use; the port comes from a config file per run."""
    home = os.path.join(ROOT, "bench", "peers", "elasticmq")
    lib = os.path.join(home, "lib")
    if not os.path.isdir(lib) and shutil.which("mvn"):
        subprocess.run(["mvn", "-q", "-B", "dependency:copy-dependencies", "-DoutputDirectory=lib"], cwd=home,
                       check=False, timeout=900)
    if not os.path.isdir(lib) or not any(n.startswith("elasticmq-server") for n in os.listdir(lib)):
        print("bench: skipping ElasticMQ (needs mvn to fetch it into bench/peers/elasticmq/lib)", flush=True)
        return None

    def argv(port, tmp):
        conf = os.path.join(tmp, "elasticmq.conf")
        with open(conf, "w") as f:
            f.write(f'node-address {{ protocol = "http", host = "127.0.0.1", port = {port}, context-path = "" }}\n'
                    f'rest-sqs {{ enabled = true, bind-port = {port}, bind-hostname = "127.0.0.1" }}\n'
                    f'rest-stats {{ enabled = false }}\n')
        return [java(), f"-Dconfig.file={conf}", "-cp", os.path.join(lib, "*"), "org.elasticmq.server.Main"]
    return Peer("ElasticMQ", argv)


def zip_b64(files):
    import base64
    import io
    import zipfile
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)
    return base64.b64encode(buf.getvalue()).decode()


def create_function(port, name, runtime, handler, files):
    post(port, "lambda", {"Content-Type": "application/json"}, json.dumps({
        "FunctionName": name, "Runtime": runtime, "Handler": handler, "Timeout": 30,
        "Role": "arn:aws:iam::000000000000:role/bench", "Code": {"ZipFile": zip_b64(files)}}), "/2015-03-31/functions")
    for _ in range(200):
        req = urllib.request.Request(f"http://127.0.0.1:{port}/2015-03-31/functions/{name}/configuration",
                                     headers={"Authorization": AUTH.format(svc="lambda")})
        with urllib.request.urlopen(req, timeout=10) as r:
            if json.loads(r.read()).get("State") == "Active":
                return
        time.sleep(0.02)


def seed_lambda(port):
    if SUITE_PEER.get("name") == "Stratus":
        for name, (runtime, handler, files) in LAMBDA_FUNCTIONS.items():
            create_function(port, name, runtime, handler, files)


SUITE_PEER = {}


def sls_peer():
    exe = os.path.join(ROOT, "bench", "peers", "node_modules", ".bin", "serverless")
    if not os.path.exists(exe):
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--silent"], cwd=os.path.join(ROOT, "bench", "peers"),
                       check=False, timeout=900)
    if not os.path.exists(exe) or not shutil.which("node"):
        print("bench: skipping serverless-offline (needs node and npm to install it into bench/peers)", flush=True)
        return None
    app = tempfile.mkdtemp(prefix="bench-sls-")
    fns = "".join(f"  {n.split('-')[-1]}:\n    handler: {h}\n    runtime: {r}\n"
                  for n, (r, h, _) in LAMBDA_FUNCTIONS.items())
    with open(os.path.join(app, "serverless.yml"), "w") as f:
        f.write("service: bench\nframeworkVersion: '3'\nprovider:\n  name: aws\n  region: us-east-1\n  stage: dev\n"
                "plugins:\n  - serverless-offline\nfunctions:\n" + fns)
    for _, (_, _, files) in LAMBDA_FUNCTIONS.items():
        for name, text in files.items():
            with open(os.path.join(app, name), "w") as f:
                f.write(text)
    os.symlink(os.path.join(ROOT, "bench", "peers", "node_modules"), os.path.join(app, "node_modules"))
    peer = Peer("serverless-offline", lambda port, tmp: ["node", exe, "offline", "start", "--lambdaPort", str(port),
                                                        "--httpPort", str(free_port()), "--websocketPort",
                                                        str(free_port())],
                cwd=app, env={"SLS_TELEMETRY_DISABLED": "1", "SLS_NOTIFICATIONS_MODE": "off"})
    peer.ready_override = "InvokeNode"
    return peer


def invoke_function(port, name):
    """One synchronous invoke; a function error fails the run rather than being timed as a cold start."""
    req = urllib.request.Request(f"http://127.0.0.1:{port}/2015-03-31/functions/{name}/invocations", data=b"{}",
                                 headers={"Content-Type": "application/json", "Authorization": AUTH.format(svc="lambda"),
                                          "X-Amz-Date": "20260101T000000Z"}, method="POST")
    with urllib.request.urlopen(req, timeout=120) as r:
        body = r.read()
        if r.headers.get("X-Amz-Function-Error"):
            raise RuntimeError(f"{name} failed: {body[:300]!r}")
        return body


COLD_FUNCTIONS = {}  # compiled once per run, for every peer


def cold_functions():
    """The functions whose cold starts are measured: the warm-invoke ones plus a Java one compiled now."""
    functions = dict(LAMBDA_FUNCTIONS)
    java_fn = lambda_suite.java_function()
    if java_fn:
        functions["bench-dev-javahello"] = java_fn
    return functions


def seed_dynamodb(port):
    post(port, "dynamodb", ddb("CreateTable"), json.dumps({
        "TableName": "bench", "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}]}))
    for _ in range(100):
        try:
            post(port, "dynamodb", ddb("PutItem"), json.dumps({"TableName": "bench", "Item": ITEM_1KB}))
            break
        except OSError:
            time.sleep(0.1)  # tables in peers may still be CREATING
    for i in range(0, 100, 25):
        post(port, "dynamodb", ddb("BatchWriteItem"), json.dumps({"RequestItems": {"bench": [
            {"PutRequest": {"Item": {"pk": {"S": "q"}, "sk": {"N": str(j)}, "v": {"S": "y" * 100}}}}
            for j in range(i, i + 25)]}}))


def to_ms(v, unit):
    return float(v) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(port, name, conns, duration):
    w = WORKLOADS[name]
    headers = dict(w["headers"])
    if w.get("signed"):
        headers.update(signed.auth_headers(w["svc"]))
    else:
        headers["Authorization"] = AUTH.format(svc=w["svc"])
        headers["X-Amz-Date"] = "20260101T000000Z"
    if "lua" in w:
        lua = resolved(w["lua"]) + "wrk.method = %s\n" % json.dumps(w.get("method", "POST"))
    elif w.get("signed"):
        lua = "wrk.method = %s\n" % json.dumps(w.get("method", "POST"))
        if w.get("body") is not None:
            lua += "wrk.body = %s\n" % json.dumps(resolved(w["body"]))
    elif "template" in w:
        # A fresh body per request: %d placeholders get a random number and a counter.
        lua = ("counter = 0\nmath.randomseed(os.time())\nwrk.method = 'POST'\n"
               "request = function()\n  counter = counter + 1\n"
               "  return wrk.format(nil, nil, nil, string.format(%s, %s))\nend\n"
               % (json.dumps(w["template"]), ", ".join(
                   "math.random(1, 1000000000)" if i % 2 == 0 else "counter"
                   for i in range(w["template"].count("%d")))))
    else:
        lua = "wrk.method = 'POST'\nwrk.body = %s\n" % json.dumps(w["body"])
    for k, v in headers.items():
        lua += "wrk.headers[%s] = %s\n" % (json.dumps(k), json.dumps(v))
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(lua)
    threads = 1 if conns == 1 else 2
    out = subprocess.run(["wrk", "-t", str(threads), "-c", str(conns), "-d", f"{duration}s", "--latency",
                          "-s", f.name, f"http://127.0.0.1:{resolved(w.get('port')) or port}{resolved(w.get('path', '/'))}"], capture_output=True, text=True, timeout=duration + 60)
    os.unlink(f.name)
    text = out.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    lat = {p: to_ms(*re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", text).groups()) for p in ("50", "99")}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    out = {"rps": rps, "p50_ms": lat["50"], "p99_ms": lat["99"], "non2xx": int(errors.group(1)) if errors else 0}
    timeouts = re.search(r"Socket errors:.*timeout (\d+)", text)
    out["timeouts"] = int(timeouts.group(1)) if timeouts else 0
    received = re.search(r"RECEIVES (\d+) MESSAGES (\d+)", text)
    if received:
        out["receives"], out["messages"] = int(received.group(1)), int(received.group(2))
    return out


SUITES = {
    "foundation": dict(title="Foundation: trivial operations and start-up", peers=lambda: [stratus_peer(), moto_peer()],
                       workloads=["GetCallerIdentity", "DescribeLogGroups"], ready="GetCallerIdentity", seed=None),
    "dynamodb": dict(title="DynamoDB: item operations (1 KB items)",
                     peers=lambda: [stratus_peer(), dynalite_peer(), moto_peer()],
                     workloads=list(DYNAMODB_WORKLOADS), ready="ListTables", seed=seed_dynamodb),
    "lambda": dict(title="Lambda: hello-world functions through the Invoke API",
                   peers=lambda: [stratus_peer(), sls_peer()], workloads=list(LAMBDA_WORKLOADS),
                   ready="GetCallerIdentity", seed=seed_lambda, startup=False, cold=True),
    # Shorter rounds than the default: 6 (s3) or 4 (sqs) workloads x 2 concurrencies x 3 servers, plus seeding,
    # must fit in about 6 minutes.
    "s3": dict(title="S3: objects over path-style URLs", peers=lambda: [stratus_peer(), s3rver_peer(), moto_peer()],
               workloads=s3_suite.ORDER, ready="ListBuckets", seed=s3_suite.seed, startup=False, large_upload=True,
               extras=[s3_large.run], render_extras=[s3_large.large_md],
               defaults=dict(rounds=2, duration=3, warmup=2),
               about="PutObject and GetObject of 1 KB and 1 MB, ListObjectsV2 of 100 of 1,000 keys and HeadObject at 1"
                     " and 32 connections, the peak memory of one 256 MiB PutObject, and sequential PUT/GET of"
                     " 100 MB objects in MiB/s next to the disk's own speed; vs s3rver and moto_server",
               notes="Stratus keeps data on disk (bodies up to 64 KiB in RocksDB's write-ahead log, larger ones as"
                     " files, records in the log; nothing fsynced unless --sync); s3rver writes files"
                     " without fsync; moto_server keeps objects in memory. PutObject1KB writes a fresh key per request,"
                     " PutObject1MB overwrites a rotating set of 100 keys; HeadObject reads an empty object (wrk 4.1"
                     " cannot take a HEAD answer with a non-zero Content-Length)."),
    "apigateway": dict(title="API Gateway: hello-world functions through HTTP and REST APIs",
                       peers=lambda: [stratus_peer(), apigw_suite.sls_peer(Peer, free_port, ROOT)],
                       workloads=apigw_suite.ORDER, ready="GetCallerIdentity", seed=apigw_suite.seed, ctx_seed=True,
                       startup=False, conns=apigw_suite.CONNS, render_extras=[apigw_suite.overhead_md],
                       about="GET through an HTTP API (payload 2.0) and a REST API (AWS_PROXY, payload 1.0) to Node and"
                             " Python hello-world functions, and the same functions through Lambda Invoke, at 1 and 64"
                             " connections; vs serverless-offline (`httpApi` and `http` events)",
                       notes="Each API route calls a function that returns a proxy reply (statusCode, headers, body);"
                             " the direct rows invoke the same function with `{}` through the Lambda Invoke API, so"
                             " the difference of the p50s at 1 connection is what the gateway adds. Stratus's APIs are"
                             " made through the control plane (quick-created HTTP APIs; CreateRestApi, CreateResource,"
                             " PutMethod, PutIntegration AWS_PROXY, CreateDeployment) and called at"
                             " /_aws/execute-api/{apiId}/...; serverless-offline serves the routes from serverless.yml."),
    "dynamodb-scale": dict(title="DynamoDB: Query cost as the table grows",
                           peers=lambda: [stratus_peer()], workloads=[], ready="ListTables", seed=ddb_scale.seed,
                           ctx_seed=True, startup=False, extras=[ddb_scale.run], render_extras=[ddb_scale.load_md],
                           about="Query of one 100-item page of one partition at 1 connection with the table at 10k,"
                                 " 100k and 1M small items, loaded by BatchWriteItem from concurrent writers;"
                                 " Stratus only",
                           notes="The page is the same 100 items of one partition at every size; the rest of the"
                                 " table is spread over partitions of 100 items. Stratus only: dynalite and"
                                 " moto_server would take far too long to load a million items; both keep tables in"
                                 " memory)."),
    "sqs": dict(title="SQS: messages over the JSON protocol",
                peers=lambda: [stratus_peer(), elasticmq_peer(), moto_peer()], workloads=sqs_suite.ORDER,
                ready="ListQueues", seed=sqs_suite.seed, startup=False, defaults=dict(rounds=3, duration=2, warmup=2),
                about="SendMessage of 256 bytes, SendMessageBatch of 10, ReceiveMessage+DeleteMessage cycles and"
                      " GetQueueAttributes at 1 and 32 connections; vs ElasticMQ and moto_server",
                notes="Stratus keeps queues on disk (RocksDB, no fsync unless --sync); ElasticMQ and moto_server in"
                      " memory. The send"
                      " workloads run first and fill the queue that ReceiveDelete drains."),
}


def measure(p, name, conns, args):
    """Medians of the measured wrk rounds of one workload at one concurrency, after an unmeasured warm-up."""
    wrk(p.port, name, conns, args.warmup)  # warm-up at the same concurrency, not measured
    rounds = [wrk(p.port, name, conns, args.duration) for _ in range(args.rounds)]
    med = {k: statistics.median(r[k] for r in rounds) for k in ("rps", "p50_ms", "p99_ms")}
    med["non2xx"] = sum(r["non2xx"] for r in rounds)
    med["timeouts"] = sum(r.get("timeouts", 0) for r in rounds)
    if "receives" in rounds[0]:
        med["receives"] = sum(r["receives"] for r in rounds)
        med["messages"] = sum(r["messages"] for r in rounds)
    return med


def run_suite(args):
    suite = SUITES[args.suite]
    only_envs = getattr(args, "only", None) == "envs"
    peers = [stratus_peer()] if only_envs else [p for p in suite["peers"]() if p]
    for p in peers:
        p.ready_call = getattr(p, "ready_override", suite["ready"])
    result = {"suite": args.suite, "title": suite["title"], "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
              "machine": f"{os.cpu_count()} cores", "rounds": args.rounds, "duration_s": args.duration,
              "warmup_s": args.warmup,
              "startup": {}, "requests": {}, "idle_rss_mb": {}, "cold_start": {}}
    for p in (peers if suite.get("startup", True) and not only_envs else []):
        times = []
        for _ in range(args.rounds + 2):
            times.append(p.start())
            p.stop()
        result["startup"][p.name] = {"median_ms": statistics.median(times) * 1000, "runs_ms": [t * 1000 for t in times]}
        print(f"startup {p.name}: {statistics.median(times) * 1000:.0f} ms", flush=True)
    for p in peers:
        p.start()
        time.sleep(1)
        result["idle_rss_mb"][p.name] = p.rss_mb()
        try:
            SUITE_PEER["name"] = p.name
            CTX.clear()
            CTX["run"] = uuid.uuid4().hex[:8]
            CTX["peer"] = p
            if suite.get("ctx_seed") or suite["seed"] in (s3_suite.seed, sqs_suite.seed):
                t0 = time.perf_counter()
                suite["seed"](p.port, CTX)
                print(f"{p.name} seeded in {time.perf_counter() - t0:.1f} s", flush=True)
            elif suite["seed"]:
                suite["seed"](p.port)
            if suite.get("large_upload") and args.large_mb:
                up = s3_suite.large_upload(p.port, s3_suite.server_pid(p.proc.pid), args.large_mb)
                result.setdefault("large_upload", {})[p.name] = up
                print(f"{p.name} {up['mb']} MiB PUT: HTTP {up['status']} in {up['wall_s']:.1f} s, stored "
                      f"{up['stored_bytes']} bytes, peak RSS {up['hwm_before_mb']:.0f} -> {up['hwm_after_mb']:.0f} MB"
                      + ("" if up["status"] == 200 else f" ({up['answer'][:100]})"), flush=True)
            for name in ([] if only_envs else suite["workloads"]):
                if p.name not in WORKLOADS[name].get("only", (p.name,)):
                    continue  # a row the peer cannot serve (e.g. a stage cache): "—" in the table
                sample = call_body(p.port, name)
                result.setdefault("samples", {}).setdefault(name, {})[p.name] = sample[:200]
                print(f"{p.name} {name} answers: {sample[:120]!r}", flush=True)
                for conns in suite.get("conns", (1, 32)):
                    med = measure(p, name, conns, args)
                    result["requests"].setdefault(name, {}).setdefault(str(conns), {})[p.name] = med
                    print(f"{p.name} {name} c={conns}: {med['rps']:.0f} req/s p50 {med['p50_ms']:.3f} ms "
                          f"p99 {med['p99_ms']:.3f} ms non2xx {med['non2xx']} timeouts {med['timeouts']}"
                          + (f" receives {med['receives']} messages {med['messages']}" if "receives" in med else ""),
                          flush=True)
                    if med["non2xx"]:  # show what the failing answers were, so that an error row explains itself
                        print(f"{p.name} {name} after c={conns} answers: {call_body(p.port, name)[:200]!r}",
                              flush=True)
            for extra in ([] if only_envs else suite.get("extras", ())):  # suites that measure more than wrk rows (big loads, transfers)
                extra(p, args, result, lambda name, conns: measure(p, name, conns, args))
            if suite.get("cold"):
                if "all" not in COLD_FUNCTIONS and not only_envs:
                    COLD_FUNCTIONS["all"] = cold_functions()
                functions = COLD_FUNCTIONS.get("all", {})
                cold, skipped = ({}, {}) if only_envs else lambda_suite.cold_starts(
                    p, 10 if p.name == "Stratus" else 5, functions, create_function, invoke_function)
                result["cold_start"][p.name] = cold
                if skipped:
                    result.setdefault("cold_start_skipped", {})[p.name] = skipped
                envs = lambda_suite.environments_per_second(p, LAMBDA_FUNCTIONS, create_function, invoke_function,
                                                            args.rounds)
                if envs:
                    result.setdefault("environments", {})[p.name] = envs
        finally:
            p.stop()
    return result


def chart(result, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    labels, series = [], {}
    peers = list(dict.fromkeys(p for by_conns in result["requests"].values() for by_peer in by_conns.values()
                               for p in by_peer))
    for name, by_conns in result["requests"].items():
        for conns, by_peer in by_conns.items():
            labels.append(f"{name}\nc={conns}")
            for peer in peers:  # a row a peer did not run (e.g. a stage cache) leaves a gap, not a shifted bar
                series.setdefault(peer, []).append(by_peer[peer]["rps"] if peer in by_peer else float("nan"))
    fig, ax = plt.subplots(figsize=(max(9, 1.2 * len(labels)), 4.5))  # room for a dozen labels (s3)
    width = 0.8 / max(1, len(series))
    for i, (peer, vals) in enumerate(series.items()):
        ax.bar([x + i * width for x in range(len(labels))], vals, width, label=peer)
    ax.set_xticks([x + width * (len(series) - 1) / 2 for x in range(len(labels))])
    ax.set_xticklabels(labels, fontsize=8 if len(labels) > 8 else None)
    ax.set_yscale("log")
    ax.set_ylabel("requests/s (log scale, median of rounds)")
    ax.set_title(result.get("title", result["suite"]) + " — wrk over keep-alive")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    return True


def render(results, pending=()):
    """The page: one section per suite with results, then the suites not measured yet (`pending`), named so that a
    reader knows the comparison exists and how to produce it."""
    out = ["# Benchmarks", "",
           "Measured by `./stratus bench --suite NAME` (bench/run.py): Stratus and each peer are started on this",
           "machine, one after the other in one run, and driven by the same client (wrk over keep-alive connections,",
           "the same requests). Each figure is the median of the rounds, after an unmeasured warm-up per workload.",
           "Ratios compare Stratus with each peer so that above 1× means Stratus is better: throughput is",
           "Stratus ÷ peer, latency and start-up are peer ÷ Stratus. Client and server share the same 2 cores.", ""]
    for r in results:
        peers = list(r["startup"].keys()) or list(r["idle_rss_mb"].keys())
        others = [p for p in peers if p != "Stratus"]
        out += [f"## {r.get('title', r['suite'])}", "",
                f"{r['date']}, {r['machine']}, {r['rounds']} rounds of {r['duration_s']} s"
                f" after {r.get('warmup_s', 0)} s of warm-up per workload.", ""]
        notes = SUITES.get(r["suite"], {}).get("notes")
        if notes:
            out += [notes, ""]
        head = "| workload | clients | " + " | ".join(f"{p} req/s | {p} p50 ms | {p} p99 ms" for p in peers)
        head += "".join(f" | ×{o} req/s | ×{o} p50" for o in others) + " |"
        out += [head, "|" + "---|" * (2 + 3 * len(peers) + 2 * len(others))]
        for name, by_conns in r["requests"].items():
            for conns, by_peer in by_conns.items():
                cells = []
                for p in peers:
                    m = by_peer.get(p)
                    cells.append(f"{m['rps']:,.0f} | {m['p50_ms']:.3f} | {m['p99_ms']:.3f}" if m else "— | — | —")
                for o in others:
                    s_, m = by_peer.get("Stratus"), by_peer.get(o)
                    cells.append(f"{s_['rps'] / m['rps']:.1f}× | {m['p50_ms'] / s_['p50_ms']:.1f}×"
                                 if s_ and m and m["rps"] and s_["p50_ms"] else "— | —")
                out.append(f"| {name} | {conns} | " + " | ".join(cells) + " |")
        errs = [f"{p} {name} c={c}: {m['non2xx']}" for name, bc in r["requests"].items() for c, bp in bc.items()
                for p, m in bp.items() if m.get("non2xx")]
        if errs:
            out += ["", "Non-2xx answers counted by wrk (these rows measure errors, not work): " + "; ".join(errs) + "."]
        slow = [f"{p} {name} c={c}: {m['timeouts']}" for name, bc in r["requests"].items() for c, bp in bc.items()
                for p, m in bp.items() if m.get("timeouts")]
        if slow:
            out += ["", "Requests still unanswered after wrk's 2 s timeout (not in the latency figures; a row of zeros"
                        " means no request finished in time): " + "; ".join(slow) + "."]
        starved = [f"{p} c={c}: {m['receives'] - m['messages']:,} of {m['receives']:,}"
                   for bc in r["requests"].values() for c, bp in bc.items() for p, m in bp.items()
                   if "receives" in m and m["receives"] - m["messages"] > int(c)]
        if any("receives" in m for bc in r["requests"].values() for bp in bc.values() for m in bp.values()):
            out += ["", "ReceiveDelete counts both requests of a cycle (ReceiveMessage of one message, then DeleteMessage"
                    " of its receipt handle), so cycles/s are half the req/s shown. The queue is filled by the send"
                    " workloads before it runs" + (". Receives that found it empty (these rows partly measure empty"
                                                 " receives): " + "; ".join(starved) + "." if starved
                                                 else "; no receive found it empty.")]
        if r.get("large_upload"):
            out += ["", "| one PutObject of a large body (single request, streamed by the client) | MiB | HTTP | wall s"
                        " | MiB/s | server peak RSS before MB | server peak RSS after MB |",
                    "|---|---|---|---|---|---|---|"]
            for p, u in r["large_upload"].items():
                rate = f"{u['mb'] / u['wall_s']:.0f}" if u["status"] == 200 and u["wall_s"] else "—"
                out.append(f"| {p} | {u['mb']} | {u['status'] or u['answer'][:60]} | {u['wall_s']:.1f} | {rate} | "
                           f"{u['hwm_before_mb']:.0f} | {u['hwm_after_mb']:.0f} |")
            out += ["", "Peak RSS is the server process's VmHWM: a server that streams bodies stays near its \"before\""
                        " figure however large the object; one that buffers grows by about the object's size or more."]
        if r["startup"]:
            out += ["", "| start-up to the first answered request | median ms | runs (ms) |", "|---|---|---|"]
            for p, st in r["startup"].items():
                out.append(f"| {p} | {st['median_ms']:.0f} | {', '.join(f'{x:.0f}' for x in st['runs_ms'])} |")
        out += lambda_suite.render(r)
        for extra_md in SUITES.get(r["suite"], {}).get("render_extras", ()):
            out += extra_md(r)
        rss = ", ".join(f"{p} {v:.0f} MB" for p, v in r["idle_rss_mb"].items() if v)
        out += ["", f"Resident memory one second after start-up: {rss}.", "",
                f"![{r['suite']} chart](benchmarks/{r['suite']}.png)", ""]
    for name in pending:
        about = SUITES[name].get("about")
        out += [f"## {SUITES[name]['title']}", "", f"Not measured yet: `./stratus bench --suite {name}`"
                + (f" ({about})." if about else "."), ""]
    return "\n".join(out) + "\n"


def write_page(results_dir, docs):
    results = [json.load(open(os.path.join(results_dir, n))) for n in sorted(os.listdir(results_dir))
               if n.endswith(".json")]
    measured = {r["suite"] for r in results}
    with open(os.path.join(docs, "benchmarks.md"), "w") as f:
        f.write(render(results, [n for n in SUITES if n not in measured]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--suite", default="foundation", choices=sorted(SUITES))
    ap.add_argument("--rounds", type=int, help="measured rounds per workload and concurrency (default 3; s3: 2)")
    ap.add_argument("--duration", type=int, help="seconds per round (default 5; s3: 3; sqs: 2)")
    ap.add_argument("--warmup", type=int, help="seconds of unmeasured load per workload first (default 5; s3, sqs: 2)")
    ap.add_argument("--large-mb", type=int,
                    help="s3: MiB of the one-off single-PUT upload whose peak server memory is reported (0: skip)")
    ap.add_argument("--render", action="store_true",
                    help="only rewrite docs/benchmarks.md from bench/results/*.json (no run)")
    ap.add_argument("--smoke", action="store_true",
                    help="check that a suite runs end to end: 1 round of 1 s, 1 s warm-up, a 16 MiB upload; writes "
                         "results, page and chart under a temporary directory, never docs/ or bench/results/")
    ap.add_argument("--only", choices=["envs"],
                    help="lambda: only the environments-per-second burst (Stratus only; results go to a temporary "
                         "directory, as with --smoke)")
    args = ap.parse_args()
    if args.only and args.suite != "lambda":
        sys.exit("bench: --only envs belongs to the lambda suite")
    if args.smoke:
        for k, v in dict(rounds=1, duration=1, warmup=1).items():
            if getattr(args, k) is None:
                setattr(args, k, v)
        if args.large_mb is None:
            args.large_mb = 16
    defaults = dict(rounds=3, duration=5, warmup=5, large_mb=256)
    for k, v in dict(defaults, **SUITES[args.suite].get("defaults", {})).items():
        if getattr(args, k) is None:
            setattr(args, k, v)
    if args.render:
        write_page(RESULTS, os.path.join(ROOT, "docs"))
        print("wrote docs/benchmarks.md from bench/results")
        return
    if not os.path.exists(JAR):
        sys.exit("bench: build first (./stratus build)")
    results_dir, docs = RESULTS, os.path.join(ROOT, "docs")
    if args.smoke or args.only:
        results_dir = docs = tempfile.mkdtemp(prefix="bench-smoke-")
    os.makedirs(results_dir, exist_ok=True)
    result = run_suite(args)
    with open(os.path.join(results_dir, f"{args.suite}.json"), "w") as f:
        json.dump(result, f, indent=2)
    os.makedirs(os.path.join(docs, "benchmarks"), exist_ok=True)
    chart(result, os.path.join(docs, "benchmarks", f"{args.suite}.png"))
    write_page(results_dir, docs)
    print(f"wrote {os.path.join(docs, 'benchmarks.md')}")


if __name__ == "__main__":
    main()
