"""S3 object bodies stream through a started Stratus jar: a 1 GiB upload never needs 1 GiB of memory."""
import hashlib
import os
import shutil
import socket
import tempfile
import time
import uuid

import pytest
from boto3.s3.transfer import TransferConfig
from botocore.exceptions import ClientError
from conftest import Server

GIB = 1024 * 1024 * 1024
MIB = 1024 * 1024
# The server's peak resident memory may grow by far less than the 1 GiB objects it stores and serves.
MAX_GROWTH_BYTES = 256 * MIB
# The heap settings `./stratus start` uses (the JVM's defaults would let an idle heap grow to a quarter of the RAM).
LAUNCHER_JVM_ARGS = ("-XX:+UseSerialGC", "-Xms56m", "-Xmn40m", "-XX:SurvivorRatio=3",
                     "-XX:TargetSurvivorRatio=90", "-XX:MaxTenuringThreshold=4", "-XX:MetaspaceSize=64m",
                     "-XX:MinHeapFreeRatio=5", "-XX:MaxHeapFreeRatio=20")


def peak_rss_bytes(pid):
    """The process's high-water mark of resident memory (VmHWM) from /proc."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    raise AssertionError("no VmHWM for process %d" % pid)


@pytest.fixture(scope="module")
def big_file(tmp_path_factory):
    """A 1 GiB file of varied bytes, written 1 MiB at a time, and its MD5."""
    path = tmp_path_factory.mktemp("big") / "one-gib.bin"
    md5 = hashlib.md5()
    block = bytearray(os.urandom(MIB))
    with open(path, "wb") as f:
        for i in range(GIB // MIB):
            block[0:8] = i.to_bytes(8, "big")
            f.write(block)
            md5.update(block)
    yield str(path), md5.hexdigest()
    os.remove(path)


@pytest.fixture(scope="module")
def data_dir():
    d = tempfile.mkdtemp(prefix="stratus-stream-")
    yield d
    shutil.rmtree(d, ignore_errors=True)


@pytest.fixture(scope="module")
def server(data_dir):
    """One server for the module, with a data directory so its temp files can be inspected."""
    s = Server(data_dir=data_dir, jvm_args=LAUNCHER_JVM_ARGS)
    s.baseline = peak_rss_bytes(s.proc.pid)
    print(f"server VmHWM at start: {s.baseline // MIB} MiB")
    yield s
    s.stop()


def test_a_one_gib_put_and_get_stream_without_holding_the_object(server, big_file):
    path, md5 = big_file
    s3 = server.client("s3")
    bucket = f"stream-{uuid.uuid4().hex[:8]}"
    s3.create_bucket(Bucket=bucket)

    with open(path, "rb") as body:
        etag = s3.put_object(Bucket=bucket, Key="one-gib.bin", Body=body)["ETag"]
    assert etag == f'"{md5}"'
    after_put = peak_rss_bytes(server.proc.pid)

    got = s3.get_object(Bucket=bucket, Key="one-gib.bin")
    assert got["ContentLength"] == GIB
    downloaded = hashlib.md5()
    for chunk in got["Body"].iter_chunks(chunk_size=MIB):
        downloaded.update(chunk)
    assert downloaded.hexdigest() == md5
    after_get = peak_rss_bytes(server.proc.pid)

    print(f"server VmHWM after 1 GiB put: {after_put // MIB} MiB, after get: {after_get // MIB} MiB")
    assert after_put - server.baseline < MAX_GROWTH_BYTES
    assert after_get - server.baseline < MAX_GROWTH_BYTES


def test_a_one_gib_multipart_upload_file_streams_its_parts(server, big_file):
    path, md5 = big_file
    s3 = server.client("s3")
    bucket = f"stream-{uuid.uuid4().hex[:8]}"
    s3.create_bucket(Bucket=bucket)

    # One part at a time: with several parts in flight the server currently holds part bodies in Helidon's
    # connection buffers (a known defect, see docs/compatibility/s3.md), which this test would rightly fail on.
    s3.upload_file(path, bucket, "parts.bin",
                   Config=TransferConfig(multipart_threshold=64 * MIB, multipart_chunksize=64 * MIB, max_concurrency=1))
    head = s3.head_object(Bucket=bucket, Key="parts.bin")
    assert head["ContentLength"] == GIB
    assert head["ETag"].endswith('-16"')
    peak = peak_rss_bytes(server.proc.pid)
    print(f"server VmHWM after 1 GiB multipart upload: {peak // MIB} MiB")
    assert peak - server.baseline < MAX_GROWTH_BYTES


def test_an_upload_cut_off_mid_body_leaves_no_object_and_no_temp_file(server, data_dir):
    s3 = server.client("s3")
    bucket = f"stream-{uuid.uuid4().hex[:8]}"
    s3.create_bucket(Bucket=bucket)
    head = (f"PUT /{bucket}/cut.bin HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
            "Authorization: AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request, "
            "SignedHeaders=host, Signature=00\r\n"
            "x-amz-content-sha256: UNSIGNED-PAYLOAD\r\n"
            f"Content-Length: {256 * MIB}\r\n\r\n").encode()
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        sock.sendall(head)
        sock.sendall(os.urandom(8 * MIB))
    tmp = os.path.join(data_dir, "s3", "objects", "tmp")
    # The server notices the closed connection on its own thread: poll (bounded) for the temp file to go.
    deadline = time.time() + 10
    while os.listdir(tmp) and time.time() < deadline:
        time.sleep(0.05)
    assert os.listdir(tmp) == []
    with pytest.raises(ClientError) as e:
        s3.head_object(Bucket=bucket, Key="cut.bin")
    assert e.value.response["Error"]["Code"] == "404"


def test_a_declared_size_over_5_gib_is_refused_on_the_headers(server):
    s3 = server.client("s3")
    bucket = f"stream-{uuid.uuid4().hex[:8]}"
    s3.create_bucket(Bucket=bucket)
    proposed = 5 * GIB + 1
    head = (f"PUT /{bucket}/huge.bin HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
            "Authorization: AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request, "
            "SignedHeaders=host, Signature=00\r\n"
            "x-amz-content-sha256: UNSIGNED-PAYLOAD\r\nExpect: 100-continue\r\n"
            f"Content-Length: {proposed}\r\n\r\n").encode()
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(head)
        answer = b""
        while b"</Error>" not in answer:
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
    text = answer.decode()
    assert text.startswith("HTTP/1.1 400")
    assert "100 Continue" not in text
    assert "<Code>EntityTooLarge</Code>" in text
    assert f"<ProposedSize>{proposed}</ProposedSize>" in text
    assert "<MaxSizeAllowed>5368709120</MaxSizeAllowed>" in text
