# Stratus runtime for python3.x functions: speaks the Lambda Runtime API like AWS's runtime interface client.
import importlib
import json
import logging
import os
import socket
import sys
import time
import traceback

RUNTIME_API = os.environ["AWS_LAMBDA_RUNTIME_API"]
TASK_ROOT = os.environ.get("LAMBDA_TASK_ROOT", "/var/task")
BASE = "/2018-06-01/runtime"


class Response:
    def __init__(self, status, headers):
        self.status = status
        self.headers = headers

    def getheader(self, name):
        return self.headers.get(name.lower())


class Client:
    """One keep-alive connection to the Runtime API; the long poll has no timeout, as AWS requires.

    A few lines of HTTP/1.1 over a socket rather than http.client, whose header parsing (the email package) cost more
    than the rest of a warm invocation. Stratus's Runtime API always answers with Content-Length."""

    def __init__(self):
        host, port = RUNTIME_API.rsplit(":", 1)
        self.address = (host, int(port))
        self.host = RUNTIME_API
        self.sock = None
        self.reader = None

    def connect(self):
        self.close()
        self.sock = socket.create_connection(self.address)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.reader = self.sock.makefile("rb")

    def close(self):
        if self.sock is not None:
            try:
                self.reader.close()
                self.sock.close()
            except OSError:
                pass
        self.sock = None
        self.reader = None

    def encode(self, method, path, body=None, headers=None):
        if isinstance(body, str):
            body = body.encode("utf-8")
        head = "%s %s%s HTTP/1.1\r\nHost: %s\r\n" % (method, BASE, path, self.host)
        for name, value in (headers or {}).items():
            head += "%s: %s\r\n" % (name, value)
        if body is not None:
            head += "Content-Length: %d\r\n" % len(body)
        return (head + "\r\n").encode("latin-1") + (body or b"")

    def request(self, method, path, body=None, headers=None):
        return self.exchange(self.encode(method, path, body, headers), 1)

    def exchange(self, data, responses):
        """Sends one or more requests (HTTP/1.1 pipelining) and returns the last one's response."""
        for attempt in range(2):
            try:
                if self.sock is None:
                    self.connect()
                self.sock.sendall(data)
                for _ in range(responses):
                    if self.reader is None:  # the server closed the connection after the previous answer
                        raise ConnectionError("the Runtime API closed the connection")
                    result = self.read_response()
                return result
            except (OSError, ValueError):
                self.close()
                if attempt:
                    raise

    def read_response(self):
        status_line = self.reader.readline()
        if not status_line:
            raise ConnectionError("the Runtime API closed the connection")
        status = int(status_line.split(None, 2)[1])
        headers = {}
        while True:
            line = self.reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0"))
        body = self.reader.read(length) if length else b""
        if headers.get("connection", "").lower() == "close":
            self.close()
        return Response(status, headers), body


client = Client()


def post(path, payload, error_type=None):
    client.exchange(encode_post(path, payload, error_type), 1)


def encode_post(path, payload, error_type=None):
    headers = {"Content-Type": "application/json"}
    if error_type:
        headers["Lambda-Runtime-Function-Error-Type"] = error_type
    return client.encode("POST", path, body=payload, headers=headers)


NEXT = None  # the GET /next request, encoded once


def answer_and_wait(path, payload):
    """Posts a response and asks for the next event in one write: the runtime does not wait for the 202 before
    polling again (pipelining), which saves a round trip and a wake-up per invocation. Returns the next event."""
    return client.exchange(encode_post(path, payload) + NEXT, 2)


class FaultException(Exception):
    def __init__(self, error_type, message, stack=None):
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.stack = stack or []


def error_document(error_type, message, request_id, stack):
    return {"errorMessage": message, "errorType": error_type, "requestId": request_id, "stackTrace": stack}


def load_handler(handler):
    try:
        module_path, func_name = handler.rsplit(".", 1)
    except ValueError as e:
        raise FaultException("Runtime.MalformedHandlerName", "Bad handler '%s': %s" % (handler, e))
    module_name = module_path.replace("/", ".")
    try:
        module = importlib.import_module(module_name)
    except ImportError as e:
        raise FaultException("Runtime.ImportModuleError", "Unable to import module '%s': %s" % (module_path, e))
    except SyntaxError as e:
        stack = ['  File "%s" Line %s\n    %s\n' % (e.filename, e.lineno, (e.text or "").strip())]
        raise FaultException("Runtime.UserCodeSyntaxError",
                             "Syntax error in module '%s': %s" % (module_path, e), stack)
    except Exception as e:
        stack = traceback.format_list(traceback.extract_tb(e.__traceback__))
        raise FaultException(type(e).__name__,
                             "Unable to import module '%s': %s" % (module_path, e), stack)
    func = getattr(module, func_name, None)
    if func is None:
        # Like AWS's runtime: a missing handler is reported by each invocation, not by Init.
        return FaultException("Runtime.HandlerNotFound",
                              "Handler '%s' missing on module '%s'" % (func_name, module_path))
    return func


class LambdaContext:
    def __init__(self, request_id, deadline_ms, invoked_arn, client_context, cognito_identity):
        self.aws_request_id = request_id
        self._deadline_ms = deadline_ms
        self.invoked_function_arn = invoked_arn
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.client_context = json.loads(client_context) if client_context else None
        self.identity = json.loads(cognito_identity) if cognito_identity else None

    def get_remaining_time_in_millis(self):
        return max(0, int(self._deadline_ms - time.time() * 1000))

    def log(self, msg):
        sys.stdout.write(str(msg))


class RequestIdFilter(logging.Filter):
    request_id = ""

    def filter(self, record):
        record.aws_request_id = RequestIdFilter.request_id
        return True


def setup_logging():
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter(
        "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n", "%Y-%m-%dT%H:%M:%S"))
    handler.formatter.converter = time.gmtime
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(logging.WARNING)


def main():
    # Whole lines reach the log as the function prints them, as on AWS.
    sys.stdout.reconfigure(line_buffering=True)
    sys.stderr.reconfigure(line_buffering=True)
    sys.path.insert(0, TASK_ROOT)
    sys.path.append("/opt/python")
    setup_logging()
    try:
        handler = load_handler(os.environ.get("_HANDLER", ""))
    except FaultException as fault:
        # Import problems fail Init, as AWS's runtime reports them: /init/error, then exit.
        print("[ERROR] %s: %s" % (fault.error_type, fault.message), flush=True)
        post("/init/error", json.dumps(error_document(fault.error_type, fault.message, "", fault.stack)),
             fault.error_type)
        sys.exit(1)
    global NEXT
    NEXT = client.encode("GET", "/invocation/next")
    pending = None  # the next event, when the last response was pipelined with its poll
    while True:
        resp, body = pending if pending is not None else client.exchange(NEXT, 1)
        pending = None
        request_id = resp.getheader("Lambda-Runtime-Aws-Request-Id")
        trace_id = resp.getheader("Lambda-Runtime-Trace-Id")
        if trace_id:
            os.environ["_X_AMZN_TRACE_ID"] = trace_id
        else:
            os.environ.pop("_X_AMZN_TRACE_ID", None)
        RequestIdFilter.request_id = request_id
        if isinstance(handler, FaultException):
            doc = error_document(handler.error_type, handler.message, "", handler.stack)
            print("[ERROR] %s: %s" % (handler.error_type, handler.message), flush=True)
            post("/invocation/%s/error" % request_id, json.dumps(doc), handler.error_type)
            continue
        context = LambdaContext(request_id, int(resp.getheader("Lambda-Runtime-Deadline-Ms") or 0),
                                resp.getheader("Lambda-Runtime-Invoked-Function-Arn"),
                                resp.getheader("Lambda-Runtime-Client-Context"),
                                resp.getheader("Lambda-Runtime-Cognito-Identity"))
        try:
            event = json.loads(body) if body else {}
            result = handler(event, context)
            try:
                payload = json.dumps(result)
            except (TypeError, ValueError) as e:
                raise FaultException("Runtime.MarshalError", "Unable to marshal response: %s" % e)
        except FaultException as fault:
            doc = error_document(fault.error_type, fault.message, request_id, fault.stack)
            print("[ERROR] %s: %s" % (fault.error_type, fault.message), flush=True)
            post("/invocation/%s/error" % request_id, json.dumps(doc), fault.error_type)
            continue
        except Exception as e:
            tb = traceback.extract_tb(e.__traceback__)[1:]  # drop this runtime's frame
            stack = traceback.format_list(tb)
            error_type = type(e).__name__
            doc = error_document(error_type, str(e), request_id, stack)
            sys.stdout.write("[ERROR] %s: %s\rTraceback (most recent call last):\r%s\n"
                             % (error_type, e, "".join(stack).replace("\n", "\r")))
            sys.stdout.flush()
            post("/invocation/%s/error" % request_id, json.dumps(doc), error_type)
            continue
        sys.stdout.flush()
        pending = answer_and_wait("/invocation/%s/response" % request_id, payload)


if __name__ == "__main__":
    main()
