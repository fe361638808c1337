"""Requests as an SDK would send them, for the s3 and sqs suites: a SigV4 Authorization header whose signature is
never checked (Stratus in dev auth mode, moto and ElasticMQ ignore it; s3rver only checks that the access key is its
own, S3RVER, and that X-Amz-Date is within 15 minutes of its clock, so these suites sign with the current time)."""
import time
import urllib.error
import urllib.request

ACCESS_KEY = "S3RVER"


def auth_headers(svc):
    """Authorization and X-Amz-Date for a request to service svc, dated now."""
    now = time.gmtime()
    return {
        "Authorization": f"AWS4-HMAC-SHA256 Credential={ACCESS_KEY}/{time.strftime('%Y%m%d', now)}/us-east-1/{svc}"
                         "/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=" + "0" * 64,
        "X-Amz-Date": time.strftime("%Y%m%dT%H%M%SZ", now),
        "x-amz-content-sha256": "UNSIGNED-PAYLOAD",
    }


def request(port, svc, method, path, headers=None, body=None, timeout=60):
    """Sends one request and returns (status, body bytes); HTTP errors are answers, not exceptions."""
    data = body.encode() if isinstance(body, str) else body
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method,
                                 headers=dict(headers or {}, **auth_headers(svc)))
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def check(answer, what):
    """Returns the body of a 2xx answer, or stops the run: a seed that failed would make every row an error row."""
    status, body = answer
    if not 200 <= status < 300:
        raise RuntimeError(f"{what}: HTTP {status} {body[:300]!r}")
    return body
