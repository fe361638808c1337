"""CloudWatch metrics and alarms through boto3 and the CLI v1 (Smithy RPC v2 CBOR) and Debian's CLI v2 (query)."""
import datetime

import botocore.exceptions
import pytest

from conftest import AWS_CLI_V2


def test_metrics_and_statistics_with_boto3(stratus):
    cw = stratus.client("cloudwatch")
    now = datetime.datetime.now(datetime.timezone.utc).replace(second=0, microsecond=0)
    cw.put_metric_data(Namespace="Py/App", MetricData=[
        {"MetricName": "Latency", "Dimensions": [{"Name": "Route", "Value": "/orders"}], "Timestamp": now,
         "Values": [10.0, 20.0, 30.0], "Counts": [1, 1, 2], "Unit": "Milliseconds"},
        {"MetricName": "Latency", "Dimensions": [{"Name": "Route", "Value": "/orders"}],
         "Timestamp": now + datetime.timedelta(seconds=5), "Value": 50.0, "Unit": "Milliseconds"}])
    stats = cw.get_metric_statistics(Namespace="Py/App", MetricName="Latency",
                                     Dimensions=[{"Name": "Route", "Value": "/orders"}],
                                     StartTime=now, EndTime=now + datetime.timedelta(minutes=1), Period=60,
                                     Statistics=["SampleCount", "Sum", "Maximum"])
    [point] = stats["Datapoints"]
    assert point["SampleCount"] == 5.0 and point["Sum"] == 140.0 and point["Maximum"] == 50.0
    assert point["Timestamp"] == now
    data = cw.get_metric_data(StartTime=now, EndTime=now + datetime.timedelta(minutes=1), MetricDataQueries=[
        {"Id": "p90", "MetricStat": {"Metric": {"Namespace": "Py/App", "MetricName": "Latency",
                                                "Dimensions": [{"Name": "Route", "Value": "/orders"}]},
                                     "Period": 60, "Stat": "p90"}}])["MetricDataResults"][0]
    assert data["Values"] == [50.0] and data["StatusCode"] == "Complete"
    names = [m["MetricName"] for m in cw.list_metrics(Namespace="Py/App")["Metrics"]]
    assert names == ["Latency"]
    with pytest.raises(botocore.exceptions.ClientError) as e:
        cw.put_metric_data(Namespace="AWS/EC2", MetricData=[{"MetricName": "x", "Value": 1}])
    assert e.value.response["Error"]["Code"] == "InvalidParameterValue"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_alarms_with_the_cli(stratus):
    stratus.aws("cloudwatch", "put-metric-alarm", "--alarm-name", "cli-alarm", "--namespace", "Cli/App",
                "--metric-name", "Errors", "--statistic", "Sum", "--period", "60", "--evaluation-periods", "1",
                "--threshold", "1", "--comparison-operator", "GreaterThanOrEqualToThreshold")
    alarms = stratus.aws("cloudwatch", "describe-alarms", "--alarm-names", "cli-alarm")["MetricAlarms"]
    assert alarms[0]["StateValue"] == "INSUFFICIENT_DATA" and alarms[0]["Threshold"] == 1.0
    stratus.aws("cloudwatch", "set-alarm-state", "--alarm-name", "cli-alarm", "--state-value", "ALARM",
                "--state-reason", "by hand")
    history = stratus.aws("cloudwatch", "describe-alarm-history", "--alarm-name", "cli-alarm",
                          "--history-item-type", "StateUpdate")["AlarmHistoryItems"]
    # The background evaluation may already have moved it back (SetAlarmState lasts until the next evaluation).
    assert "Alarm updated from INSUFFICIENT_DATA to ALARM" in [h["HistorySummary"] for h in history]
    stratus.aws("cloudwatch", "delete-alarms", "--alarm-names", "cli-alarm")
    assert stratus.aws("cloudwatch", "describe-alarms", "--alarm-names", "cli-alarm")["MetricAlarms"] == []


@pytest.mark.skipif(AWS_CLI_V2 is None, reason="needs the AWS CLI v2")
def test_query_protocol_with_cli_v2(stratus):
    stratus.aws("cloudwatch", "put-metric-data", "--namespace", "Cli2/App", "--metric-name", "Jobs",
                "--value", "3", "--unit", "Count", "--dimensions", "Queue=emails", cli=AWS_CLI_V2)
    metrics = stratus.aws("cloudwatch", "list-metrics", "--namespace", "Cli2/App", cli=AWS_CLI_V2)["Metrics"]
    assert metrics == [{"Namespace": "Cli2/App", "MetricName": "Jobs",
                        "Dimensions": [{"Name": "Queue", "Value": "emails"}]}]
    now = datetime.datetime.now(datetime.timezone.utc)
    stats = stratus.aws("cloudwatch", "get-metric-statistics", "--namespace", "Cli2/App", "--metric-name", "Jobs",
                        "--dimensions", "Name=Queue,Value=emails", "--statistics", "Sum", "--period", "60",
                        "--start-time", (now - datetime.timedelta(minutes=5)).isoformat(),
                        "--end-time", (now + datetime.timedelta(minutes=1)).isoformat(), cli=AWS_CLI_V2)
    assert [p["Sum"] for p in stats["Datapoints"]] == [3.0]
    out = stratus.aws("cloudwatch", "set-alarm-state", "--alarm-name", "missing", "--state-value", "OK",
                      "--state-reason", "x", cli=AWS_CLI_V2, check=False)
    assert out.returncode != 0 and "ResourceNotFound" in out.stderr
