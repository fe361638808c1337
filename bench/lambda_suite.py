"""Lambda suite extras: cold starts per runtime (Python, Node.js and Java) and environments started per second.

run.py passes its own helpers in (create a function, invoke one) so this module stays free of server plumbing.
"""
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

JAVA_HANDLER = "bench.Hello::hello"
JAVA_SOURCE = """package bench;

import java.util.Map;

/** A POJO handler: a static method needs neither aws-lambda-java-core nor any other jar. */
public class Hello {
    public static Map<String, String> hello(Map<String, Object> event) {
        return Map.of("hello", "world");
    }
}
"""
# How many distinct functions get their first invocation at the same time in the environments-per-second run.
BURST = 32


def javac():
    home = os.environ.get("JAVA_HOME")
    exe = os.path.join(home, "bin", "javac") if home else shutil.which("javac")
    return exe if exe and os.path.exists(exe) else None


def java_function():
    """(runtime, handler, files) of a hello-world java21 function compiled now, or None without a javac."""
    exe = javac()
    if not exe:
        print("bench: skipping java21 cold starts (needs a JDK's javac: set JAVA_HOME)", flush=True)
        return None
    work = tempfile.mkdtemp(prefix="bench-java-")
    try:
        src = os.path.join(work, "Hello.java")
        with open(src, "w") as f:
            f.write(JAVA_SOURCE)
        subprocess.run([exe, "--release", "21", "-d", os.path.join(work, "classes"), src], check=True, timeout=120)
        with open(os.path.join(work, "classes", "bench", "Hello.class"), "rb") as f:
            return "java21", JAVA_HANDLER, {"bench/Hello.class": f.read()}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def summary(times):
    times = sorted(times)
    return {"p50_ms": statistics.median(times), "p99_ms": times[-1] if len(times) < 100
            else times[int(len(times) * 0.99)], "runs_ms": times}


def cold_starts(peer, runs, functions, create, invoke):
    """Client-side latency of the first invoke of a fresh function (Stratus: a new function each run;
    serverless-offline: a restarted process, since it loads a handler on its first invoke). `functions` maps a
    name to (runtime, handler, files); a peer without a runtime is skipped and named in the result."""
    out, skipped = {}, {}
    for name, (runtime, handler, files) in functions.items():
        if peer.name != "Stratus" and runtime.startswith("java"):
            skipped[runtime] = "serverless-offline has no Java runtime"
            print(f"cold start {peer.name} {runtime}: skipped (serverless-offline has no Java runtime)", flush=True)
            continue
        times = []
        for i in range(runs):
            if peer.name == "Stratus":
                fn = f"cold-{i}-{name}"
                create(peer.port, fn, runtime, handler, files)
            else:
                peer.stop()
                peer.start()
                fn = name
            t0 = time.perf_counter()
            invoke(peer.port, fn)
            times.append((time.perf_counter() - t0) * 1000)
        out[runtime] = summary(times)
        print(f"cold start {peer.name} {runtime}: p50 {out[runtime]['p50_ms']:.0f} ms max {max(times):.0f} ms",
              flush=True)
    return out, skipped


def environments_per_second(peer, functions, create, invoke, rounds):
    """New execution environments started per second: BURST distinct functions of a runtime (created first, not
    timed) get their first invocation at the same moment; each needs an environment of its own, so BURST divided by
    the wall time until the last answer is the rate. Only Stratus: serverless-offline cannot create functions."""
    if peer.name != "Stratus":
        print(f"environments/s {peer.name}: skipped (functions come from serverless.yml; none can be created)",
              flush=True)
        return None
    out = {}
    for name, (runtime, handler, files) in functions.items():
        rates, walls = [], []
        for r in range(rounds):
            fns = [f"burst-{r}-{i}-{name}" for i in range(BURST)]
            for fn in fns:
                create(peer.port, fn, runtime, handler, files)
            t0 = time.perf_counter()
            with ThreadPoolExecutor(BURST) as pool:
                list(pool.map(lambda fn: invoke(peer.port, fn), fns))
            wall = time.perf_counter() - t0
            walls.append(wall * 1000)
            rates.append(BURST / wall)
        out[runtime] = {"burst": BURST, "per_s": statistics.median(rates), "wall_ms": statistics.median(walls),
                        "runs_per_s": rates}
        print(f"environments/s {peer.name} {runtime}: {out[runtime]['per_s']:.1f} ({BURST} first invokes in "
              f"{out[runtime]['wall_ms']:.0f} ms)", flush=True)
    return out


def render(r):
    """The markdown lines of the cold-start and environments tables of a lambda result."""
    out = []
    if r.get("cold_start"):
        out += ["", "| cold start (first invoke of a fresh function, client side) | runtime | p50 ms | max ms | runs |",
                "|---|---|---|---|---|"]
        for p, by_rt in r["cold_start"].items():
            for rt, c in by_rt.items():
                out.append(f"| {p} | {rt} | {c['p50_ms']:.0f} | {max(c['runs_ms']):.0f} | {len(c['runs_ms'])} |")
            for rt, why in r.get("cold_start_skipped", {}).get(p, {}).items():
                out.append(f"| {p} | {rt} | — | — | not measured: {why} |")
    if r.get("environments"):
        out += ["", f"| environments started per second ({BURST} distinct functions, first invokes all at once) |"
                    " runtime | environments/s | wall ms |", "|---|---|---|---|"]
        for p, by_rt in r["environments"].items():
            for rt, e in by_rt.items():
                out.append(f"| {p} | {rt} | {e['per_s']:.1f} | {e['wall_ms']:.0f} |")
        out += ["", "serverless-offline is not in this table: its functions come from serverless.yml, so none can be"
                    " created for the burst."]
    return out
