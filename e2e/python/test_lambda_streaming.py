"""InvokeWithResponseStream through boto3: each chunk a function writes reaches the caller while it still runs."""
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from test_lambda import ROLE, zip_of

# Writes a chunk, then waits for the caller's go-ahead (an HTTP GET the test answers only once it has read that
# chunk) before writing the second: a response collected before it is sent could never finish.
HANDSHAKE = zip_of({"index.mjs": """
export const handler = awslambda.streamifyResponse(async (event, responseStream) => {
  responseStream.write('first');
  const go = await fetch(event.go);
  responseStream.write('second:' + await go.text());
  responseStream.end();
});
"""})


def test_chunks_arrive_while_the_function_runs(stratus):
    first_chunk_read = threading.Event()
    answered = []

    class Gate(BaseHTTPRequestHandler):
        def do_GET(self):
            received = first_chunk_read.wait(30)
            answered.append(received)
            body = b"go" if received else b"never got the first chunk"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    gate = ThreadingHTTPServer(("127.0.0.1", 0), Gate)
    threading.Thread(target=gate.serve_forever, daemon=True).start()
    try:
        lam = stratus.client("lambda")
        lam.create_function(FunctionName="py-streamer", Runtime="nodejs20.x", Role=ROLE, Handler="index.handler",
                            Code={"ZipFile": HANDSHAKE}, Timeout=60)
        lam.get_waiter("function_active_v2").wait(FunctionName="py-streamer")
        out = lam.invoke_with_response_stream(
            FunctionName="py-streamer", Payload=json.dumps({"go": f"http://127.0.0.1:{gate.server_port}/go"}))
        assert out["StatusCode"] == 200
        assert out["ResponseStreamContentType"] == "application/vnd.amazon.eventstream"
        chunks, complete = [], []
        for event in out["EventStream"]:
            if "PayloadChunk" in event:
                chunks.append(event["PayloadChunk"]["Payload"].decode())
                first_chunk_read.set()
            elif "InvokeComplete" in event:
                complete.append(event["InvokeComplete"])
        assert answered == [True]
        assert chunks == ["first", "second:go"]
        assert len(complete) == 1 and "ErrorCode" not in complete[0]
    finally:
        gate.shutdown()
