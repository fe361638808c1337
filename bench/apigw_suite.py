"""The apigateway suite: hello-world Node and Python functions called through an HTTP API (payload 2.0) and a REST
API (AWS_PROXY, payload 1.0), and directly through Lambda Invoke, so that the gateway's own overhead shows; vs
serverless-offline serving the same handlers from `httpApi` and `http` events."""
import json
import os
import shutil
import subprocess
import tempfile
import time

from signed import check, request

# name: (runtime, handler, files). Proxy-shaped replies: a REST AWS_PROXY integration answers 502 for anything else.
FUNCTIONS = {
    "bench-dev-nodeapi": ("nodejs20.x", "handler.hello", {"handler.js": (
        "exports.hello = async (event) => ({ statusCode: 200, headers: { 'content-type': 'application/json' },"
        " body: JSON.stringify({ hello: 'world' }) });\n")}),
    "bench-dev-pyapi": ("python3.12", "app.hello", {"app.py": (
        "import json\n\n\ndef hello(event, context):\n    return {'statusCode': 200, 'headers': "
        "{'content-type': 'application/json'}, 'body': json.dumps({'hello': 'world'})}\n")}),
}
ROUTES = {"bench-dev-nodeapi": "node", "bench-dev-pyapi": "py"}
REGION, ACCOUNT = "us-east-1", "000000000000"
JSON = {"Content-Type": "application/json"}


def _api(kind, fn):
    return dict(svc="execute-api", method="GET", headers={}, port=lambda ctx: ctx["gw_port"],
                path=lambda ctx: ctx["paths"][kind][fn])


def _invoke(fn):
    return dict(svc="lambda", method="POST", headers=JSON, body="{}",
                path=f"/2015-03-31/functions/{fn}/invocations")


WORKLOADS = {
    "InvokeNode (direct)": _invoke("bench-dev-nodeapi"),
    "HttpApiNode": _api("http", "bench-dev-nodeapi"),
    "RestApiNode": _api("rest", "bench-dev-nodeapi"),
    "InvokePython (direct)": _invoke("bench-dev-pyapi"),
    "HttpApiPython": _api("http", "bench-dev-pyapi"),
    "RestApiPython": _api("rest", "bench-dev-pyapi"),
    # The Node route again, on a stage with a cache cluster: after the first GET the gateway answers from its stage
    # cache without calling the function. serverless-offline has no stage cache, so only Stratus runs this row.
    "RestApiCachedGet": dict(_api("cached", "bench-dev-nodeapi"), only=("Stratus",)),
}
ORDER = list(WORKLOADS)
CONNS = (1, 64)


def _zip_b64(files):
    import base64
    import io
    import zipfile
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)
    return base64.b64encode(buf.getvalue()).decode()


def _json(answer, what):
    return json.loads(check(answer, what) or b"{}")


def _create_function(port, name, runtime, handler, files):
    fn = _json(request(port, "lambda", "POST", "/2015-03-31/functions", JSON, json.dumps({
        "FunctionName": name, "Runtime": runtime, "Handler": handler, "Timeout": 30,
        "Role": f"arn:aws:iam::{ACCOUNT}:role/bench", "Code": {"ZipFile": _zip_b64(files)}})), f"CreateFunction {name}")
    for _ in range(500):
        conf = _json(request(port, "lambda", "GET", f"/2015-03-31/functions/{name}/configuration"), "GetFunction")
        if conf.get("State") == "Active":
            break
        time.sleep(0.02)
    return fn["FunctionArn"]


def _rest_api(port, arns):
    """CreateRestApi, one resource and GET method per function with an AWS_PROXY integration, one deployment."""
    api = _json(request(port, "apigateway", "POST", "/restapis", JSON, json.dumps({"name": "bench-rest"})),
                "CreateRestApi")["id"]
    root = next(r["id"] for r in _json(request(port, "apigateway", "GET", f"/restapis/{api}/resources"),
                                       "GetResources")["item"] if r["path"] == "/")
    for fn, arn in arns.items():
        res = _json(request(port, "apigateway", "POST", f"/restapis/{api}/resources/{root}", JSON,
                            json.dumps({"pathPart": ROUTES[fn]})), "CreateResource")["id"]
        base = f"/restapis/{api}/resources/{res}/methods/GET"
        check(request(port, "apigateway", "PUT", base, JSON, json.dumps({"authorizationType": "NONE"})), "PutMethod")
        check(request(port, "apigateway", "PUT", base + "/integration", JSON, json.dumps({
            "type": "AWS_PROXY", "httpMethod": "POST",
            "uri": f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{arn}/invocations"})),
              "PutIntegration")
    deployment = _json(request(port, "apigateway", "POST", f"/restapis/{api}/deployments", JSON,
                               json.dumps({"stageName": "bench"})), "CreateDeployment")["id"]
    # A second stage of the same deployment with a cache cluster: GET methods are cached there by default.
    check(request(port, "apigateway", "POST", f"/restapis/{api}/stages", JSON, json.dumps({
        "stageName": "cached", "deploymentId": deployment, "cacheClusterEnabled": True, "cacheClusterSize": "0.5"})),
          "CreateStage (cached)")
    return ({fn: f"/_aws/execute-api/{api}/bench/{ROUTES[fn]}" for fn in arns},
            {fn: f"/_aws/execute-api/{api}/cached/{ROUTES[fn]}" for fn in arns})


def _http_apis(port, arns):
    """One quick-created HTTP API per function (CreateApi with Target: $default route and auto-deployed stage)."""
    paths = {}
    for fn, arn in arns.items():
        api = _json(request(port, "apigateway", "POST", "/v2/apis", JSON, json.dumps({
            "name": f"bench-http-{ROUTES[fn]}", "protocolType": "HTTP", "target": arn})), "CreateApi")["apiId"]
        paths[fn] = f"/_aws/execute-api/{api}/{ROUTES[fn]}"
    return paths


def seed(port, ctx):
    peer = ctx["peer"]
    if peer.name == "Stratus":
        arns = {fn: _create_function(port, fn, *spec) for fn, spec in FUNCTIONS.items()}
        ctx["gw_port"] = port
        rest, cached = _rest_api(port, arns)
        ctx["paths"] = {"rest": rest, "cached": cached, "http": _http_apis(port, arns)}
    else:  # serverless-offline: fixed routes on its HTTP port; httpApi routes carry no stage prefix
        ctx["gw_port"] = peer.http_port
        ctx["paths"] = {"rest": {fn: f"/dev/{r}-rest" for fn, r in ROUTES.items()},
                        "http": {fn: f"/{r}-http" for fn, r in ROUTES.items()}}
    for kind, by_fn in ctx["paths"].items():  # every route must answer 200, or the rows would measure errors
        for fn, path in by_fn.items():
            check(request(ctx["gw_port"], "execute-api", "GET", path), f"{kind} API {path}")


def sls_peer(peer_cls, free_port, root):
    """serverless-offline serving FUNCTIONS with an `http` (REST, payload 1.0) and an `httpApi` (payload 2.0) event
    each; the Lambda Invoke API on one port, the API routes on another (peer.http_port)."""
    exe = os.path.join(root, "bench", "peers", "node_modules", ".bin", "serverless")
    if not os.path.exists(exe):
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--silent"],
                       cwd=os.path.join(root, "bench", "peers"), check=False, timeout=900)
    if not os.path.exists(exe) or not shutil.which("node"):
        print("bench: skipping serverless-offline (needs node and npm to install it into bench/peers)", flush=True)
        return None
    app = tempfile.mkdtemp(prefix="bench-sls-api-")
    fns = "".join(f"  {fn.split('-')[-1]}:\n    handler: {h}\n    runtime: {r}\n    events:\n"
                  f"      - http:\n          path: {ROUTES[fn]}-rest\n          method: get\n"
                  f"      - httpApi:\n          path: /{ROUTES[fn]}-http\n          method: get\n"
                  for fn, (r, h, _) in FUNCTIONS.items())
    with open(os.path.join(app, "serverless.yml"), "w") as f:
        f.write(f"service: bench\nframeworkVersion: '3'\nprovider:\n  name: aws\n  region: {REGION}\n  stage: dev\n"
                "plugins:\n  - serverless-offline\nfunctions:\n" + fns)
    for _, (_, _, files) in FUNCTIONS.items():
        for name, text in files.items():
            with open(os.path.join(app, name), "w") as f:
                f.write(text)
    os.symlink(os.path.join(root, "bench", "peers", "node_modules"), os.path.join(app, "node_modules"))
    http_port = free_port()
    peer = peer_cls("serverless-offline", lambda port, tmp: [
        "node", exe, "offline", "start", "--lambdaPort", str(port), "--httpPort", str(http_port),
        "--websocketPort", str(free_port())], cwd=app, env={"SLS_TELEMETRY_DISABLED": "1",
                                                            "SLS_NOTIFICATIONS_MODE": "off"})
    peer.http_port = http_port
    peer.ready_override = "InvokeNode (direct)"
    return peer


def overhead_md(r):
    """Gateway overhead: p50 through each API minus p50 of a direct Invoke of the same function, at 1 connection."""
    req = r.get("requests", {})
    out = ["", "| gateway overhead at 1 connection (p50 through the API − p50 of a direct Invoke) | function |"
               " HTTP API ms | REST API ms |", "|---|---|---|---|"]
    rows = 0
    for lang, direct in (("Node", "InvokeNode (direct)"), ("Python", "InvokePython (direct)")):
        for peer, d in req.get(direct, {}).get("1", {}).items():
            cells = []
            for kind in ("HttpApi", "RestApi"):
                m = req.get(f"{kind}{lang}", {}).get("1", {}).get(peer)
                cells.append(f"{m['p50_ms'] - d['p50_ms']:+.3f}" if m else "—")
            out.append(f"| {peer} | {lang} | " + " | ".join(cells) + " |")
            rows += 1
    cached = req.get("RestApiCachedGet", {}).get("1", {}).get("Stratus")
    out += ["", "Cached GET (`RestApiCachedGet`: the Node route on a stage with `cacheClusterEnabled`, answered from"
                " the stage cache): " + (f"p50 {cached['p50_ms']:.3f} ms at 1 connection (target ≤ 0.5 ms)."
                                          if cached else "not measured in this run.")]
    return out if rows else out[-2:]
