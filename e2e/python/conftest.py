"""Fixtures that start the Stratus jar (a real process) for boto3 and AWS CLI tests."""
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request

import boto3
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
JAR = os.environ.get("STRATUS_JAR", os.path.join(ROOT, "server", "target", "stratus-all.jar"))


def java():
    home = os.environ.get("JAVA_HOME")
    if home:
        return os.path.join(home, "bin", "java")
    out = subprocess.run([os.path.join(ROOT, "stratus"), "java"], capture_output=True, text=True, check=True)
    return os.path.join(out.stdout.strip(), "bin", "java")


def find_cli_v2():
    """The AWS CLI v2 (Debian's awscli package; `aws logs tail` exists only in v2), or None."""
    for cand in ("/usr/bin/aws", shutil.which("aws")):
        if cand and os.path.exists(cand):
            out = subprocess.run([cand, "--version"], capture_output=True, text=True)
            if (out.stdout + out.stderr).startswith("aws-cli/2"):
                return cand
    return None


AWS_CLI_V2 = find_cli_v2()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A Stratus process on a free port; `data_dir=None` runs in memory."""

    def __init__(self, data_dir=None, extra_args=(), port=None, jvm_args=()):
        self.port = port or free_port()
        self.data_dir = data_dir
        args = [java(), "--enable-native-access=ALL-UNNAMED", *jvm_args, "-jar", JAR, "start", "--port", str(self.port),
                "--quiet"]
        args += ["--data-dir", data_dir] if data_dir else ["--in-memory"]
        args += list(extra_args)
        self.log = tempfile.NamedTemporaryFile(prefix="stratus-", suffix=".log", delete=False)
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        self.wait_healthy()

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.port}"

    def health(self):
        with urllib.request.urlopen(self.endpoint + "/_stratus/health", timeout=2) as r:
            return json.loads(r.read())

    def wait_healthy(self, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("stratus exited early: " + open(self.log.name).read())
            try:
                self.health()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("stratus did not become healthy: " + open(self.log.name).read())

    def client(self, service, **kw):
        return boto3.client(service, endpoint_url=kw.pop("endpoint_url", self.endpoint), region_name=kw.pop("region_name", "us-east-1"),
                            aws_access_key_id=kw.pop("key", "test"), aws_secret_access_key=kw.pop("secret", "test"), **kw)

    def cli_env(self):
        env = dict(os.environ)
        env.update(AWS_ENDPOINT_URL=self.endpoint, AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test",
                   AWS_DEFAULT_REGION="us-east-1", AWS_PAGER="")
        env.pop("AWS_PROFILE", None)
        return env

    def aws(self, *args, check=True, cli="aws"):
        """Runs the AWS CLI against this server; returns parsed JSON output (or text when not JSON).

        `--endpoint-url` is passed explicitly: Debian's CLI v2 (2.9) predates AWS_ENDPOINT_URL."""
        out = subprocess.run([cli, "--endpoint-url", self.endpoint, *args], env=self.cli_env(), capture_output=True,
                             text=True, timeout=60)
        if check and out.returncode != 0:
            raise AssertionError(f"aws {' '.join(args)} failed ({out.returncode}): {out.stderr}")
        if not check:
            return out
        try:
            return json.loads(out.stdout) if out.stdout.strip() else None
        except ValueError:
            return out.stdout

    def kill9(self):
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill9()


@pytest.fixture(scope="session")
def stratus():
    server = Server()
    yield server
    server.stop()


@pytest.fixture
def data_dir():
    d = tempfile.mkdtemp(prefix="stratus-data-")
    yield d
    shutil.rmtree(d, ignore_errors=True)


@pytest.fixture
def start_server():
    """Starts extra servers for a test (restarts, kill -9) and stops them afterwards."""
    started = []

    def start(**kw):
        s = Server(**kw)
        started.append(s)
        return s

    yield start
    for s in started:
        s.stop()


NODE_DIR = os.path.join(ROOT, "e2e", "node")


@pytest.fixture(scope="session")
def node_clients():
    """The Node.js clients of e2e/node with their npm dependencies installed (`npm ci`, from the lockfile)."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        raise RuntimeError("the Node.js tests need node and npm on the PATH (install nodejs and npm)")
    if not os.path.isdir(os.path.join(NODE_DIR, "node_modules", "ws")):
        subprocess.run([npm, "ci", "--prefix", NODE_DIR, "--no-audit", "--no-fund"], check=True, timeout=300)
    return NODE_DIR
