#!/usr/bin/env python3
"""Stratus benchmark harness: starts Stratus and a peer, drives the same workload with the same client (wrk over
keep-alive connections), and writes medians and ratios to docs/benchmarks.md plus a PNG chart.

Usage: bench/run.py [--suite foundation] [--rounds 3] [--duration 5] [--quick]
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

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(ROOT, "bench", "results")
JAR = os.path.join(ROOT, "server", "target", "stratus-all.jar")
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
    headers = dict(w["headers"], Authorization=AUTH.format(svc=w["svc"]), **{"X-Amz-Date": "20260101T000000Z"})
    body = w["body"] if "body" in w else w["template"].replace("%d", "1")
    req = urllib.request.Request(f"http://127.0.0.1:{port}{w.get('path', '/')}", data=body.encode(),
                                 headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.read().decode(errors="replace")
    except urllib.error.HTTPError as e:
        return f"HTTP {e.code}: " + e.read().decode(errors="replace")


def call(port, name):
    w = WORKLOADS[name]
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
        self.proc = subprocess.Popen(self.argv_fn(self.port, self.tmp), stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, start_new_session=True, cwd=self.cwd,
                                     env=dict(os.environ, **(self.env or {})))
        deadline = t0 + 60
        while time.perf_counter() < deadline:
            try:
                if call(self.port, self.ready_call) == 200:
                    return time.perf_counter() - t0
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
        return None
    return Peer("moto_server", lambda port, tmp: [exe, "-H", "127.0.0.1", "-p", str(port)])


def dynalite_peer():
    exe = os.path.join(ROOT, "bench", "peers", "node_modules", ".bin", "dynalite")
    if not os.path.exists(exe):
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--silent"], cwd=os.path.join(ROOT, "bench", "peers"),
                       check=False, timeout=600)
    if not os.path.exists(exe) or not shutil.which("node"):
        return None
    return Peer("dynalite", lambda port, tmp: ["node", exe, "--port", str(port), "--host", "127.0.0.1"])


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


def cold_starts(peer, runs):
    """Client-side latency of the first invoke of a fresh function (Stratus: a new function each run;
    serverless-offline: a restarted process, since it loads a handler on its first invoke)."""
    out = {}
    for name, (runtime, handler, files) in LAMBDA_FUNCTIONS.items():
        times = []
        for i in range(runs):
            if peer.name == "Stratus":
                fn = f"cold-{i}-{name}"
                create_function(peer.port, fn, runtime, handler, files)
            else:
                peer.stop()
                peer.start()
                fn = name
            t0 = time.perf_counter()
            post(peer.port, "lambda", {"Content-Type": "application/json"}, "{}",
                 f"/2015-03-31/functions/{fn}/invocations")
            times.append((time.perf_counter() - t0) * 1000)
        times.sort()
        out[runtime] = {"p50_ms": statistics.median(times), "p99_ms": times[-1] if len(times) < 100
                        else times[int(len(times) * 0.99)], "runs_ms": times}
        print(f"cold start {peer.name} {runtime}: p50 {out[runtime]['p50_ms']:.0f} ms max {times[-1]:.0f} ms", flush=True)
    return out


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
    headers["Authorization"] = AUTH.format(svc=w["svc"])
    headers["X-Amz-Date"] = "20260101T000000Z"
    if "template" in w:
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
                          "-s", f.name, f"http://127.0.0.1:{port}{w.get('path', '/')}"], capture_output=True, text=True, timeout=duration + 60)
    os.unlink(f.name)
    text = out.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    lat = {p: to_ms(*re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", text).groups()) for p in ("50", "99")}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return {"rps": rps, "p50_ms": lat["50"], "p99_ms": lat["99"], "non2xx": int(errors.group(1)) if errors else 0}


SUITES = {
    "foundation": dict(title="Foundation: trivial operations and start-up", peers=lambda: [stratus_peer(), moto_peer()],
                       workloads=["GetCallerIdentity", "DescribeLogGroups"], ready="GetCallerIdentity", seed=None),
    "dynamodb": dict(title="DynamoDB: item operations (1 KB items)",
                     peers=lambda: [stratus_peer(), dynalite_peer(), moto_peer()],
                     workloads=list(DYNAMODB_WORKLOADS), ready="ListTables", seed=seed_dynamodb),
    "lambda": dict(title="Lambda: hello-world functions through the Invoke API",
                   peers=lambda: [stratus_peer(), sls_peer()], workloads=list(LAMBDA_WORKLOADS),
                   ready="GetCallerIdentity", seed=seed_lambda, startup=False, cold=True),
}


def run_suite(args):
    suite = SUITES[args.suite]
    peers = [p for p in suite["peers"]() if p]
    for p in peers:
        p.ready_call = getattr(p, "ready_override", suite["ready"])
    result = {"suite": args.suite, "title": suite["title"], "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
              "machine": f"{os.cpu_count()} cores", "rounds": args.rounds, "duration_s": args.duration,
              "warmup_s": args.warmup,
              "startup": {}, "requests": {}, "idle_rss_mb": {}, "cold_start": {}}
    for p in (peers if suite.get("startup", True) else []):
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
            if suite["seed"]:
                suite["seed"](p.port)
            for name in suite["workloads"]:
                sample = call_body(p.port, name)
                result.setdefault("samples", {}).setdefault(name, {})[p.name] = sample[:200]
                print(f"{p.name} {name} answers: {sample[:120]!r}", flush=True)
                for conns in (1, 32):
                    wrk(p.port, name, conns, args.warmup)  # warm-up at the same concurrency, not measured
                    rounds = [wrk(p.port, name, conns, args.duration) for _ in range(args.rounds)]
                    med = {k: statistics.median(r[k] for r in rounds) for k in ("rps", "p50_ms", "p99_ms")}
                    med["non2xx"] = sum(r["non2xx"] for r in rounds)
                    result["requests"].setdefault(name, {}).setdefault(str(conns), {})[p.name] = med
                    print(f"{p.name} {name} c={conns}: {med['rps']:.0f} req/s p50 {med['p50_ms']:.3f} ms "
                          f"p99 {med['p99_ms']:.3f} ms non2xx {med['non2xx']}", flush=True)
            if suite.get("cold"):
                result["cold_start"][p.name] = cold_starts(p, 10 if p.name == "Stratus" else 5)
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
    for name, by_conns in result["requests"].items():
        for conns, by_peer in by_conns.items():
            labels.append(f"{name}\nc={conns}")
            for peer, m in by_peer.items():
                series.setdefault(peer, []).append(m["rps"])
    fig, ax = plt.subplots(figsize=(9, 4.5))
    width = 0.8 / max(1, len(series))
    for i, (peer, vals) in enumerate(series.items()):
        ax.bar([x + i * width for x in range(len(labels))], vals, width, label=peer)
    ax.set_xticks([x + width * (len(series) - 1) / 2 for x in range(len(labels))])
    ax.set_xticklabels(labels)
    ax.set_yscale("log")
    ax.set_ylabel("requests/s (log scale, median of rounds)")
    ax.set_title(result.get("title", result["suite"]) + " — wrk over keep-alive")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    return True


def render(results):
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
        if r["startup"]:
            out += ["", "| start-up to the first answered request | median ms | runs (ms) |", "|---|---|---|"]
            for p, st in r["startup"].items():
                out.append(f"| {p} | {st['median_ms']:.0f} | {', '.join(f'{x:.0f}' for x in st['runs_ms'])} |")
        if r.get("cold_start"):
            out += ["", "| cold start (first invoke of a fresh function, client side) | runtime | p50 ms | max ms | runs |",
                    "|---|---|---|---|---|"]
            for p, by_rt in r["cold_start"].items():
                for rt, c in by_rt.items():
                    out.append(f"| {p} | {rt} | {c['p50_ms']:.0f} | {max(c['runs_ms']):.0f} | {len(c['runs_ms'])} |")
        rss = ", ".join(f"{p} {v:.0f} MB" for p, v in r["idle_rss_mb"].items() if v)
        out += ["", f"Resident memory one second after start-up: {rss}.", "",
                f"![{r['suite']} chart](benchmarks/{r['suite']}.png)", ""]
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--suite", default="foundation", choices=sorted(SUITES))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--duration", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=5, help="seconds of unmeasured load per workload first")
    args = ap.parse_args()
    if not os.path.exists(JAR):
        sys.exit("bench: build first (./stratus build)")
    os.makedirs(RESULTS, exist_ok=True)
    result = run_suite(args)
    with open(os.path.join(RESULTS, f"{args.suite}.json"), "w") as f:
        json.dump(result, f, indent=2)
    results = [json.load(open(os.path.join(RESULTS, n))) for n in sorted(os.listdir(RESULTS)) if n.endswith(".json")]
    os.makedirs(os.path.join(ROOT, "docs", "benchmarks"), exist_ok=True)
    chart(result, os.path.join(ROOT, "docs", "benchmarks", f"{args.suite}.png"))
    with open(os.path.join(ROOT, "docs", "benchmarks.md"), "w") as f:
        f.write(render(results))
    print("wrote docs/benchmarks.md")


if __name__ == "__main__":
    main()
