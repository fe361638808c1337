"""Acknowledged writes survive kill -9: IAM roles and log events are there after a restart on the same data dir."""
import json
import time

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                                                            "Action": "sts:AssumeRole"}]})


def test_roles_and_log_events_survive_kill_9(start_server, data_dir):
    s = start_server(data_dir=data_dir)
    iam, logs = s.client("iam"), s.client("logs")
    for i in range(20):
        iam.create_role(RoleName=f"durable-{i}", AssumeRolePolicyDocument=TRUST)
    logs.create_log_group(logGroupName="/durable")
    logs.create_log_stream(logGroupName="/durable", logStreamName="s")
    now = int(time.time() * 1000)
    for batch in range(10):
        logs.put_log_events(logGroupName="/durable", logStreamName="s",
                            logEvents=[{"timestamp": now + batch * 100 + i, "message": f"event {batch}-{i}"} for i in range(50)])
    s.kill9()

    again = start_server(data_dir=data_dir, port=s.port)
    names = {r["RoleName"] for r in again.client("iam").list_roles()["Roles"]}
    assert {f"durable-{i}" for i in range(20)} <= names
    events = again.client("logs").get_log_events(logGroupName="/durable", logStreamName="s", startFromHead=True,
                                                 limit=10000)["events"]
    assert len(events) == 500
    assert events[0]["message"] == "event 0-0" and events[-1]["message"] == "event 9-49"


def test_state_survives_a_clean_restart(start_server, data_dir):
    s = start_server(data_dir=data_dir)
    s.client("logs").create_log_group(logGroupName="/restart")
    s.stop()
    again = start_server(data_dir=data_dir)
    groups = again.client("logs").describe_log_groups(logGroupNamePrefix="/restart")["logGroups"]
    assert [g["logGroupName"] for g in groups] == ["/restart"]


def test_an_s3_event_acknowledged_before_kill_9_is_delivered_after_the_restart(start_server, data_dir):
    s = start_server(data_dir=data_dir)
    s3 = s.client("s3")
    s3.create_bucket(Bucket="durable-events")
    # The queue does not exist yet, so the first delivery attempt fails and the event waits for its retry.
    queue_arn = "arn:aws:sqs:us-east-1:000000000000:late-events"
    s3.put_bucket_notification_configuration(
        Bucket="durable-events", SkipDestinationValidation=True,
        NotificationConfiguration={"QueueConfigurations": [{"QueueArn": queue_arn, "Events": ["s3:ObjectCreated:*"]}]})
    s3.put_object(Bucket="durable-events", Key="acknowledged.txt", Body=b"x")
    s.kill9()

    again = start_server(data_dir=data_dir, port=s.port)
    sqs = again.client("sqs")
    url = sqs.create_queue(QueueName="late-events")["QueueUrl"]
    bodies = []
    deadline = time.time() + 20
    while not bodies and time.time() < deadline:
        for m in sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1).get("Messages", []):
            bodies.append(json.loads(m["Body"]))
    assert len(bodies) == 1
    record = bodies[0]["Records"][0]
    assert record["eventName"] == "ObjectCreated:Put"
    assert record["s3"]["object"]["key"] == "acknowledged.txt"


def test_objects_survive_kill_9_whole(start_server, data_dir):
    """Small bodies (kept in the storage log) and large ones (files) written without --sync, then kill -9."""
    s = start_server(data_dir=data_dir)
    s3 = s.client("s3")
    s3.create_bucket(Bucket="durable")
    bodies = {f"small-{i}": f"small body {i}".encode() * (i + 1) for i in range(20)}
    bodies.update({f"large-{i}": bytes([i]) * (200_000 + i) for i in range(3)})
    for key, body in bodies.items():
        s3.put_object(Bucket="durable", Key=key, Body=body)
    s3.put_object(Bucket="durable", Key="small-0", Body=b"overwritten")
    bodies["small-0"] = b"overwritten"
    s3.delete_object(Bucket="durable", Key="small-1")
    del bodies["small-1"]
    s.kill9()

    s3 = start_server(data_dir=data_dir, port=s.port).client("s3")
    listed = {o["Key"] for o in s3.list_objects_v2(Bucket="durable")["Contents"]}
    assert listed == set(bodies)
    for key, body in bodies.items():
        assert s3.get_object(Bucket="durable", Key=key)["Body"].read() == body
    assert s3.get_object(Bucket="durable", Key="small-5", Range="bytes=2-5")["Body"].read() == bodies["small-5"][2:6]
