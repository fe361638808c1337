"""The issue's quick start, with nothing but the AWS CLI."""
import json
import subprocess
import time

from conftest import AWS_CLI_V2


def cli_v2():
    assert AWS_CLI_V2, "`aws logs tail` needs the AWS CLI v2 (apt-get install awscli); .ci/run installs it"
    return AWS_CLI_V2


def test_quick_start_with_the_cli(stratus):
    assert stratus.aws("sts", "get-caller-identity")["Account"] == "000000000000"
    stratus.aws("logs", "create-log-group", "--log-group-name", "/demo")
    stratus.aws("logs", "create-log-stream", "--log-group-name", "/demo", "--log-stream-name", "s1")
    now = int(time.time() * 1000)
    stratus.aws("logs", "put-log-events", "--log-group-name", "/demo", "--log-stream-name", "s1",
                "--log-events", json.dumps([{"timestamp": now, "message": "hello from the cli"}]))
    out = stratus.aws("logs", "tail", "/demo", "--since", "5m", cli=cli_v2())
    assert "hello from the cli" in out


def test_logs_tail_follow_shows_new_events(stratus):
    stratus.aws("logs", "create-log-group", "--log-group-name", "/follow")
    stratus.aws("logs", "create-log-stream", "--log-group-name", "/follow", "--log-stream-name", "s")
    proc = subprocess.Popen([cli_v2(), "--endpoint-url", stratus.endpoint, "logs", "tail", "/follow", "--follow",
                             "--since", "1m"], env=stratus.cli_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(2)
        stratus.client("logs").put_log_events(logGroupName="/follow", logStreamName="s",
                                              logEvents=[{"timestamp": int(time.time() * 1000), "message": "live line"}])
        deadline = time.time() + 20
        seen = ""
        import select
        while time.time() < deadline and "live line" not in seen:
            ready, _, _ = select.select([proc.stdout], [], [], 1)
            if ready:
                seen += proc.stdout.readline()
        assert "live line" in seen
    finally:
        proc.kill()
        proc.wait()


def test_iam_role_round_trip_with_the_cli(stratus):
    doc = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                                                              "Action": "sts:AssumeRole"}]})
    created = stratus.aws("iam", "create-role", "--role-name", "cli-role", "--assume-role-policy-document", doc)
    assert created["Role"]["Arn"] == "arn:aws:iam::000000000000:role/cli-role"
    got = stratus.aws("iam", "get-role", "--role-name", "cli-role")
    assert got["Role"]["RoleName"] == "cli-role"
    missing = stratus.aws("iam", "get-role", "--role-name", "nope", check=False)
    assert missing.returncode != 0 and "NoSuchEntity" in missing.stderr
    creds = stratus.aws("sts", "assume-role", "--role-arn", created["Role"]["Arn"], "--role-session-name", "s1")
    assert creds["Credentials"]["AccessKeyId"].startswith("ASIA")
