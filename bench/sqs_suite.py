"""The sqs suite: JSON-protocol (AmazonSQS.X targets) send, receive-and-delete and attribute workloads, and seeding.
Queue URLs differ per server, so bodies are built from the URLs each server returned to CreateQueue."""
import json

from signed import check, request

BODY_256 = "m" * 256


def target(op):
    return {"Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "AmazonSQS." + op}


def receive_delete_lua(ctx):
    """A wrk script that alternates ReceiveMessage and DeleteMessage: each received handle is deleted by the next
    request of the same wrk thread. Empty receives (a drained queue) answer 200 too, so done() prints how many
    receives and handles there were and the harness reports the difference."""
    url = ctx["queue_url"]
    receive = json.dumps({"QueueUrl": url, "MaxNumberOfMessages": 1})
    recv_headers = "{" + ", ".join(f'["{k}"] = {json.dumps(v)}' for k, v in target("ReceiveMessage").items()) + "}"
    del_headers = "{" + ", ".join(f'["{k}"] = {json.dumps(v)}' for k, v in target("DeleteMessage").items()) + "}"
    return f"""
local threads = {{}}
function setup(thread)
  table.insert(threads, thread)
end
local handles = {{}}
receives, got = 0, 0
local function with_auth(h)
  for k, v in pairs(wrk.headers) do if h[k] == nil then h[k] = v end end
  return h
end
function request()
  local h = table.remove(handles)
  if h then
    return wrk.format("POST", nil, with_auth({del_headers}),
      '{{"QueueUrl":{json.dumps(url)},"ReceiptHandle":"' .. h .. '"}}')
  end
  receives = receives + 1
  return wrk.format("POST", nil, with_auth({recv_headers}), {json.dumps(receive)})
end
function response(status, headers, body)
  local h = string.match(body, '"ReceiptHandle"%s*:%s*"([^"]+)"')
  if h then
    got = got + 1
    table.insert(handles, h)
  end
end
function done(summary, latency, requests)
  local r, g = 0, 0
  for _, t in ipairs(threads) do
    r = r + t:get("receives")
    g = g + t:get("got")
  end
  io.write(string.format("RECEIVES %d MESSAGES %d\\n", r, g))
end
"""


def batch_body(ctx):
    return json.dumps({"QueueUrl": ctx["queue_url"], "Entries": [
        {"Id": str(i), "MessageBody": BODY_256} for i in range(10)]})


WORKLOADS = {
    "SendMessage": dict(svc="sqs", headers=target("SendMessage"),
                        body=lambda ctx: json.dumps({"QueueUrl": ctx["queue_url"], "MessageBody": BODY_256})),
    "SendMessageBatch10": dict(svc="sqs", headers=target("SendMessageBatch"), body=batch_body),
    # Runs after the two send workloads, which leave the queue with far more messages than it can consume.
    "ReceiveDelete": dict(svc="sqs", headers=target("ReceiveMessage"), lua=receive_delete_lua,
                          body=lambda ctx: json.dumps({"QueueUrl": ctx["queue_url"], "MaxNumberOfMessages": 1})),
    "GetQueueAttributes": dict(svc="sqs", headers=target("GetQueueAttributes"),
                               body=lambda ctx: json.dumps({"QueueUrl": ctx["attrs_url"], "AttributeNames": ["All"]})),
    "ListQueues": dict(svc="sqs", headers=target("ListQueues"), body="{}"),
}
ORDER = ["SendMessage", "SendMessageBatch10", "ReceiveDelete", "GetQueueAttributes"]


def create_queue(port, name):
    body = check(request(port, "sqs", "POST", "/", target("CreateQueue"), json.dumps({"QueueName": name})),
                 f"CreateQueue {name}")
    return json.loads(body)["QueueUrl"]


def seed(port, ctx):
    """Two queues: one the send workloads fill and ReceiveDelete drains (1,000 messages to start with, so it also
    works alone; more would take moto_server minutes, whose sends slow down as its queue grows), one of 100 messages
    whose attributes are read."""
    ctx["queue_url"] = create_queue(port, "bench")
    ctx["attrs_url"] = create_queue(port, "bench-attrs")
    for url, batches in ((ctx["queue_url"], 100), (ctx["attrs_url"], 10)):
        for _ in range(batches):
            check(request(port, "sqs", "POST", "/", target("SendMessageBatch"), batch_body({"queue_url": url})),
                  "SendMessageBatch")
