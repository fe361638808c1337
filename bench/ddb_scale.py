"""The dynamodb-scale suite: a table grown to 10k, 100k and 1M small items (BatchWriteItem of 25 from several
concurrent writers), with a Query of one 100-item page of one partition measured at each size: the cost should follow
the page, not the table. Stratus only: dynalite and moto_server take far too long to load a million items."""
import http.client
import json
import time
from concurrent.futures import ProcessPoolExecutor

from signed import auth_headers, check, request

TABLE = "scale"
HEADERS = {"Content-Type": "application/x-amz-json-1.0"}
SIZES = (10_000, 100_000, 1_000_000)
SMOKE_SIZES = (20_000,)
WRITERS = 4


def target(op):
    return dict(HEADERS, **{"X-Amz-Target": "DynamoDB_20120810." + op})


QUERY = json.dumps({"TableName": TABLE, "KeyConditionExpression": "pk = :p",
                    "ExpressionAttributeValues": {":p": {"S": "q"}}, "Limit": 100})
WORKLOADS = {"QueryPage100": dict(svc="dynamodb", method="POST", headers=target("Query"), body=QUERY)}


def seed(port, _ctx):
    check(request(port, "dynamodb", "POST", "/", target("CreateTable"), json.dumps({
        "TableName": TABLE, "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                 {"AttributeName": "sk", "AttributeType": "N"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}]})),
          "CreateTable")
    _write_range(port, 0, 100, partition="q")  # the queried partition: exactly one page


def _batch(start, end, partition):
    items = [{"PutRequest": {"Item": {"pk": {"S": partition or f"p{i // 100}"}, "sk": {"N": str(i)},
                                      "v": {"S": "v" * 32}}}} for i in range(start, end)]
    return json.dumps({"RequestItems": {TABLE: items}})


def _write_range(port, start, end, partition=None):
    """Writes items [start, end) over one keep-alive connection, 25 per BatchWriteItem, resending unprocessed ones."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        for s in range(start, end, 25):
            body = _batch(s, min(s + 25, end), partition)
            while body:
                conn.request("POST", "/", body, dict(target("BatchWriteItem"), **auth_headers("dynamodb")))
                r = conn.getresponse()
                answer = r.read()
                if r.status != 200:
                    raise RuntimeError(f"BatchWriteItem: HTTP {r.status} {answer[:300]!r}")
                left = json.loads(answer).get("UnprocessedItems", {}).get(TABLE)
                body = json.dumps({"RequestItems": {TABLE: left}}) if left else None
    finally:
        conn.close()
    return end - start


def grow(port, have, want, writers=WRITERS):
    """Adds items [have, want) from `writers` processes; returns the wall time in seconds."""
    step = -(-(want - have) // writers)
    t0 = time.perf_counter()
    with ProcessPoolExecutor(writers) as pool:
        done = sum(pool.map(_write_range, [port] * writers, range(have, want, step),
                            [min(s + step, want) for s in range(have, want, step)]))
    assert done == want - have, (done, want - have)
    return time.perf_counter() - t0


def run(peer, args, result, measure):
    """Grows the table size by size and measures QueryPage100 at 1 connection after each step."""
    sizes = SMOKE_SIZES if args.smoke else SIZES
    have, loads = 0, []
    for size in sizes:
        wall = grow(peer.port, have, size)
        loads.append({"from": have, "to": size, "wall_s": wall, "items_per_s": (size - have) / wall})
        print(f"{peer.name} loaded {have:,} -> {size:,} items in {wall:.1f} s ({(size - have) / wall:,.0f} items/s)",
              flush=True)
        have = size
        page = json.loads(check(request(peer.port, "dynamodb", "POST", "/", target("Query"), QUERY), "Query"))
        if page.get("Count") != 100:  # the row must measure a full page, not an empty or short answer
            raise RuntimeError(f"Query answered {page.get('Count')} items, not 100")
        med = measure("QueryPage100", 1)
        result["requests"].setdefault(f"QueryPage100 @ {size:,} items", {}).setdefault("1", {})[peer.name] = med
        print(f"{peer.name} QueryPage100 at {size:,} items: {med['rps']:.0f} req/s p50 {med['p50_ms']:.3f} ms"
              f" p99 {med['p99_ms']:.3f} ms non2xx {med['non2xx']}", flush=True)
    result.setdefault("load", {})[peer.name] = loads


def load_md(r):
    if not r.get("load"):
        return []
    out = ["", "| load (BatchWriteItem of 25, "
               f"{WRITERS} concurrent writers, ~60-byte items) | items | wall s | items/s |", "|---|---|---|---|"]
    for peer, loads in r["load"].items():
        for step in loads:
            out.append(f"| {peer} | {step['from']:,} → {step['to']:,} | {step['wall_s']:.1f} |"
                       f" {step['items_per_s']:,.0f} |")
    return out
