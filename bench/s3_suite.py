"""The s3 suite: object and listing workloads over path-style URLs, seeding, and the one-off large upload that shows
how much memory a server needs to take a big object in a single PUT."""
import http.client
import time

from signed import auth_headers, check, request

BUCKET, LIST_BUCKET = "bench", "bench-list"
OCTETS = {"Content-Type": "application/octet-stream"}


def put_lua(prefix, size, rotate=None):
    """A wrk script that PUTs size bytes per request, to a fresh key each time (a per-run prefix, the wrk thread and a
    counter), or to one of `rotate` keys so that a long run of large objects keeps the disk bounded."""
    key = (f'"{prefix}-" .. (counter % {rotate})' if rotate
           else f'"{prefix}-" .. id .. "-" .. counter')
    return f"""
local next_id = 0
function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end
local payload = string.rep("x", {size})
counter = 0
function request()
  counter = counter + 1
  return wrk.format("PUT", "/{BUCKET}/" .. {key}, nil, payload)
end
"""


WORKLOADS = {
    # path and body are the one sample request whose answer the report shows; wrk runs the script.
    "PutObject1KB": dict(svc="s3", method="PUT", headers=OCTETS, path=f"/{BUCKET}/sample-1k", body=b"x" * 1024,
                         lua=lambda ctx: put_lua(f"put1k-{ctx['run']}", 1024)),
    "GetObject1KB": dict(svc="s3", method="GET", path=f"/{BUCKET}/get-1k", headers={}),
    "PutObject1MB": dict(svc="s3", method="PUT", headers=OCTETS, path=f"/{BUCKET}/sample-1m", body=b"x" * (1 << 20),
                         lua=lambda ctx: put_lua("put1m", 1 << 20, rotate=100)),
    "GetObject1MB": dict(svc="s3", method="GET", path=f"/{BUCKET}/get-1m", headers={}),
    "ListObjectsV2": dict(svc="s3", method="GET", path=f"/{LIST_BUCKET}?list-type=2&max-keys=100", headers={}),
    # wrk 4.1 waits for a body after a HEAD whose answer has Content-Length > 0, so HeadObject reads an empty object
    # (the server's work, a metadata look-up, does not depend on the size).
    "HeadObject": dict(svc="s3", method="HEAD", path=f"/{BUCKET}/empty", headers={}),
    "ListBuckets": dict(svc="s3", method="GET", path="/", headers={}),
}
ORDER = ["PutObject1KB", "GetObject1KB", "PutObject1MB", "GetObject1MB", "ListObjectsV2", "HeadObject"]


def seed(port, _ctx):
    for bucket in (BUCKET, LIST_BUCKET):
        check(request(port, "s3", "PUT", f"/{bucket}"), f"CreateBucket {bucket}")
    for key, size in (("get-1k", 1024), ("get-1m", 1 << 20), ("empty", 0)):
        check(request(port, "s3", "PUT", f"/{BUCKET}/{key}", OCTETS, b"x" * size), f"PutObject {key}")
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)  # one keep-alive connection: 1,000 PUTs
    try:
        for i in range(1000):
            conn.request("PUT", f"/{LIST_BUCKET}/key-{i:04d}", b"y" * 100, dict(OCTETS, **auth_headers("s3")))
            r = conn.getresponse()
            body = r.read()
            if r.status != 200:
                raise RuntimeError(f"PutObject key-{i:04d}: HTTP {r.status} {body[:300]!r}")
    finally:
        conn.close()


def vm_hwm_mb(pid):
    """The peak resident memory of a process so far (VmHWM), in MB."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def large_upload(port, pid, mb):
    """PUTs an mb-MiB object in one request, streamed from a 1 MiB buffer so the client stays small; returns the wall
    time, the answer, and the server's peak resident memory before and after."""
    before = vm_hwm_mb(pid)
    chunk = b"z" * (1 << 20)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    t0 = time.perf_counter()
    status, answer = None, ""
    try:
        conn.putrequest("PUT", f"/{BUCKET}/large-{mb}m")
        for k, v in dict(OCTETS, **auth_headers("s3"), **{"Content-Length": str(mb << 20)}).items():
            conn.putheader(k, v)
        conn.endheaders()
        for _ in range(mb):
            conn.send(chunk)
        r = conn.getresponse()
        status, answer = r.status, r.read()[:200].decode(errors="replace")
    except OSError as e:  # a server that refuses the body may close the connection mid-upload
        answer = f"{type(e).__name__}: {e}"
    finally:
        conn.close()
    wall = time.perf_counter() - t0
    size = None
    if status == 200:
        size = int(dict(_headers(port, mb)).get("content-length", 0))
    return {"mb": mb, "status": status, "answer": answer, "wall_s": wall, "stored_bytes": size,
            "hwm_before_mb": before, "hwm_after_mb": vm_hwm_mb(pid)}


def _headers(port, mb):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("HEAD", f"/{BUCKET}/large-{mb}m", headers=auth_headers("s3"))
        r = conn.getresponse()
        r.read()
        return [(k.lower(), v) for k, v in r.getheaders()]
    finally:
        conn.close()


def peer_pid_tree(pid):
    """The pid itself and its descendants: the largest VmHWM among them is the server's (a launcher may fork)."""
    pids, frontier = [pid], [pid]
    while frontier:
        p = frontier.pop()
        try:
            with open(f"/proc/{p}/task/{p}/children") as f:
                kids = [int(x) for x in f.read().split()]
        except OSError:
            kids = []
        pids += kids
        frontier += kids
    return pids


def server_pid(pid):
    """The process of the tree that holds the most memory now: the server, not a wrapper script."""
    best, best_rss = pid, -1
    for p in peer_pid_tree(pid):
        try:
            with open(f"/proc/{p}/status") as f:
                rss = next((int(line.split()[1]) for line in f if line.startswith("VmRSS:")), 0)
        except OSError:
            continue
        if rss > best_rss:
            best, best_rss = p, rss
    return best
