# Stratus runtime for python3.x functions: speaks the Lambda Runtime API like AWS's runtime interface client.
#
# Start-up is part of every cold start, so this file imports only what is built in or cheap: socket, json, logging
# and traceback each pull in enum, re and functools (about as much CPU as the interpreter's own start); they are
# replaced by their C cores (_socket, _json) or imported when first needed.
import importlib
import os
import sys
import time

import _socket


def add_site_packages():
    """The interpreter runs with -S: the host's site-packages directories are appended to sys.path (where AWS's
    runtime has them, after the standard library) without running the import lines of their .pth files, which on
    a developer machine can cost more than a hello world's whole Init (certifi patches, setuptools' distutils shim)
    and have no counterpart on AWS. Path lines of .pth files are honoured."""
    import site
    for directory in site.getsitepackages():
        if not os.path.isdir(directory) or directory in sys.path:
            continue
        sys.path.append(directory)
        try:
            names = sorted(n for n in os.listdir(directory) if n.endswith(".pth"))
        except OSError:
            continue
        for name in names:
            try:
                with open(os.path.join(directory, name), encoding="utf-8") as f:
                    lines = f.read().splitlines()
            except (OSError, UnicodeDecodeError):
                continue
            for line in lines:
                if not line.strip() or line.startswith(("#", "import ", "import\t")):
                    continue
                entry = os.path.join(directory, line.rstrip())
                if entry not in sys.path and os.path.exists(entry):
                    sys.path.append(entry)
    site.setquit()  # exit() and quit(), which site defines
    site.sethelper()


if sys.flags.no_site:
    add_site_packages()


class LazyModule:
    """A module imported on first use (traceback: only errors need it)."""

    def __init__(self, name):
        self._name = name

    def __getattr__(self, attr):
        module = importlib.import_module(self._name)
        globals()[self._name] = module
        return getattr(module, attr)


traceback = LazyModule("traceback")


class FastJson:
    """json.loads and json.dumps (default settings) straight over the json module's C core: importing json itself
    costs several milliseconds of every cold start (re, enum). The function's own `import json` is untouched."""

    def __init__(self):
        import _json
        nan = float("nan")
        inf = float("inf")
        self.strict = True
        self.object_hook = None
        self.object_pairs_hook = None
        self.parse_float = float
        self.parse_int = int
        self.parse_constant = {"-Infinity": -inf, "Infinity": inf, "NaN": nan}.__getitem__
        self._scan = _json.make_scanner(self)
        self._encode_str = _json.encode_basestring_ascii
        self._make_encoder = _json.make_encoder

    @staticmethod
    def _default(o):
        raise TypeError("Object of type %s is not JSON serializable" % o.__class__.__name__)

    def dumps(self, obj):
        if isinstance(obj, str):
            return self._encode_str(obj)
        encode = self._make_encoder({}, self._default, self._encode_str, None, ": ", ", ", False, False, True)
        return "".join(encode(obj, 0))

    def loads(self, s):
        if isinstance(s, (bytes, bytearray)):
            s = s.decode("utf-8")
        start = len(s) - len(s.lstrip(" \t\n\r"))
        try:
            obj, end = self._scan(s, start)
        except StopIteration:
            raise ValueError("Expecting value: char %d" % start) from None
        if s[end:].strip(" \t\n\r"):
            raise ValueError("Extra data: char %d" % end)
        return obj


def fast_json():
    """FastJson where this interpreter's C core behaves as json's own, else the json module."""
    try:
        fast = FastJson()
        if (fast.dumps({"a": [1, 2.5, None, True, "\u00e9"]}) == '{"a": [1, 2.5, null, true, "\\u00e9"]}'
                and fast.loads(b' {"a": [1, 2.5e0, null, true, "\\u00e9"]} ') == {"a": [1, 2.5, None, True, "\u00e9"]}):
            return fast
    except Exception:
        pass
    return importlib.import_module("json")


json = fast_json()

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
    than the rest of a warm invocation; a response's head is split in one go rather than read line by line, as one
    recv usually brings both the 202 and the next event. Stratus's Runtime API always answers with Content-Length."""

    def __init__(self):
        host, port = RUNTIME_API.rsplit(":", 1)
        self.address = (host, int(port))
        self.host = RUNTIME_API
        self.sock = None
        self.reader = None  # not None while connected
        self.buffer = b""  # received, not yet consumed

    def connect(self):
        self.close()
        self.sock = _socket.socket(_socket.AF_INET, _socket.SOCK_STREAM)
        self.sock.connect(self.address)
        self.sock.setsockopt(_socket.IPPROTO_TCP, _socket.TCP_NODELAY, 1)
        self.reader = self.sock
        self.buffer = b""

    def close(self):
        if self.sock is not None:
            try:
                self.sock.close()
            except OSError:
                pass
        self.sock = None
        self.reader = None
        self.buffer = b""

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
        data = self.buffer
        end = data.find(b"\r\n\r\n")
        while end < 0:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("the Runtime API closed the connection")
            data += chunk
            end = data.find(b"\r\n\r\n", max(0, len(data) - len(chunk) - 3))
        lines = data[:end].decode("latin-1").split("\r\n")
        status = int(lines[0].split(None, 2)[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0"))
        start = end + 4
        if len(data) - start < length:
            body = bytearray(length)
            view = memoryview(body)
            have = len(data) - start
            view[:have] = data[start:]
            while have < length:
                n = self.sock.recv_into(view[have:])
                if not n:
                    raise ConnectionError("the Runtime API closed the connection")
                have += n
            body = bytes(body)
            self.buffer = b""
        else:
            body = data[start:start + length]
            self.buffer = data[start + length:]
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


RESPONSE_HEAD = None  # the parts of a response post around its request id and length, encoded once


class PeakMemory:
    """The Stratus-Peak-Rss header of a response: this process's pid and peak resident set in KB (getrusage's
    ru_maxrss, the kernel's VmHWM), so that Stratus need not read this process's /proc files for REPORT's Max Memory
    Used on every invocation. The resource module is imported on the second invocation rather than in Init, whose
    time every cold start pays; the first response goes without the header (Stratus then reads /proc)."""
    rusage = None
    pid = b"0"

    @classmethod
    def header(cls):
        if cls.rusage is None:
            cls.rusage = False
            return b""
        if cls.rusage is False:
            try:
                import resource
                usage = resource.getrusage
                cls.rusage = lambda: usage(resource.RUSAGE_SELF).ru_maxrss
                cls.pid = b"%d" % os.getpid()
            except Exception:
                cls.header = classmethod(lambda c: b"")
                return b""
        return b"Stratus-Peak-Rss: %s %d\r\n" % (cls.pid, cls.rusage())


def answer_and_wait(request_id, payload):
    """Posts a response and asks for the next event in one write: the runtime does not wait for the 202 before
    polling again (pipelining), which saves a round trip and a wake-up per invocation. Returns the next event."""
    body = payload.encode("utf-8")
    before, middle, length, after = RESPONSE_HEAD
    return client.exchange(b"".join((before, request_id.encode("latin-1"), middle, PeakMemory.header(), length,
                                     b"%d" % len(body), after, body, NEXT)), 2)


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
    # The environment's own values, read once (os.environ lookups cost more than the rest of a context).
    FUNCTION_NAME = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
    FUNCTION_VERSION = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
    MEMORY_SIZE = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
    LOG_GROUP_NAME = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
    LOG_STREAM_NAME = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")

    def __init__(self, request_id, deadline_ms, invoked_arn, client_context, cognito_identity):
        self.aws_request_id = request_id
        self._deadline_ms = deadline_ms
        self.invoked_function_arn = invoked_arn
        self.function_name = LambdaContext.FUNCTION_NAME
        self.function_version = LambdaContext.FUNCTION_VERSION
        self.memory_limit_in_mb = LambdaContext.MEMORY_SIZE
        self.log_group_name = LambdaContext.LOG_GROUP_NAME
        self.log_stream_name = LambdaContext.LOG_STREAM_NAME
        self.client_context = json.loads(client_context) if client_context else None
        self.identity = json.loads(cognito_identity) if cognito_identity else None

    def get_remaining_time_in_millis(self):
        return max(0, int(self._deadline_ms - time.time() * 1000))

    def log(self, msg):
        sys.stdout.write(str(msg))


class RequestIdFilter:
    """Adds the request id to log records (logging takes any object with a filter method)."""
    request_id = ""

    def filter(self, record):
        record.aws_request_id = RequestIdFilter.request_id
        return True


class ConfigureLoggingOnImport:
    """Sets up logging as AWS's runtime does the moment the function (or a library) imports it, rather than at
    start-up: importing logging costs more than a hello world's whole Init."""

    def find_spec(self, name, path=None, target=None):
        if name != "logging":
            return None
        sys.meta_path.remove(self)
        spec = None
        for finder in sys.meta_path:
            find = getattr(finder, "find_spec", None)
            spec = find(name, path, target) if find else None
            if spec is not None:
                break
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        run = spec.loader.exec_module

        def exec_module(module):
            run(module)
            setup_logging(module)

        spec.loader.exec_module = exec_module
        return spec


def configure_logging_on_import():
    if "logging" in sys.modules:
        setup_logging(sys.modules["logging"])
    else:
        sys.meta_path.insert(0, ConfigureLoggingOnImport())


def setup_logging(logging):
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
    configure_logging_on_import()
    try:
        handler = load_handler(os.environ.get("_HANDLER", ""))
    except FaultException as fault:
        # Import problems fail Init, as AWS's runtime reports them: /init/error, then exit.
        print("[ERROR] %s: %s" % (fault.error_type, fault.message), flush=True)
        post("/init/error", json.dumps(error_document(fault.error_type, fault.message, "", fault.stack)),
             fault.error_type)
        sys.exit(1)
    global NEXT, RESPONSE_HEAD
    NEXT = client.encode("GET", "/invocation/next")
    # The same bytes as encode_post("/invocation/<id>/response", payload), split where the id, the memory header and
    # the length go.
    RESPONSE_HEAD = tuple(part.encode("latin-1") for part in (
        "POST %s/invocation/" % BASE,
        "/response HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\n" % client.host,
        "Content-Length: ",
        "\r\n\r\n"))
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
        pending = answer_and_wait(request_id, payload)


if __name__ == "__main__":
    main()
