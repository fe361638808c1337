"""Large objects for the s3 suite: a few sequential PUTs and GETs of one big object each, streamed by the client, as
MB/s, next to the sequential write and read speed of the disk the server keeps its data on (dd with O_DIRECT, or
fdatasync and a dropped page cache where O_DIRECT is refused), so the result reads "within N× of the disk"."""
import http.client
import os
import re
import subprocess
import time

from signed import auth_headers

BUCKET = "bench"
CHUNK = 1 << 20


def _put(port, key, mb):
    chunk = b"L" * CHUNK
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    try:
        t0 = time.perf_counter()
        conn.putrequest("PUT", f"/{BUCKET}/{key}")
        for k, v in dict(auth_headers("s3"), **{"Content-Type": "application/octet-stream",
                                                 "Content-Length": str(mb * CHUNK)}).items():
            conn.putheader(k, v)
        conn.endheaders()
        for _ in range(mb):
            conn.send(chunk)
        r = conn.getresponse()
        r.read()
        return r.status, time.perf_counter() - t0
    finally:
        conn.close()


def _get(port, key):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    try:
        t0 = time.perf_counter()
        conn.request("GET", f"/{BUCKET}/{key}", headers=auth_headers("s3"))
        r = conn.getresponse()
        n = 0
        while True:
            block = r.read(CHUNK)
            if not block:
                break
            n += len(block)
        return r.status, n, time.perf_counter() - t0
    finally:
        conn.close()


def transfers(port, mb, runs):
    """`runs` sequential PUTs of mb MiB (a fresh key each), then a GET of each; MiB/s per run and their median."""
    puts, gets, errors = [], [], []
    for i in range(runs):
        status, wall = _put(port, f"big-{mb}m-{i}", mb)
        if status == 200:
            puts.append(mb / wall)
        else:
            errors.append(f"PUT HTTP {status}")
    for i in range(runs):
        status, n, wall = _get(port, f"big-{mb}m-{i}")
        if status == 200 and n == mb * CHUNK:
            gets.append(mb / wall)
        else:
            errors.append(f"GET HTTP {status}, {n} bytes")
    med = (lambda xs: sorted(xs)[len(xs) // 2] if xs else None)
    return {"mb": mb, "runs": runs, "put_mbps": med(puts), "get_mbps": med(gets), "put_runs": puts,
            "get_runs": gets, "errors": errors}


def _dd_rate(stderr):
    m = re.search(r"copied, ([\d.]+) s", stderr)
    return float(m.group(1)) if m else None


def disk_speed(directory, mb):
    """Sequential write then read of mb MiB in `directory` with dd, bypassing the page cache: MiB/s each way."""
    path = os.path.join(directory, "ddtest")
    out = {"dir": directory, "mb": mb, "method": "dd bs=1M oflag=direct / iflag=direct"}
    try:
        w = subprocess.run(["dd", "if=/dev/zero", f"of={path}", "bs=1M", f"count={mb}", "oflag=direct"],
                           capture_output=True, text=True, timeout=600)
        if w.returncode != 0:  # e.g. tmpfs: no O_DIRECT; fall back to fdatasync at the end
            out["method"] = "dd bs=1M conv=fdatasync / read after dropping the file from the page cache"
            w = subprocess.run(["dd", "if=/dev/zero", f"of={path}", "bs=1M", f"count={mb}", "conv=fdatasync"],
                               capture_output=True, text=True, timeout=600)
            fd = os.open(path, os.O_RDONLY)
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            os.close(fd)
            r = subprocess.run(["dd", f"if={path}", "of=/dev/null", "bs=1M"], capture_output=True, text=True,
                               timeout=600)
        else:
            r = subprocess.run(["dd", f"if={path}", "of=/dev/null", "bs=1M", "iflag=direct"], capture_output=True,
                               text=True, timeout=600)
        ws, rs = _dd_rate(w.stderr), _dd_rate(r.stderr)
        out["write_mbps"] = mb / ws if ws else None
        out["read_mbps"] = mb / rs if rs else None
    finally:
        if os.path.exists(path):
            os.unlink(path)
    return out


def md5_speed():
    """MiB/s of one core computing MD5 over 1 MiB blocks (openssl speed, CPU time): a PUT whose ETag is the body's
    MD5 cannot go faster, however many cores, since MD5 is sequential."""
    try:
        out = subprocess.run(["openssl", "speed", "-evp", "md5", "-seconds", "2", "-bytes", str(CHUNK)],
                             capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    m = re.search(r"^md5\s+([\d.]+)k", out, re.M)
    return float(m.group(1)) * 1000 / CHUNK if m else None


def run(peer, args, result, _measure):
    mb = 16 if args.smoke else 100
    runs = 2 if args.smoke else 3
    t = transfers(peer.port, mb, runs)
    result.setdefault("large_transfers", {})[peer.name] = t
    print(f"{peer.name} {mb} MiB x{runs}: PUT {t['put_mbps'] or 0:.0f} MiB/s GET {t['get_mbps'] or 0:.0f} MiB/s"
          + (f" errors {t['errors']}" if t["errors"] else ""), flush=True)
    if peer.name == "Stratus":  # the disk under Stratus's data directory (the peers' temp dirs share it)
        d = disk_speed(peer.tmp, 128 if args.smoke else 1024)
        d["md5_mbps"] = md5_speed()
        result["disk"] = d
        print(f"disk under {d['dir']}: write {d['write_mbps'] or 0:.0f} MiB/s read {d['read_mbps'] or 0:.0f} MiB/s;"
              f" MD5 {d['md5_mbps'] or 0:.0f} MiB/s per core", flush=True)


def large_md(r):
    lt = r.get("large_transfers")
    if not lt:
        return ["", "Large objects (sequential PUT and GET of 100 MB, MiB/s, vs the disk's own sequential speed):"
                    " not measured yet: `./stratus bench --suite s3`."]
    d = r.get("disk") or {}
    out = ["", "| sequential transfers of one large object (streamed, one at a time) | MiB | PUT MiB/s | GET MiB/s |"
               " PUT vs disk write | GET vs disk read |", "|---|---|---|---|---|---|"]

    def vs(x, disk):
        return f"{disk / x:.1f}× slower" if x and disk and x < disk else (f"{x / disk:.1f}× faster" if x and disk
                                                                         else "—")
    for peer, t in lt.items():
        put, get = t.get("put_mbps"), t.get("get_mbps")
        out.append(f"| {peer} | {t['mb']} | {put or 0:,.0f} | {get or 0:,.0f} | {vs(put, d.get('write_mbps'))} |"
                   f" {vs(get, d.get('read_mbps'))} |")
    if d:
        out += ["", f"The disk under Stratus's data directory ({d['method']}, {d['mb']} MiB): write"
                    f" {d.get('write_mbps') or 0:,.0f} MiB/s, read {d.get('read_mbps') or 0:,.0f} MiB/s. moto_server"
                    " keeps objects in memory; the GETs follow the PUTs, so a server on disk may read from the page"
                    " cache and beat the disk's direct read speed too. PUTs compare with O_DIRECT writes; neither"
                    " Stratus (without --sync) nor s3rver fsyncs a body, both leave it to the page cache. Stratus"
                    " computes the body's MD5 (the ETag) and its checksums on a second thread as the body streams in."]
        if d.get("md5_mbps"):
            out += ["", f"MD5 on this CPU (openssl speed -evp md5, 1 MiB blocks, one core): {d['md5_mbps']:,.0f} MiB/s."
                        " MD5 is sequential, so no PUT whose ETag is the body's MD5 (S3's rule for a single PUT) can"
                        " beat it, whatever the disk."]
    return out
